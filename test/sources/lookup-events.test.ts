import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { readLookupEventsUsage } from '../../src/sources/lookup-events/read.js';
import { LOOKUP_EVENTS_RATE, RateLimiterRegistry } from '../../src/aws/rate-limit.js';
import { makeEvents, startFakeAws, type FakeAws } from '../fakes/aws-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const END = Date.parse('2026-11-20T00:00:00Z') / 1000;
const window = { start: '2026-11-10T00:00:00Z', end: '2026-11-20T00:00:00Z' };
const creds = async () => ({ accessKeyId: 'AKIAFAKE', secretAccessKey: 'x' });

describe('readLookupEventsUsage against a throttling wire fake', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({
      events: {
        'us-east-1': makeEvents(240, ['app-a', 'app-b', 'other'], END),
        'eu-west-1': makeEvents(10, ['app-a'], END),
      },
    });
  });
  afterAll(() => fake.close());

  const clientFor = (region: string) =>
    new CloudTrailClient({
      region,
      endpoint: fake.url,
      credentials: creds,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler(),
    });

  it('scans each Region once for all roles, ≤ 2 req/s, no lost or duplicated page', async () => {
    const usage = await readLookupEventsUsage({
      accountId: '111122223333',
      regions: ['eu-west-1'],
      principalArns: ['arn:aws:iam::111122223333:role/app-a', 'arn:aws:iam::111122223333:role/app-b'],
      window,
      narrow: false,
      clientFor,
      limiter: new RateLimiterRegistry(LOOKUP_EVENTS_RATE, 1),
    });
    expect(usage.complete).toBe(true);
    expect(usage.gaps).toEqual([]);
    // 240 events / 50 = 5 pages in us-east-1, 1 page in eu-west-1: one scan serves both roles.
    const served = fake.lookups.filter((l) => !l.throttled);
    // Regions are read side by side: the order holds within each Region.
    const byRegion = (region: string) =>
      served.filter((l) => l.region === region).map((l) => `${l.region}:${l.token ?? ''}`);
    expect([...byRegion('eu-west-1'), ...byRegion('us-east-1')]).toEqual([
      'eu-west-1:',
      'us-east-1:',
      'us-east-1:tok-50',
      'us-east-1:tok-100',
      'us-east-1:tok-150',
      'us-east-1:tok-200',
    ]);
    expect(fake.lookups.filter((l) => l.throttled)).toEqual([]);
    const principals = new Set(usage.snapshot.calls.map((c) => c.principalArn));
    expect([...principals].sort()).toEqual([
      'arn:aws:iam::111122223333:role/app-a',
      'arn:aws:iam::111122223333:role/app-b',
    ]);
    const total = usage.snapshot.calls.reduce((n, c) => n + c.count, 0);
    expect(total).toBe(160 + 10); // 2/3 of 240 in us-east-1 + 10 in eu-west-1
  }, 10_000);

  it('survives throttling from a competing client and resumes from NextToken', async () => {
    fake.lookups.length = 0;
    // A limiter that allows bursts: the fake throttles, the reader backs off and resumes the same token.
    const usage = await readLookupEventsUsage({
      accountId: '111122223333',
      regions: [],
      principalArns: ['arn:aws:iam::111122223333:role/app-a'],
      window,
      narrow: false,
      clientFor,
      limiter: new RateLimiterRegistry(100, 100),
      random: () => 1,
    });
    expect(usage.complete).toBe(true);
    expect(usage.throttled).toBeGreaterThan(0);
    const served = fake.lookups.filter((l) => !l.throttled).map((l) => l.token ?? '');
    expect(served).toEqual(['', 'tok-50', 'tok-100', 'tok-150', 'tok-200']);
  }, 10_000);

  it('marks the window incomplete when the page budget is hit, with the covered window', async () => {
    const usage = await readLookupEventsUsage({
      accountId: '999999999999',
      regions: [],
      principalArns: [],
      window,
      clientFor,
      maxPages: 2,
      limiter: new RateLimiterRegistry(LOOKUP_EVENTS_RATE, 1),
    });
    expect(usage.complete).toBe(false);
    expect(usage.gaps).toHaveLength(1);
    expect(usage.gaps[0]).toContain('us-east-1');
    // Newest first: 100 events at 60 s steps → the oldest read is END - 99 minutes.
    expect(usage.covered.start).toBe(new Date((END - 99 * 60) * 1000).toISOString());
  }, 10_000);
});

describe('readLookupEventsUsage with short-lived chained credentials', () => {
  it('refreshes credentials that expire mid-scan without losing a page', async () => {
    const { AwsCredentials } = await import('../../src/aws/credentials.js');
    // 301 s credentials are inside the 5-minute refresh margin after ~1 s: the scan must take new ones.
    const fake = await startFakeAws({
      events: { 'us-east-1': makeEvents(200, ['app-a'], END) },
      credentialSeconds: 301,
    });
    try {
      const credentials = new AwsCredentials({
        region: 'us-east-1',
        oidc: {
          roleArn: 'arn:aws:iam::111122223333:role/ci',
          getIdToken: async () => 'jwt',
          clientConfig: { endpoint: fake.url },
        },
      });
      const usage = await readLookupEventsUsage({
        accountId: '111122223333',
        regions: [],
        principalArns: ['arn:aws:iam::111122223333:role/app-a'],
        window,
        narrow: false,
        clientFor: (region) =>
          new CloudTrailClient({
            region,
            endpoint: fake.url,
            credentials: credentials.base,
            maxAttempts: 1,
            requestHandler: new NodeHttpHandler(),
          }),
        limiter: new RateLimiterRegistry(LOOKUP_EVENTS_RATE, 1),
      });
      expect(usage.complete).toBe(true);
      expect(usage.snapshot.calls.reduce((n, c) => n + c.count, 0)).toBe(200);
      const keys = new Set(fake.lookups.map((l) => l.accessKeyId));
      expect(keys.size).toBeGreaterThan(1);
      expect(fake.lookups.map((l) => l.token ?? '')).toEqual(['', 'tok-50', 'tok-100', 'tok-150']);
    } finally {
      await fake.close();
    }
  }, 10_000);
});
