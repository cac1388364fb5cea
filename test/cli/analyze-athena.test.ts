/**
 * `alpha analyze --source athena` wiring: the options reach `readAthenaUsage` (mocked here: the Athena reader has
 * its own wire tests), the snapshot feeds the same pipeline, and the bytes scanned and cost are reported on stderr
 * and in the Proposal's source.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const calls: unknown[] = [];
jest.unstable_mockModule('../../src/sources/athena/read.js', () => ({
  readAthenaUsage: async (options: { onProgress?: (p: unknown) => void }) => {
    calls.push(options);
    options.onProgress?.({ state: 'RUNNING', elapsedMs: 1200, bytesScanned: 0 });
    options.onProgress?.({ state: 'SUCCEEDED', elapsedMs: 4800, bytesScanned: 3 * 1_073_741_824 });
    return {
      snapshot: {
        calls: [
          {
            principalArn: 'arn:aws:iam::111122223333:role/app-a',
            eventSource: 's3.amazonaws.com',
            eventName: 'GetObject',
            count: 12,
            firstSeen: '2026-11-02T00:00:00Z',
            lastSeen: '2026-11-19T00:00:00Z',
            regions: ['eu-west-1'],
            resources: ['arn:aws:s3:::orders/a'],
            resourcesOverflow: 0,
            passedRoles: [],
            sampleEventId: 'e-1',
            dataEvent: true,
          },
        ],
        activeDays: { 'arn:aws:iam::111122223333:role/app-a': ['2026-11-02', '2026-11-19'] },
        eventsRead: 12,
        eventsIgnored: 0,
        sawDataEvents: true,
        regions: ['eu-west-1'],
      },
      rejections: [],
      complete: true,
      gaps: [],
      covered: { start: '2026-08-22T00:00:00.000Z', end: '2026-11-20T00:00:00.000Z' },
      requests: 9,
      bytesScanned: 3 * 1_073_741_824,
      costUsd: 0.0146,
      queryExecutionId: 'q-1',
    };
  },
}));
const { run } = await import('../../src/cli/main.js');

let out: string;
let stderr: string;
const saved = { ...process.env };
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'alpha-cli-athena-'));
  stderr = '';
  calls.length = 0;
  process.exitCode = undefined;
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIAFAKE',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_EC2_METADATA_DISABLED: 'true',
    // IAM is read for the existing policies: point it at a closed port so it fails fast, offline.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(out, { recursive: true, force: true });
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  process.exitCode = undefined;
});

describe('alpha analyze --source athena', () => {
  it('passes the table, workgroup and output location, and reports bytes scanned and cost', async () => {
    const file = join(out, 'p.json');
    const code = await run([
      'node',
      'alpha',
      'analyze',
      '--role-arn',
      'arn:aws:iam::111122223333:role/app-a',
      '--source',
      'athena',
      '--athena-database',
      'trail',
      '--athena-table',
      'cloudtrail_logs',
      '--athena-workgroup',
      'alpha',
      '--athena-output',
      's3://athena-results/alpha/',
      '--regions',
      'eu-west-1',
      '--end-time',
      '2026-11-20T00:00:00Z',
      '--existing-policy',
      join(import.meta.dirname, '..', '..', 'examples', 'policies', 'orders-api.json'),
      '--offline',
      '--output',
      file,
    ]);
    expect(stderr).not.toContain('error');
    expect([0, 2]).toContain(code);
    expect(calls).toEqual([
      expect.objectContaining({
        database: 'trail',
        table: 'cloudtrail_logs',
        workgroup: 'alpha',
        outputLocation: 's3://athena-results/alpha/',
        regions: ['eu-west-1'],
        principalArns: ['arn:aws:iam::111122223333:role/app-a'],
        window: { start: '2026-08-22T00:00:00.000Z', end: '2026-11-20T00:00:00.000Z' },
      }),
    ]);
    expect(stderr).toContain('alpha: athena query running after 1 s');
    expect(stderr).toContain('athena: 9 requests, 3.00 GiB scanned, about $0.0146, window complete');
    const p = JSON.parse(readFileSync(file, 'utf8'));
    expect(p.source).toMatchObject({ kind: 'athena', requests: 9, bytesScanned: 3221225472, costUsd: 0.0146 });
    expect(Object.keys(p.evidence)).toEqual(['s3:GetObject']);
  });
});
