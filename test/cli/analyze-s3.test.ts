/**
 * `alpha analyze --source s3` wiring (aws-sdk-client-mock): the bucket, prefix and organization id reach the S3
 * reader, only the role's account and the window's days are listed, us-east-1 is always read (IAM/STS events),
 * and a denied listing names `s3:ListBucket`.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { run } from '../../src/cli/main.js';
import { makeEvents } from '../fakes/aws-server.js';

const END = Date.parse('2026-11-20T00:00:00Z') / 1000;
const ROLE = 'arn:aws:iam::111122223333:role/app-a';
const s3 = mockClient(S3Client);
let out: string;
let stderr: string;
const saved = { ...process.env };

beforeEach(() => {
  s3.reset();
  out = mkdtempSync(join(tmpdir(), 'alpha-cli-s3-'));
  stderr = '';
  process.exitCode = undefined;
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIAFAKE',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
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
});

const args = (file: string) => [
  'node',
  'alpha',
  'analyze',
  '--role-arn',
  ROLE,
  '--source',
  's3',
  '--trail-bucket',
  'org-trail',
  '--trail-prefix',
  'trails',
  '--organization-id',
  'o-abcdefghij',
  '--regions',
  'eu-west-1',
  '--end-time',
  '2026-11-20T00:00:00Z',
  '--usage-days',
  '1',
  '--existing-policy',
  join(import.meta.dirname, '..', '..', 'examples', 'policies', 'orders-api.json'),
  '--offline',
  '--output',
  file,
];

describe('alpha analyze --source s3', () => {
  it('lists the window days of the role account in each Region plus us-east-1, and reads the logs', async () => {
    const listed: string[] = [];
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => {
      listed.push(input.Prefix);
      return input.Prefix.endsWith('/2026/11/19/') ? { Contents: [{ Key: `${input.Prefix}f.json.gz` }] } : {};
    });
    const body = gzipSync(
      JSON.stringify({
        Records: makeEvents(20, ['app-a', 'other'], END - 3600).map((e) => JSON.parse(e.CloudTrailEvent)),
      }),
    );
    s3.on(GetObjectCommand).callsFake(() => ({
      Body: { transformToByteArray: async () => new Uint8Array(body) } as never,
    }));
    const file = join(out, 'p.json');
    const code = await run(args(file));
    expect(stderr).not.toContain('error');
    expect([0, 2]).toContain(code);
    expect([...new Set(listed)].sort()).toEqual([
      'trails/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/11/18/',
      'trails/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/11/19/',
      'trails/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/11/20/',
      'trails/AWSLogs/o-abcdefghij/111122223333/CloudTrail/us-east-1/2026/11/18/',
      'trails/AWSLogs/o-abcdefghij/111122223333/CloudTrail/us-east-1/2026/11/19/',
      'trails/AWSLogs/o-abcdefghij/111122223333/CloudTrail/us-east-1/2026/11/20/',
    ]);
    const p = JSON.parse(readFileSync(file, 'utf8'));
    expect(p.source).toMatchObject({ kind: 's3', complete: true, requests: 8 });
    expect(p.source.eventsForRole).toBe(20);
    expect(s3.commandCalls(ListObjectsV2Command).every((c) => c.args[0].input.Bucket === 'org-trail')).toBe(true);
  });

  it('names s3:ListBucket when the listing is denied', async () => {
    s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    expect(await run(args(join(out, 'p.json')))).toBe(1);
    expect(stderr).toContain('AWS denied s3:ListBucket on s3://org-trail/trails/AWSLogs/o-abcdefghij/111122223333/');
    expect(stderr).toContain('fix: allow "s3:ListBucket"');
  });
});
