import { describe, expect, it } from '@jest/globals';
import type { CloudTrailRecord, UserIdentity } from '../../src/core/cloudtrail/record.js';
import { scanCloudTrailText } from '../../src/core/cloudtrail/scan.js';
import { UsageAccumulator, filterSnapshot, mergeSnapshots, timeKey } from '../../src/core/usage/accumulate.js';
import type { UsageSnapshot } from '../../src/core/usage/evidence.js';

const ACCOUNT = '111122223333';
const ORDERS = `arn:aws:iam::${ACCOUNT}:role/app/orders-api`;
const BATCH = `arn:aws:iam::${ACCOUNT}:role/batch`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

const roleSession = (roleArn: string, session = 's1'): UserIdentity => ({
  type: 'AssumedRole',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleArn.split('/').pop()}/${session}`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: 'Role', arn: roleArn, accountId: ACCOUNT } },
});
const user = (arn: string): UserIdentity => ({ type: 'IAMUser', arn, accountId: ACCOUNT });

let nextId = 0;
function rec(over: Partial<CloudTrailRecord> & { userIdentity?: UserIdentity }): CloudTrailRecord {
  nextId++;
  return {
    eventTime: '2026-10-01T12:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'eu-west-1',
    eventID: `id-${String(nextId).padStart(5, '0')}`,
    userIdentity: roleSession(ORDERS),
    ...over,
  };
}

function snapshotOf(records: readonly CloudTrailRecord[], options = {}): UsageSnapshot {
  const accumulator = new UsageAccumulator(options);
  for (const r of records) accumulator.add(r);
  return accumulator.snapshot();
}

describe('UsageAccumulator', () => {
  it('groups by principal, source, name and error code, and keeps attempts apart from usage', () => {
    const snapshot = snapshotOf([
      rec({ eventTime: '2026-10-02T08:00:00Z', awsRegion: 'us-east-1' }),
      rec({ eventTime: '2026-10-01T08:00:00Z' }),
      rec({ errorCode: 'AccessDenied', eventTime: '2026-10-03T00:00:00Z' }),
      rec({ eventName: 'PutObject' }),
      rec({ userIdentity: roleSession(BATCH), eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage' }),
      rec({
        userIdentity: user(ALICE),
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        errorCode: '',
      }),
    ]);
    expect(snapshot.calls.map((c) => [c.principalArn, c.eventSource, c.eventName, c.errorCode, c.count])).toEqual([
      [ORDERS, 's3.amazonaws.com', 'GetObject', undefined, 2],
      [ORDERS, 's3.amazonaws.com', 'GetObject', 'AccessDenied', 1],
      [ORDERS, 's3.amazonaws.com', 'PutObject', undefined, 1],
      [BATCH, 'sqs.amazonaws.com', 'SendMessage', undefined, 1],
      [ALICE, 'ec2.amazonaws.com', 'DescribeInstances', undefined, 1],
    ]);
    const get = snapshot.calls[0];
    expect(get).toMatchObject({
      firstSeen: '2026-10-01T08:00:00Z',
      lastSeen: '2026-10-02T08:00:00Z',
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(Object.hasOwn(get ?? {}, 'errorCode')).toBe(false); // exactOptionalPropertyTypes: absent, not undefined
    expect(snapshot.activeDays[ORDERS]).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
    expect(snapshot).toMatchObject({
      eventsRead: 6,
      eventsIgnored: 0,
      oldestEvent: '2026-10-01T08:00:00Z',
      newestEvent: '2026-10-03T00:00:00Z',
    });
  });

  it.each([
    ['an AWS service', { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }],
    ['an AWS account', { type: 'AWSAccount', accountId: '999988887777' }],
    ['root', { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` }],
    ['anonymous', { type: 'AnonymousPrincipal' }],
    ['no identity at all', undefined],
  ])('counts records of %s as ignored, but still as read and in the time range', (_name, identity) => {
    const snapshot = snapshotOf([
      rec({ userIdentity: identity as UserIdentity, eventTime: '2026-09-30T00:00:00Z', awsRegion: 'ap-south-1' }),
    ]);
    expect(snapshot).toMatchObject({
      calls: [],
      activeDays: {},
      eventsRead: 1,
      eventsIgnored: 1,
      oldestEvent: '2026-09-30T00:00:00Z',
      regions: ['ap-south-1'],
    });
  });

  it('a principal filter keeps only the accepted principals, and asks once per principal', () => {
    const asked: string[] = [];
    const snapshot = snapshotOf(
      [rec({}), rec({}), rec({ userIdentity: roleSession(BATCH) }), rec({ userIdentity: { type: 'AWSService' } })],
      {
        principalFilter: (arn: string) => {
          asked.push(arn);
          return arn === BATCH;
        },
      },
    );
    expect(asked).toEqual([ORDERS, BATCH]);
    expect(snapshot.calls.map((c) => c.principalArn)).toEqual([BATCH]);
    expect(Object.keys(snapshot.activeDays)).toEqual([BATCH]);
    expect(snapshot).toMatchObject({ eventsRead: 4, eventsIgnored: 1 });
  });

  it('marks data events per call and for the whole source', () => {
    const none = snapshotOf([rec({ eventCategory: 'Management', managementEvent: true })]);
    expect(none.sawDataEvents).toBe(false);
    const data = snapshotOf([
      rec({ eventCategory: 'Data' }),
      rec({ eventName: 'Invoke', managementEvent: false }),
      rec({ eventName: 'ListBuckets' }),
    ]);
    expect(data.sawDataEvents).toBe(true);
    expect(data.calls.map((c) => [c.eventName, c.dataEvent])).toEqual([
      ['GetObject', true],
      ['Invoke', true],
      ['ListBuckets', false],
    ]);
  });

  it('samples the smallest event id among the earliest records, whatever the order', () => {
    const records = [
      rec({ eventTime: '2026-10-01T12:00:01Z', eventID: 'a' }),
      rec({ eventTime: '2026-10-01T12:00:00Z', eventID: 'z' }),
      rec({ eventTime: '2026-10-01T12:00:00Z', eventID: 'm' }),
      rec({ eventTime: '2026-10-01T12:00:00Z', eventID: undefined as unknown as string }),
    ];
    for (const order of [records, [...records].reverse()]) expect(snapshotOf(order).calls[0]?.sampleEventId).toBe('m');
    expect(snapshotOf([rec({ eventID: undefined as unknown as string })]).calls[0]?.sampleEventId).toBe('');
  });

  it('keeps the smallest resources up to the cap and counts references beyond it', () => {
    const records = ['c', 'a', 'd', 'b', 'a', 'e', 'd'].map((k) =>
      rec({ resources: [{ ARN: `arn:aws:s3:::bucket/${k}` }] }),
    );
    const [call] = snapshotOf(records, { maxResourcesPerCall: 2 }).calls;
    expect(call?.resources).toEqual(['arn:aws:s3:::bucket/a', 'arn:aws:s3:::bucket/b']);
    expect(call?.resourceReferences).toEqual([2, 1]);
    expect(call?.resourcesOverflow).toBe(4); // c, d, e, d
  });

  it.each([
    ['random order', 1, 1],
    ['random order', 7, 2],
    ['random order', 100, 3],
    ['random order', 1000, 4],
    ['ascending order', 50, 5],
    ['descending order', 50, 6],
  ] as const)(
    'the cap keeps exactly the K smallest ARNs with their counts, many ARNs in %s (cap %i)',
    (order, cap, seed) => {
      const random = rng(seed);
      // Enough distinct ARNs that the kept set is cut back many times while adding.
      let keys = Array.from({ length: 6000 }, () => String(Math.floor(random() * 4000)).padStart(5, '0'));
      if (order === 'ascending order') keys = keys.sort();
      if (order === 'descending order') keys = keys.sort().reverse();
      const counts = new Map<string, number>();
      for (const k of keys) counts.set(`arn:aws:s3:::bucket/${k}`, (counts.get(`arn:aws:s3:::bucket/${k}`) ?? 0) + 1);
      const expected = [...counts.keys()].sort().slice(0, cap);
      const [call] = snapshotOf(
        keys.map((k) => rec({ resources: [{ ARN: `arn:aws:s3:::bucket/${k}` }] })),
        { maxResourcesPerCall: cap },
      ).calls;
      expect(call?.resources).toEqual(expected);
      expect(call?.resourceReferences).toEqual(expected.map((arn) => counts.get(arn)));
      expect(call?.resourcesOverflow).toBe(keys.length - expected.reduce((n, arn) => n + (counts.get(arn) ?? 0), 0));
    },
  );

  it('reads times in other ISO forms as the same instant', () => {
    const snapshot = snapshotOf([
      rec({ eventTime: '2026-10-01T14:00:00+02:00' }),
      rec({ eventTime: '2026-10-01T12:00:00.900Z' }),
    ]);
    expect(snapshot.calls[0]).toMatchObject({
      count: 2,
      firstSeen: '2026-10-01T12:00:00Z',
      lastSeen: '2026-10-01T12:00:00Z',
    });
    expect(() => timeKey('not a time')).toThrow(RangeError);
    expect(timeKey('2026-10-01T12:00:00Z')).toBe(20261001120000);
  });

  it('counts records that share one identity object (the scanner shares them per session)', () => {
    const text = JSON.stringify({ Records: [rec({}), rec({}), rec({ userIdentity: roleSession(ORDERS, 's2') })] });
    const { records } = scanCloudTrailText(text);
    expect(records[0]?.userIdentity).toBe(records[1]?.userIdentity);
    expect(snapshotOf(records).calls[0]?.count).toBe(3);
  });

  it('rejects a nonsensical cap', () => {
    expect(() => new UsageAccumulator({ maxResourcesPerCall: -1 })).toThrow(/maxResourcesPerCall/);
  });
});

