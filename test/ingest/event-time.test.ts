import { describe, expect, it } from '@jest/globals';
import { normalizeEventTime } from '../../src/core/cloudtrail/scan-record.js';

describe('normalizeEventTime', () => {
  it.each([
    ['2026-10-01T12:00:00Z', '2026-10-01T12:00:00Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
    ['2026-10-01T12:00:00.123Z', '2026-10-01T12:00:00Z'],
    ['2026-10-01T14:00:00+02:00', '2026-10-01T12:00:00Z'],
    ['2026-10-01T00:30:00-0100', '2026-10-01T01:30:00Z'],
    ['2022-12-11 19:42:55', '2022-12-11T19:42:55Z'],
    ['2025-02-14 19:42:57.000000000', '2025-02-14T19:42:57Z'],
    ['2021-05-20 15:53:47Z', '2021-05-20T15:53:47Z'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeEventTime(input)).toBe(expected);
  });

  it.each([
    '',
    'redacted',
    '...',
    '2026-10-01',
    '2026-13-01T00:00:00Z',
    '2026-02-30T12:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-10-01T24:00:00Z',
    '2026-10-01T12:00:00ZZ',
    '1696161600',
  ])('%j is not a time', (input) => {
    expect(normalizeEventTime(input)).toBeUndefined();
  });
});
