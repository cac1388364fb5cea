import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLocalUsage, resolveWorkerUrl, type ReadProgress } from '../../src/sources/local/read.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-api`;

function record(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/orders-api/s${i % 3}`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: 'Role', arn: ROLE, accountId: ACCOUNT } },
    },
    eventTime: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T12:00:${String(i % 60).padStart(2, '0')}Z`,
    eventSource: i % 2 ? 's3.amazonaws.com' : 'sqs.amazonaws.com',
    eventName: i % 2 ? 'GetObject' : 'SendMessage',
    awsRegion: 'eu-west-1',
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    requestParameters: { bucketName: 'orders', key: `k/${i}` },
    responseElements: null,
    ...over,
  };
}

const doc = (records: unknown[]) => JSON.stringify({ Records: records });
const lines = (items: unknown[]) => items.map((r) => JSON.stringify(r)).join('\n') + '\n';
const lookupEvent = (r: unknown) => ({ EventId: 'x', EventName: 'y', CloudTrailEvent: JSON.stringify(r) });

let root: string;
function write(path: string, content: string | Uint8Array): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'alpha-ingest-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readLocalUsage: formats and folders', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(root, 'formats');
    const s3 = `formats/AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/10/01`;
    write(`${s3}/${ACCOUNT}_CloudTrail_eu-west-1_20261001T0000Z_b.json.gz`, gzipSync(doc([record(1), record(2)])));
    write(`${s3}/${ACCOUNT}_CloudTrail_eu-west-1_20261001T0005Z_a.json.gz`, gzipSync(doc([record(3)])));
    write(
      `formats/AWSLogs/${ACCOUNT}/CloudTrail-Digest/eu-west-1/2026/10/01/${ACCOUNT}_CloudTrail-Digest_eu-west-1_t_20261001T0000Z.json.gz`,
      gzipSync('{"digestStartTime":"x","logFiles":[]}'),
    );
    write('formats/lines/records.jsonl', lines([record(4), record(5)]));
    write('formats/lines/records.jsonl.gz', gzipSync(lines([record(6)])));
    write('formats/array.json', JSON.stringify([record(7), record(8)]));
    write(
      'formats/lookup/events.json',
      JSON.stringify({ Events: [lookupEvent(record(9)), lookupEvent(record(10))], NextToken: 'n' }),
    );
    write('formats/lookup/events.ndjson', lines([lookupEvent(record(11))]));
    write('formats/gzip-without-suffix.json', gzipSync(doc([record(12)])));
    write('formats/README.md', '# not a log');
  });

  it('reads every format, recursively, and skips digests and non-log files', async () => {
    const usage = await readLocalUsage([dir], { workers: 1 });
    expect(usage.rejections).toEqual([]);
    expect(usage.filesRead).toBe(8);
    expect(usage.filesSkipped.map((f) => f.slice(dir.length + 1))).toEqual([
      `AWSLogs/${ACCOUNT}/CloudTrail-Digest/eu-west-1/2026/10/01/${ACCOUNT}_CloudTrail-Digest_eu-west-1_t_20261001T0000Z.json.gz`,
      'README.md',
    ]);
    expect(usage.snapshot.eventsRead).toBe(12);
    expect(usage.snapshot.calls.reduce((n, c) => n + c.count, 0)).toBe(12);
    expect(usage.snapshot.calls.every((c) => c.principalArn === ROLE)).toBe(true);
  });

  it('gives the same snapshot for the same tree, and for the files named one by one in another order', async () => {
    const first = await readLocalUsage([dir], { workers: 1 });
    expect(await readLocalUsage([dir], { workers: 1 })).toEqual(first);
    const files = [
      join(dir, 'array.json'),
      join(dir, 'lookup'),
      join(dir, 'lines'),
      join(dir, 'AWSLogs'),
      join(dir, 'gzip-without-suffix.json'),
    ];
    expect((await readLocalUsage(files.reverse(), { workers: 1 })).snapshot).toEqual(first.snapshot);
  });

  it('reports progress up to every file', async () => {
    const seen: ReadProgress[] = [];
    await readLocalUsage([dir], { workers: 1, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toMatchObject({ filesDone: 8, filesTotal: 8, records: 12 });
    expect(seen.at(-1)?.bytes).toBeGreaterThan(0);
  });
});

