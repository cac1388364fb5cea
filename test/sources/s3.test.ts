import { describe, it, expect, beforeEach } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { dayPrefixes, logsRoot, readS3TrailUsage } from '../../src/sources/s3/read.js';
import { makeEvents } from '../fakes/aws-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const END = Date.parse('2026-11-20T00:00:00Z') / 1000;
const logFile = (n: number, roles: string[]) =>
  gzipSync(JSON.stringify({ Records: makeEvents(n, roles, END).map((e) => JSON.parse(e.CloudTrailEvent) as unknown) }));
// Only transformToByteArray is used by the reader; a full SDK stream is not needed here.
const objectOf = (bytes: Uint8Array) => ({
  Body: { transformToByteArray: async () => new Uint8Array(bytes) } as never,
});
/** One account's trail in us-east-1 over `window`. */
const trailOptions = (window: { start: string; end: string }) => ({
  client: new S3Client({ region: 'us-east-1' }),
  bucket: 'trail',
  accountIds: ['111122223333'],
  regions: ['us-east-1'],
  principalArns: [],
  window,
});

describe('dayPrefixes and logsRoot', () => {
  it.each([
    [{ start: '2026-11-19T00:30:00Z', end: '2026-11-19T10:00:00Z' }, ['2026/11/18', '2026/11/19']],
    [{ start: '2026-11-19T02:00:00Z', end: '2026-11-19T23:30:00Z' }, ['2026/11/19', '2026/11/20']],
    [{ start: '2026-12-31T12:00:00Z', end: '2027-01-01T12:00:00Z' }, ['2026/12/31', '2027/01/01']],
  ])('%j → %j', (window, expected) => {
    expect(dayPrefixes(window)).toEqual(expected);
  });
  it('rejects an inverted window', () => {
    expect(() => dayPrefixes({ start: '2026-11-20T00:00:00Z', end: '2026-11-01T00:00:00Z' })).toThrow(RangeError);
  });
  it.each([
    [{}, 'AWSLogs/'],
    [{ prefix: 'trails/' }, 'trails/AWSLogs/'],
    [{ prefix: 'p', organizationId: 'o-abc' }, 'p/AWSLogs/o-abc/'],
  ])('root for %j is %s', (options, expected) => {
    expect(logsRoot(options)).toBe(expected);
  });
});

