/**
 * LookupEvents scenario: an account with many principals and a busy window, several configured roles. Prints
 * the requests ALPHA's single shared scan uses against the naive one-full-scan-per-role baseline and the
 * theoretical minimum (pages holding only the roles' own events, which would need a role filter the API lacks),
 * and the wall time each costs at the 2 requests/s quota. Requests go over the wire to the loopback fake; the
 * pacing uses a virtual clock so the bench runs in seconds.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { RateLimiterRegistry, LOOKUP_EVENTS_RATE } from '../src/aws/rate-limit.js';
import { readLookupEventsUsage } from '../src/sources/lookup-events/read.js';
import { makeEvents, startFakeAws } from '../test/fakes/aws-server.js';

export interface LookupEventsBenchOptions {
  readonly principals?: number;
  readonly configuredRoles?: number;
  /** Events per Region, newest first. */
  readonly eventsPerRegion?: Record<string, number>;
}

export interface LookupEventsBenchResult {
  readonly requests: number;
  readonly naiveRequests: number;
  readonly minimumRequests: number;
  readonly secondsAtQuota: number;
  readonly naiveSecondsAtQuota: number;
  readonly minimumSecondsAtQuota: number;
  readonly elapsedMs: number;
  readonly complete: boolean;
  readonly principals: number;
  readonly configuredRoles: number;
  readonly events: number;
  readonly regions: number;
}

const PAGE = 50;

export async function benchLookupEvents(options: LookupEventsBenchOptions = {}): Promise<LookupEventsBenchResult> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const principalCount = options.principals ?? 40;
  const roleCount = Math.min(options.configuredRoles ?? 5, principalCount);
  const perRegion = options.eventsPerRegion ?? { 'us-east-1': 20_000, 'eu-west-1': 10_000 };
  const principals = Array.from({ length: principalCount }, (_, i) => `app-${String(i).padStart(3, '0')}`);
  const roles = principals.slice(0, roleCount).map((name) => `arn:aws:iam::111122223333:role/${name}`);
  const end = Math.floor(Date.parse('2026-11-20T00:00:00Z') / 1000);
  const events = Object.fromEntries(
    Object.entries(perRegion).map(([region, n]) => [region, makeEvents(n, principals, end, 10)]),
  );
  const fake = await startFakeAws({ events, throttlePerSecond: Number.POSITIVE_INFINITY });
  let virtual = 0;
  const clock = { now: () => virtual, sleep: async (ms: number) => void (virtual += ms) };
  const started = Date.now();
  try {
    const usage = await readLookupEventsUsage({
      accountId: '111122223333',
      regions: Object.keys(perRegion),
      principalArns: roles,
      window: { start: '2026-10-01T00:00:00Z', end: '2026-11-20T00:00:00Z' },
      limiter: new RateLimiterRegistry(LOOKUP_EVENTS_RATE, 1, clock),
      clock,
      clientFor: (region) =>
        new CloudTrailClient({
          region,
          endpoint: fake.url,
          maxAttempts: 1,
          credentials: async () => ({ accessKeyId: 'AKIABENCH', secretAccessKey: 'x' }),
          requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true } }),
        }),
    });
    const fullScan = Object.values(perRegion).reduce((n, count) => n + Math.max(1, Math.ceil(count / PAGE)), 0);
    const roleShare = roleCount / principalCount;
    const minimum = Object.values(perRegion).reduce(
      (n, count) => n + Math.max(1, Math.ceil((count * roleShare) / PAGE)),
      0,
    );
    return {
      requests: usage.requests,
      naiveRequests: fullScan * roleCount,
      minimumRequests: minimum,
      secondsAtQuota: usage.requests / 2,
      naiveSecondsAtQuota: (fullScan * roleCount) / 2,
      minimumSecondsAtQuota: minimum / 2,
      elapsedMs: Date.now() - started,
      complete: usage.complete,
      principals: principalCount,
      configuredRoles: roleCount,
      events: Object.values(perRegion).reduce((a, b) => a + b, 0),
      regions: Object.keys(perRegion).length,
    };
  } finally {
    await fake.close();
  }
}

export function formatLookupEventsBench(r: LookupEventsBenchResult): string {
  return [
    `lookup-events scenario (${r.principals} principals, ${r.configuredRoles} configured roles, ${r.events} events in ${r.regions} Regions)`,
    `  ALPHA (one shared scan):   ${r.requests} requests, ${r.secondsAtQuota.toFixed(0)} s at 2 req/s${r.complete ? '' : ' (INCOMPLETE)'}`,
    `  naive (full scan per role): ${r.naiveRequests} requests, ${r.naiveSecondsAtQuota.toFixed(0)} s`,
    `  theoretical minimum:        ${r.minimumRequests} requests, ${r.minimumSecondsAtQuota.toFixed(0)} s (needs a role filter LookupEvents does not have)`,
    `  bench wall time ${r.elapsedMs} ms (virtual pacing)`,
  ].join('\n');
}