describe('readLocalUsage: bad files become rejections, never exceptions', () => {
  const good = () => gzipSync(doc([record(1), record(2)]));
  const full = gzipSync(doc([record(1), record(2), record(3)]));
  const cases: [string, string, string | Uint8Array, { recordIndex?: number; reason: RegExp }[]][] = [
    [
      'truncated gzip',
      'truncated.json.gz',
      full.subarray(0, full.length - 20),
      [{ reason: /^truncated or corrupt gzip/ }],
    ],
    [
      'corrupt gzip',
      'corrupt.json.gz',
      Buffer.concat([full.subarray(0, 10), Buffer.alloc(40, 7)]),
      [{ reason: /^truncated or corrupt gzip/ }],
    ],
    ['invalid JSON', 'invalid.json', '{"Records":[{"eventTime":', [{ reason: /^invalid JSON/ }]],
    [
      'non-UTF-8 bytes',
      'latin1.json',
      Buffer.from(doc([record(1, { errorMessage: 'caf\u00e9' })]), 'latin1'),
      [{ reason: /not UTF-8/ }],
    ],
    [
      'missing fields',
      'missing.json',
      doc([record(1), { eventSource: 'a', eventName: 'b' }, record(2, { eventTime: 'soon' })]),
      [
        { recordIndex: 1, reason: /no eventTime/ },
        { recordIndex: 2, reason: /not an ISO 8601 time/ },
      ],
    ],
    ['empty file', 'empty.json', '', [{ reason: /^file is empty$/ }]],
    ['not CloudTrail at all', 'foo.json', '{"foo":1}', [{ reason: /^not a CloudTrail log/ }]],
    [
      'a broken JSON line',
      'broken.jsonl',
      `${JSON.stringify(record(1))}\n{oops\n`,
      [{ recordIndex: 1, reason: /^line 2: invalid JSON/ }],
    ],
  ];

  it.each(cases)('%s', async (_name, file, content, expected) => {
    const dir = join(root, 'bad', file.replace(/\W/g, '_'));
    const bad = write(join('bad', file.replace(/\W/g, '_'), file), content);
    write(join('bad', file.replace(/\W/g, '_'), 'good.json.gz'), good());
    const usage = await readLocalUsage([dir], { workers: 1 });
    expect(usage.filesRead).toBe(2);
    expect(usage.rejections).toEqual(
      expected.map((e) => ({
        file: bad,
        ...(e.recordIndex === undefined ? {} : { recordIndex: e.recordIndex }),
        reason: expect.stringMatching(e.reason),
      })),
    );
    // The good file still counts, and so do the bad file's good records.
    const goodInBad = file === 'missing.json' ? 1 : file === 'broken.jsonl' ? 1 : 0;
    expect(usage.snapshot.eventsRead).toBe(2 + goodInBad);
  });

  it('a path that does not exist is reported with the others still read', async () => {
    const dir = join(root, 'exists');
    write('exists/a.json', doc([record(1)]));
    const missing = join(root, 'does-not-exist');
    const usage = await readLocalUsage([missing, dir], { workers: 1 });
    expect(usage.rejections).toEqual([{ file: missing, reason: expect.stringMatching(/^cannot read: ENOENT/) }]);
    expect(usage.snapshot.eventsRead).toBe(1);
  });

  it('refuses a nonsensical worker count with a fix', async () => {
    await expect(readLocalUsage([root], { workers: 0 })).rejects.toThrow(/workers must be a whole number/);
  });
});

describe('readLocalUsage: worker threads', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(root, 'many');
    for (let f = 0; f < 24; f++) {
      const records = Array.from({ length: 40 }, (_, i) =>
        record(f * 40 + i, {
          awsRegion: ['eu-west-1', 'us-east-1'][f % 2],
          ...(i % 7 === 0 ? { errorCode: 'AccessDenied' } : {}),
          ...(i % 11 === 0
            ? { userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/u${f % 3}`, accountId: ACCOUNT } }
            : {}),
          resources: [{ ARN: `arn:aws:s3:::orders/k${(f * 40 + i) % 300}` }],
        }),
      );
      write(
        `many/${String(f).padStart(2, '0')}.json.gz`,
        gzipSync(doc(f === 5 ? [...records, { eventName: 'x' }] : records)),
      );
    }
    write('many/zz-bad.json', '{"Records":[');
  });

  it('running from sources, the worker resolves to the tsx bootstrap', () => {
    expect(resolveWorkerUrl()?.pathname).toMatch(/scan-worker-tsx\.mjs$/);
    expect(resolveWorkerUrl(new URL('file:///nowhere/scan-worker.js'))?.pathname).toMatch(/scan-worker-tsx\.mjs$/);
  });

  it('two workers give exactly the in-process result', async () => {
    const inProcess = await readLocalUsage([dir], { workers: 1, maxResourcesPerCall: 50 });
    const progress: ReadProgress[] = [];
    const threaded = await readLocalUsage([dir], {
      workers: 2,
      maxResourcesPerCall: 50,
      onProgress: (p) => progress.push(p),
    });
    expect(threaded).toEqual(inProcess);
    expect(inProcess.rejections).toHaveLength(2);
    expect(inProcess.snapshot.calls.some((c) => c.resourcesOverflow > 0)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ filesDone: 25, filesTotal: 25 });
  });

  it('principalArns (which reach the workers) give the same result as the equivalent filter, threaded or not', async () => {
    const pathless = `arn:aws:iam::${ACCOUNT}:role/orders-api`;
    const byFilter = await readLocalUsage([dir], { workers: 1, principalFilter: (arn) => arn === ROLE });
    const inProcess = await readLocalUsage([dir], { workers: 1, principalArns: [pathless] });
    const threaded = await readLocalUsage([dir], { workers: 2, principalArns: [pathless] });
    expect(inProcess).toEqual(byFilter);
    expect(threaded).toEqual(byFilter);
    const both = await readLocalUsage([dir], { workers: 2, principalArns: [pathless], principalFilter: () => false });
    expect(both.snapshot.calls).toEqual([]);
  });

  it('a principal filter gives the same result with and without workers', async () => {
    const onlyRole = (arn: string) => arn === ROLE;
    const inProcess = await readLocalUsage([dir], { workers: 1, principalFilter: onlyRole });
    const threaded = await readLocalUsage([dir], {
      workers: 3,
      principalFilter: onlyRole,
      workerUrl: new URL('file:///nowhere/scan-worker.js'),
    });
    expect(threaded).toEqual(inProcess);
    expect(Object.keys(inProcess.snapshot.activeDays)).toEqual([ROLE]);
  });
});