describe('readS3TrailUsage', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    s3.reset();
  });

  it('lists only window days per account and Region, skips non-log keys, and accumulates', async () => {
    const root = 'AWSLogs/o-abc/';
    const day = `${root}111122223333/CloudTrail/us-east-1/2026/11/19/`;
    const listings: Record<string, object> = {
      [`${root}|/|`]: { CommonPrefixes: [{ Prefix: `${root}111122223333/` }, { Prefix: `${root}not-an-account/` }] },
      [`${day}||`]: { Contents: [{ Key: `${day}a.json.gz` }], IsTruncated: true, NextContinuationToken: 'c' },
      [`${day}||c`]: { Contents: [{ Key: `${day}b.json.gz` }, { Key: `${day}readme.txt` }] },
    };
    const listed: string[] = [];
    s3.on(ListObjectsV2Command).callsFake(
      (input: { Prefix: string; Delimiter?: string; ContinuationToken?: string }) => {
        listed.push(input.Prefix);
        return listings[`${input.Prefix}|${input.Delimiter ?? ''}|${input.ContinuationToken ?? ''}`] ?? {};
      },
    );
    const body = logFile(30, ['app-a', 'app-b']);
    s3.on(GetObjectCommand).callsFake(() => objectOf(body));

    const usage = await readS3TrailUsage({
      client: new S3Client({ region: 'us-east-1' }),
      bucket: 'trail',
      organizationId: 'o-abc',
      regions: ['us-east-1'],
      principalArns: ['arn:aws:iam::111122223333:role/app-a'],
      window: { start: '2026-11-19T00:00:00Z', end: '2026-11-20T00:00:00Z' },
    });
    expect(usage.objectsRead).toBe(2);
    // 2026-11-18 (slack before the start), 19 and 20 (slack after the end); the account discovery listing first.
    expect([...new Set(listed)].map((p) => p.slice(root.length))).toEqual([
      '',
      '111122223333/CloudTrail/us-east-1/2026/11/18/',
      '111122223333/CloudTrail/us-east-1/2026/11/19/',
      '111122223333/CloudTrail/us-east-1/2026/11/20/',
    ]);
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key?.split('/').pop())).toEqual([
      'a.json.gz',
      'b.json.gz',
    ]);
    expect(usage.snapshot.calls.every((c) => c.principalArn.endsWith('role/app-a'))).toBe(true);
    expect(usage.snapshot.calls.reduce((n, c) => n + c.count, 0)).toBe(30);
    expect(usage.complete).toBe(true);
  });

  it('lists the day folders side by side, never more at a time than the concurrency, and misses none', async () => {
    let inFlight = 0;
    let most = 0;
    s3.on(ListObjectsV2Command).callsFake(async (input: { Prefix: string }) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return { Contents: [{ Key: `${input.Prefix}f.json.gz` }] };
    });
    const body = logFile(2, ['app-a']);
    s3.on(GetObjectCommand).callsFake(() => objectOf(body));
    const usage = await readS3TrailUsage({
      ...trailOptions({ start: '2026-11-10T12:00:00Z', end: '2026-11-19T12:00:00Z' }),
      accountIds: ['111122223333', '444455556666'],
      regions: ['us-east-1', 'eu-west-1'],
      concurrency: 4,
    });
    // 2 accounts × 2 Regions × 10 days: one listing and one object each.
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(40);
    expect(most).toBe(4);
    expect(usage.objectsRead).toBe(40);
    const keys = s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key as string);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(40);
  });

  it.each([0, -1, 2.5, Number.NaN])(
    'refuses a concurrency of %p before any request, saying what it must be',
    async (n) => {
      const options = {
        ...trailOptions({ start: '2026-11-19T00:00:00Z', end: '2026-11-20T00:00:00Z' }),
        concurrency: n,
      };
      await expect(readS3TrailUsage(options)).rejects.toThrow(/concurrency must be a whole number ≥ 1/);
      expect(s3.calls()).toHaveLength(0);
    },
  );

  it('names s3:GetObject when a download is denied, and reports an empty listing as a gap', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/19/a.json.gz' }],
    });
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const options = trailOptions({ start: '2026-11-19T10:00:00Z', end: '2026-11-19T12:00:00Z' });
    await expect(readS3TrailUsage(options)).rejects.toMatchObject({ fix: expect.stringContaining('"s3:GetObject"') });
    s3.reset();
    s3.on(ListObjectsV2Command).resolves({});
    const empty = await readS3TrailUsage(options);
    expect(empty.complete).toBe(false);
    expect(empty.gaps[0]).toContain('no log files');
  });

  describe('a download that fails', () => {
    const day = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/19/';
    const options = trailOptions({ start: '2026-11-19T00:00:00Z', end: '2026-11-20T00:00:00Z' });
    const failOn = (failing: string, error: Error) => {
      s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) =>
        input.Prefix === day ? { Contents: [{ Key: `${day}a.json.gz` }, { Key: `${day}b.json.gz` }] } : {},
      );
      const body = logFile(10, ['app-a']);
      s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
        if (input.Key.endsWith(failing)) throw error;
        return objectOf(body);
      });
    };
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });

    it.each([
      ['an object expired between list and get', named('NoSuchKey', 'The specified key does not exist.')],
      ['a server error after the SDK retried', named('InternalError', 'We encountered an internal error.')],
      ['a reset stream', new Error('socket hang up')],
    ])('%s: names the file, keeps the others, and is incomplete', async (_case, error) => {
      failOn('b.json.gz', error);
      const usage = await readS3TrailUsage(options);
      expect(usage.objectsRead).toBe(1);
      expect(usage.objectsFailed).toBe(1);
      expect(usage.snapshot.calls.reduce((n, c) => n + c.count, 0)).toBe(10);
      expect(usage.rejections).toEqual([
        { file: `s3://trail/${day}b.json.gz`, reason: expect.stringContaining(error.message) },
      ]);
      expect(usage.complete).toBe(false);
      expect(usage.gaps).toEqual([
        expect.stringMatching(/^1 of 2 log files could not be downloaded \(first: s3:\/\/trail\/.+b\.json\.gz/),
      ]);
    });

    it.each([
      ['S3 denies the object', named('AccessDenied', 'Access Denied'), '"s3:GetObject"'],
      [
        'KMS denies decrypting it',
        named(
          'AccessDenied',
          'User is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext',
        ),
        '"kms:Decrypt"',
      ],
    ])('%s: stops and names the permission to add', async (_case, error, action) => {
      failOn('a.json.gz', error);
      await expect(readS3TrailUsage(options)).rejects.toMatchObject({ fix: expect.stringContaining(action) });
    });

    it('stops when the credentials expire: every other object would fail the same way', async () => {
      failOn('a.json.gz', named('ExpiredToken', 'The provided token has expired.'));
      await expect(readS3TrailUsage(options)).rejects.toThrow(/credentials expired/);
    });
  });
});