/** mulberry32: seeded, so a failing partition can be reproduced. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomRecords(random: () => number, n: number): CloudTrailRecord[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const identities = [
    roleSession(ORDERS, 'a'),
    roleSession(ORDERS, 'b'),
    roleSession(BATCH),
    user(ALICE),
    { type: 'AWSService' },
  ];
  return Array.from({ length: n }, () =>
    rec({
      userIdentity: pick(identities),
      eventSource: pick(['s3.amazonaws.com', 'kms.amazonaws.com']),
      eventName: pick(['GetObject', 'Decrypt', 'ListBuckets']),
      ...(random() < 0.2 ? { errorCode: pick(['AccessDenied', 'ThrottlingException']) } : {}),
      // Few distinct seconds, so ties on the earliest time (and the sample choice) really happen.
      eventTime: `2026-10-0${1 + Math.floor(random() * 3)}T00:00:0${Math.floor(random() * 3)}Z`,
      eventID: `id-${Math.floor(random() * 50)}`,
      awsRegion: pick(['eu-west-1', 'us-east-1', 'us-west-2']),
      ...(random() < 0.3 ? { eventCategory: 'Data' } : {}),
      resources: Array.from({ length: Math.floor(random() * 3) }, () => ({
        ARN: `arn:aws:s3:::b/${Math.floor(random() * 12)}`,
      })),
    }),
  );
}

describe('UsageAccumulator.absorb (one file at a time, as the local reader streams)', () => {
  it.each([1, 2, 3, 4, 5, 6])('equals adding every record to one accumulator (seed %i)', (seed) => {
    const random = rng(100 + seed);
    const records = randomRecords(random, 500);
    const cap = 1 + Math.floor(random() * 6);
    const options = {
      maxResourcesPerCall: cap,
      ...(seed % 2 === 0 ? { window: { start: '2026-10-01T00:00:01Z', end: '2026-10-03T00:00:01Z' } } : {}),
      ...(seed % 3 === 0 ? { principalFilter: (arn: string) => arn !== BATCH } : {}),
    };
    const main = new UsageAccumulator(options);
    let at = 0;
    while (at < records.length) {
      const file = main.fork();
      const size = Math.floor(random() * 60);
      for (const record of records.slice(at, at + size)) file.add(record);
      main.absorb(file);
      at += size;
    }
    const single = snapshotOf(records, options);
    expect(main.snapshot()).toEqual(single);
    expect(single.calls.some((c) => c.resourcesOverflow > 0)).toBe(true);
  });

  it.each([1, 2, 3])(
    'equals one pass when files and the main accumulator both cut back to the cap (seed %i)',
    (seed) => {
      const random = rng(700 + seed);
      // Hundreds of distinct ARNs per call, so both the files and the main accumulator cut back and set limits.
      const records = Array.from({ length: 3000 }, () =>
        rec({
          eventName: random() < 0.5 ? 'GetObject' : 'PutObject',
          resources: [{ ARN: `arn:aws:s3:::b/${String(Math.floor(random() * 900)).padStart(3, '0')}` }],
        }),
      );
      const options = { maxResourcesPerCall: 1 + Math.floor(random() * 8) };
      const main = new UsageAccumulator(options);
      for (let at = 0; at < records.length;) {
        const size = 50 + Math.floor(random() * 250);
        const file = main.fork();
        for (const record of records.slice(at, at + size)) file.add(record);
        main.absorb(file);
        at += size;
      }
      expect(main.snapshot()).toEqual(snapshotOf(records, options));
    },
  );

  it('keeps the K smallest across files when each file alone holds more than the cap', () => {
    const arn = (k: number) => `arn:aws:s3:::bucket/${String(k).padStart(5, '0')}`;
    const main = new UsageAccumulator({ maxResourcesPerCall: 3 });
    // The first file alone holds enough ARNs for its own cap to cut back (and count overflow) before merging.
    const many = Array.from({ length: 50 }, (_, i) => 100 + i);
    for (const keys of [many, [9, 8, 7, 6, 5], [4, 9, 9], [1, 2, 10, 11, 12, 13]]) {
      const file = main.fork();
      for (const k of keys) file.add(rec({ resources: [{ ARN: arn(k) }] }));
      main.absorb(file);
    }
    const [call] = main.snapshot().calls;
    expect(call?.resources).toEqual([arn(1), arn(2), arn(4)]);
    expect(call?.resourceReferences).toEqual([1, 1, 1]);
    expect(call?.resourcesOverflow).toBe(50 + 5 + 3 + 6 - 3);
  });
});

describe('mergeSnapshots', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'equals one pass over all records, for any partition and order (seed %i)',
    (seed) => {
      const random = rng(seed);
      const records = randomRecords(random, 400);
      const cap = 1 + Math.floor(random() * 6);
      const single = snapshotOf(records, { maxResourcesPerCall: cap });
      const parts: CloudTrailRecord[][] = Array.from({ length: 1 + Math.floor(random() * 5) }, () => []);
      for (const r of [...records].sort(() => random() - 0.5)) parts[Math.floor(random() * parts.length)]?.push(r);
      const snapshots = parts.map((p) => snapshotOf(p, { maxResourcesPerCall: cap }));
      expect(mergeSnapshots(snapshots, { maxResourcesPerCall: cap })).toEqual(single);
      expect(mergeSnapshots([...snapshots].reverse(), { maxResourcesPerCall: cap })).toEqual(single);
      expect(single.calls.some((c) => c.resourcesOverflow > 0)).toBe(true);
    },
  );

  it('of nothing is the empty snapshot', () => {
    expect(mergeSnapshots([])).toEqual({
      calls: [],
      activeDays: {},
      eventsRead: 0,
      eventsIgnored: 0,
      sawDataEvents: false,
      regions: [],
    });
  });

  it('then filtering equals filtering while adding', () => {
    const records = randomRecords(rng(99), 300);
    const accepts = (arn: string) => arn === BATCH;
    expect(filterSnapshot(snapshotOf(records), accepts)).toEqual(snapshotOf(records, { principalFilter: accepts }));
  });
});
