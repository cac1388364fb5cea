/**
 * The narrow LookupEvents read: a role's sessions found from AssumeRole events (even one issued before the
 * window), followed by AccessKeyId, must give exactly what the full scan gives for that role — with fewer
 * requests — and must fall back to the full scan whenever completeness cannot be shown.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  PARTITION_REGIONS,
  readLookupEventsUsage,
  type LookupEventsOptions,
} from '../../../src/sources/lookup-events/read.js';
import { sessionOf } from '../../../src/sources/lookup-events/sessions.js';
import { RateLimiterRegistry } from '../../../src/aws/rate-limit.js';
import { systemClock } from '../../../src/aws/sleep.js';
import {
  makeEvents,
  makeSessionEvents,
  startFakeAws,
  type FakeAws,
  type FakeSession,
  type FakeTrailEvent,
} from '../../fakes/aws-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ACCOUNT = '111122223333';
const APP = `arn:aws:iam::${ACCOUNT}:role/app-a`;
const START = Date.parse('2026-11-10T00:00:00Z') / 1000;
const END = Date.parse('2026-11-20T00:00:00Z') / 1000;
const window = { start: '2026-11-10T00:00:00.000Z', end: '2026-11-20T00:00:00.000Z' };
const HOUR = 3600;

const newestFirst = (...lists: FakeTrailEvent[][]): FakeTrailEvent[] =>
  lists.flat().sort((a, b) => b.EventTime - a.EventTime || (a.EventId < b.EventId ? -1 : 1));

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function read(
  events: Record<string, FakeTrailEvent[]>,
  extra: Partial<LookupEventsOptions> = {},
  failRegions: Record<string, string> = {},
): Promise<{ usage: Awaited<ReturnType<typeof readLookupEventsUsage>>; fake: FakeAws }> {
  fake = await startFakeAws({ events, throttlePerSecond: 10_000, failRegions });
  const url = fake.url;
  const usage = await readLookupEventsUsage({
    accountId: ACCOUNT,
    regions: ['eu-west-1'],
    principalArns: [APP],
    window,
    clientFor: (region) =>
      new CloudTrailClient({
        region,
        endpoint: url,
        credentials: async () => ({ accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' }),
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler(),
      }),
    limiter: new RateLimiterRegistry(10_000, 10_000),
    // "Now" is just after the window, so it is inside LookupEvents' 90 days.
    clock: { now: () => Date.parse('2026-11-21T00:00:00Z'), sleep: systemClock.sleep },
    ...extra,
  });
  return { usage, fake };
}

const sessions: FakeSession[] = [
  // Issued 6 h before the window: its calls from START onwards count, the earlier ones do not.
  { accessKeyId: 'ASIAEARLY', issuedAt: START - 6 * HOUR, calls: 600 },
  { accessKeyId: 'ASIAMID', issuedAt: START + 48 * HOUR, calls: 30 },
];
// A busy account: 3,000 events of other principals (60 pages) the narrow read never needs to page through.
const noise = makeEvents(3000, ['other-1', 'other-2'], END, 200);
const app = makeSessionEvents('app-a', sessions);

const countFor = (usage: Awaited<ReturnType<typeof readLookupEventsUsage>>, arn: string): number =>
  usage.snapshot.calls.filter((c) => c.principalArn === arn).reduce((n, c) => n + c.count, 0);

describe('narrow LookupEvents read', () => {
  it('follows each session by AccessKeyId and matches the full scan with fewer requests', async () => {
    const events = { 'us-east-1': newestFirst(noise, app), 'eu-west-1': [] };
    const full = await read(events, { narrow: false });
    const fullRequests = full.usage.requests;
    await full.fake.close();
    const narrow = await read(events);
    expect(narrow.usage.strategy).toBe('narrow');
    expect(narrow.usage.sessions).toBe(2);
    expect(narrow.usage.complete).toBe(true);
    // 241 of the early session's 600 calls (one a minute) fall in the window (START is inclusive); all 30 of the other.
    expect(countFor(narrow.usage, APP)).toBe(241 + 30);
    expect(countFor(full.usage, APP)).toBe(241 + 30);
    expect(narrow.usage.snapshot.calls.filter((c) => c.principalArn === APP)).toEqual(
      full.usage.snapshot.calls.filter((c) => c.principalArn === APP),
    );
    expect(narrow.usage.requests).toBeLessThan(fullRequests);
    // Session lookups reach 12 h before the window, in every Region of the partition (a session issued through
    // ap-south-1's STS can call us-east-1); key lookups cover only the slice each session can act in.
    const attrs = narrow.fake.lookupInputs.map((l) => `${l.region} ${l.attribute ?? 'all'} ${l.start}`);
    expect(attrs).toContain(`us-east-1 ResourceName=${APP} ${START - 12 * HOUR}`);
    expect(attrs).toContain(`ap-south-1 ResourceName=${APP} ${START - 12 * HOUR}`);
    expect(attrs.filter((a) => a.includes('ResourceName='))).toHaveLength(PARTITION_REGIONS.aws?.length ?? 0);
    expect(attrs).toContain(`eu-west-1 AccessKeyId=ASIAEARLY ${START}`);
    expect(attrs).toContain(`us-east-1 AccessKeyId=ASIAMID ${START + 48 * HOUR}`);
    // The probe: one page of each Region read, never continued.
    expect(attrs.filter((a) => a.includes(' all ')).sort()).toEqual([
      `eu-west-1 all ${START}`,
      `us-east-1 all ${START}`,
    ]);
  }, 20_000);

  it.each<[string, FakeSession[], Partial<LookupEventsOptions>, RegExp]>([
    [
      'an AssumeRole event without an access key id',
      [{ accessKeyId: 'ASIAHIDDEN', issuedAt: START + HOUR, calls: 5, hideKey: true }],
      {},
      /has no access key id to follow/,
    ],
    ['no session at all (unused role, or an ARN without its path)', [], {}, /no AssumeRole event names/],
    [
      'more sessions than the lookup budget',
      Array.from({ length: 6 }, (_, i) => ({ accessKeyId: `ASIA${i}`, issuedAt: START + i * HOUR, calls: 2 })),
      { maxNarrowLookups: 10 },
      /full scan is cheaper/,
    ],
  ])(
    'falls back to the full scan for %s',
    async (_name, roleSessions, extra, reason) => {
      const roleEvents = makeSessionEvents('app-a', roleSessions);
      const { usage } = await read({ 'us-east-1': newestFirst(noise, roleEvents) }, extra);
      expect(usage.strategy).toBe('full');
      expect(usage.fallbackReason).toMatch(reason);
      expect(usage.complete).toBe(true);
      expect(countFor(usage, APP)).toBe(roleSessions.reduce((n, s) => n + s.calls, 0));
    },
    20_000,
  );

  it('skips Regions that are not enabled, but not a Region it cannot read', async () => {
    const events = { 'us-east-1': newestFirst(noise, app) };
    const disabled = await read(events, {}, { 'me-south-1': 'UnrecognizedClientException' });
    expect(disabled.usage.strategy).toBe('narrow');
    await disabled.fake.close();
    const denied = await read(events, {}, { 'me-south-1': 'AccessDeniedException' });
    expect(denied.usage.strategy).toBe('full');
    expect(denied.usage.fallbackReason).toMatch(
      /sessions of .* in me-south-1 could not be listed \(AccessDeniedException\)/,
    );
    expect(countFor(denied.usage, APP)).toBe(241 + 30);
  }, 20_000);

  it('reads the head of a window older than 90 days in full, and reports the part LookupEvents no longer has', async () => {
    const late = makeSessionEvents('app-a', [
      ...sessions,
      { accessKeyId: 'ASIALATE', issuedAt: START + 6 * 24 * HOUR, calls: 10 },
    ]);
    const { usage, fake: f } = await read(
      { 'us-east-1': newestFirst(noise, late) },
      { clock: { now: () => Date.parse('2027-02-12T00:00:00Z'), sleep: systemClock.sleep } },
    );
    expect(usage.strategy).toBe('narrow');
    expect(usage.sessions).toBe(1);
    expect(usage.complete).toBe(false);
    expect(usage.gaps.join('\n')).toMatch(/lookup-events keeps 90 days: 2026-11-10T00:00:00.000Z\.\.2026-11-14/);
    expect(usage.covered.start).toBe('2026-11-14T00:00:00.000Z');
    // Sessions issued before 2026-11-14 cannot be found: that part of the window is scanned in full.
    expect(
      f.lookupInputs.some((l) => l.attribute === undefined && l.end === Date.parse('2026-11-14T12:00:00Z') / 1000),
    ).toBe(true);
  }, 20_000);
});

describe('sessionOf', () => {
  const assume = (extra: Record<string, unknown>) => ({
    eventName: 'AssumeRole',
    eventTime: '2026-11-10T00:00:00Z',
    eventID: 'e1',
    requestParameters: { roleArn: APP },
    responseElements: { credentials: { accessKeyId: 'ASIA1' } },
    ...extra,
  });
  it.each<[string, unknown, string]>([
    ['AssumeRole with a key', assume({}), 'session'],
    ['AssumeRoleWithWebIdentity with a key', assume({ eventName: 'AssumeRoleWithWebIdentity' }), 'session'],
    ['a failed AssumeRole', assume({ errorCode: 'AccessDenied', responseElements: null }), 'ignore'],
    [
      'AssumeRole of another role',
      assume({ requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/b` } }),
      'ignore',
    ],
    ['AssumeRole without responseElements', assume({ responseElements: null }), 'untraceable'],
    ['a GetRole naming the role', { eventName: 'GetRole', eventTime: '2026-11-10T00:00:00Z' }, 'ignore'],
    ['IAM Roles Anywhere CreateSession', { eventName: 'CreateSession', eventID: 'x' }, 'untraceable'],
  ])('%s → %s', (_name, record, kind) => {
    expect(sessionOf(record, APP).kind).toBe(kind);
  });
});
