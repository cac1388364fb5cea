import { describe, it, expect } from '@jest/globals';
import { readUsage, type UsageSourceOptions } from '../../src/sources/index.js';

const base = { window: { start: '2026-11-01T00:00:00Z', end: '2026-11-20T00:00:00Z' }, principalArns: [] };

describe('readUsage refuses incomplete options with the flag to add', () => {
  it.each<[UsageSourceOptions, RegExp]>([
    [{ ...base, source: 'local' }, /--cloudtrail-logs/],
    [{ ...base, source: 'lookup-events' }, /role ARN/],
    [{ ...base, source: 's3' }, /--trail-bucket/],
    [{ ...base, source: 'athena' }, /--athena-database DB --athena-table TABLE/],
    [{ ...base, source: 'athena', athenaDatabase: 'db' }, /--athena-table/],
  ])('%j', async (options, fix) => {
    await expect(readUsage(options)).rejects.toMatchObject({ fix: expect.stringMatching(fix) });
  });
});
