/**
 * Usage from CloudTrail LookupEvents: zero set-up, management events only, 90 days. The API has no role filter
 * and allows 2 requests/s per account and Region, so one scan per account+Region serves every configured role,
 * all scans share one token bucket per account+Region, and a scan that runs out of pages or time reports the
 * window it actually covered instead of passing for least privilege.
 */
import {
  CloudTrailClient,
  LookupEventsCommand,
  type Event as TrailEvent,
  type LookupAttributeKey,
} from '@aws-sdk/client-cloudtrail';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { parseIamArn, principalMatches } from '../../core/cloudtrail/principal.js';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { pickFields, RECORD_SPEC, toCloudTrailRecord } from '../../core/cloudtrail/scan-record.js';
import { UsageAccumulator } from '../../core/usage/accumulate.js';
import type { UsageSnapshot } from '../../core/usage/evidence.js';
import { awsCallError, isThrottling, awsErrorCode } from '../../aws/errors.js';
import { lookupEventsLimiter, type RateLimiterRegistry } from '../../aws/rate-limit.js';
import { fullJitter, systemClock, type Clock } from '../../aws/sleep.js';
import { MAX_SESSION_MS, sessionOf, sessionWindow, type RoleSession } from './sessions.js';

/** IAM and STS are global services whose events CloudTrail records in us-east-1. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

export interface LookupProgress {
  readonly region: string;
  readonly pages: number;
  readonly events: number;
  /** Rough: pages still to read at 2/s, estimated from how far back the scan got. */
  readonly estimatedSecondsLeft?: number;
}

export interface LookupEventsOptions {
  readonly accountId: string;
  readonly regions: readonly string[];
  /** Every role to analyze in this account: one scan serves them all. */
  readonly principalArns: readonly string[];
  readonly window: { readonly start: string; readonly end: string };
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly clientConfig?: Record<string, unknown>;
  /** Per Region; when hit the result is incomplete. Default unlimited. */
  readonly maxPages?: number;
  /** Wall-clock budget for the whole read, ms. Default unlimited. */
  readonly timeBudgetMs?: number;
  readonly limiter?: RateLimiterRegistry;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly maxRetries?: number;
  readonly onProgress?: (progress: LookupProgress) => void;
  /** For tests and the bench: a client per Region. */
  readonly clientFor?: (region: string) => CloudTrailClient;
  /**
   * Read only the named principals' events (by `Username`, or by the `AccessKeyId` of each role session found in
   * `AssumeRole*` events) when that is provably complete. Default true; false always scans the full window.
   */
  readonly narrow?: boolean;
  /** Most lookups a narrow read may plan; by default it is used whenever it costs fewer requests than the full scan. */
  readonly maxNarrowLookups?: number;
}

export interface RegionCoverage {
  readonly region: string;
  readonly pages: number;
  readonly events: number;
  readonly complete: boolean;
  /** The window actually read: LookupEvents pages go newest first, so an early stop loses the oldest part. */
  readonly covered: { readonly start: string; readonly end: string };
}

export interface LookupEventsUsage {
  readonly snapshot: UsageSnapshot;
  readonly rejections: RecordRejection[];
  readonly complete: boolean;
  readonly gaps: string[];
  readonly covered: { readonly start: string; readonly end: string };
  readonly regions: RegionCoverage[];
  readonly requests: number;
  readonly throttled: number;
  /** `narrow`: per-principal lookups; `full`: every event of the account in the window. */
  readonly strategy: 'narrow' | 'full';
  /** Role sessions followed by access key id (narrow only). */
  readonly sessions: number;
  /** Why the narrow read was not used, when it was tried. */
  readonly fallbackReason?: string;
}

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;
/** LookupEvents serves the last 90 days of management events. */
export const LOOKUP_EVENTS_RETENTION_MS = 90 * DAY_MS;

interface Lookup {
  readonly region: string;
  readonly start: string;
  readonly end: string;
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string };
  /** Resume a scan whose first page was already read. */
  readonly startToken?: string;
  /** Stop after this many pages of this lookup (the probe reads one). */
  readonly pageLimit?: number;
  /** Return a non-retryable error instead of throwing (session discovery in Regions that may not be enabled). */
  readonly tolerateErrors?: boolean;
}

interface LookupResult {
  pages: number;
  events: number;
  oldest: string;
  complete: boolean;
  /** Set when the lookup stopped at `pageLimit` with more pages to read. */
  nextToken?: string;
  error?: unknown;
}

export async function readLookupEventsUsage(options: LookupEventsOptions): Promise<LookupEventsUsage> {
  const clock = options.clock ?? systemClock;
  const limiter = options.limiter ?? lookupEventsLimiter;
  const started = clock.now();
  const regions = [...new Set([...options.regions, GLOBAL_EVENTS_REGION])].sort();
  const wanted = options.principalArns;
  const accumulator = new UsageAccumulator({
    principalFilter: (arn) => wanted.length === 0 || wanted.some((w) => principalMatches(w, arn)),
    window: options.window,
  });
  const rejections: RecordRejection[] = [];
  let requests = 0;
  let throttled = 0;
  const clients = new Map<string, CloudTrailClient>();
  const clientOf = (region: string): CloudTrailClient => {
    let client = clients.get(region);
    if (!client) {
      client =
        options.clientFor?.(region) ??
        new CloudTrailClient({
          region,
          // Our bucket paces requests; the SDK's own retries would spend quota behind its back.
          maxAttempts: 1,
          ...(options.credentials ? { credentials: options.credentials } : {}),
          ...(options.clientConfig ?? {}),
        });
      clients.set(region, client);
    }
    return client;
  };
  const pagesByRegion = new Map<string, number>();
  const eventsByRegion = new Map<string, number>();
  // Narrow lookups overlap (two sessions' slices, the untraceable head of the window): count each event once.
  const seenByRegion = new Map<string, Set<string>>();

  /** Reads every page of one lookup, paced by the account+Region bucket, retried on throttling and expiry. */
  const lookup = async (l: Lookup, onEvent: (event: TrailEvent) => void, budgeted: boolean): Promise<LookupResult> => {
    const client = clientOf(l.region);
    const bucket = limiter.bucket(options.accountId, l.region);
    let nextToken: string | undefined = l.startToken;
    let pages = 0;
    let events = 0;
    let oldest = l.end;
    do {
      if (l.pageLimit !== undefined && pages >= l.pageLimit)
        return { pages, events, oldest, complete: false, ...(nextToken ? { nextToken } : {}) };
      const regionPages = pagesByRegion.get(l.region) ?? 0;
      if (budgeted && options.maxPages !== undefined && regionPages >= options.maxPages)
        return { pages, events, oldest, complete: false };
      if (options.timeBudgetMs !== undefined && clock.now() - started >= options.timeBudgetMs)
        return { pages, events, oldest, complete: false };
      const input = {
        StartTime: new Date(l.start),
        EndTime: new Date(l.end),
        MaxResults: PAGE_SIZE,
        ...(l.attribute
          ? { LookupAttributes: [{ AttributeKey: l.attribute.key, AttributeValue: l.attribute.value }] }
          : {}),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
      let page;
      for (let attempt = 0; ; attempt++) {
        const release = await bucket.acquire();
        requests++;
        try {
          page = await client.send(new LookupEventsCommand(input));
          release();
          break;
        } catch (error) {
          release();
          const code = awsErrorCode(error);
          const retryable = isThrottling(error) || code === 'ExpiredTokenException' || code === 'RequestExpired';
          if (isThrottling(error)) throttled++;
          if (!retryable && l.tolerateErrors) return { pages, events, oldest, complete: false, error };
          if (!retryable || attempt >= (options.maxRetries ?? 8))
            throw awsCallError('cloudtrail:LookupEvents', `account ${options.accountId} in ${l.region}`, error);
          await clock.sleep(fullJitter(attempt, 250, 5000, options.random));
        }
      }
      pages++;
      if (budgeted) pagesByRegion.set(l.region, regionPages + 1);
      for (const event of page.Events ?? []) {
        events++;
        const time = event.EventTime?.toISOString();
        if (time && time < oldest) oldest = time;
        onEvent(event);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return { pages, events, oldest, complete: true };
  };

  const record = (region: string) => (event: TrailEvent) => {
    const seen = seenByRegion.get(region) ?? new Set<string>();
    seenByRegion.set(region, seen);
    if (event.EventId) {
      // A resumed page can overlap the previous one; count each event once.
      if (seen.has(event.EventId)) return;
      seen.add(event.EventId);
    }
    const n = (eventsByRegion.get(region) ?? 0) + 1;
    eventsByRegion.set(region, n);
    addEvent(event, region, n, accumulator, rejections);
  };

  const retentionStart = new Date(started - LOOKUP_EVENTS_RETENTION_MS).toISOString();
  const progress = (region: string, narrow: boolean) => (event: TrailEvent) => {
    record(region)(event);
    const pages = pagesByRegion.get(region) ?? 0;
    options.onProgress?.({
      region,
      pages,
      events: eventsByRegion.get(region) ?? 0,
      ...(narrow ? {} : estimate(options.window, event.EventTime?.toISOString() ?? options.window.end, pages)),
    });
  };

  // The probe: the first page of each Region's full scan. It tells how dense the account is (so whether following
  // sessions can be cheaper than reading everything), and a full scan resumes after it rather than reading it twice.
  const narrowWanted = options.narrow !== false && wanted.length > 0;
  const probes = new Map<string, LookupResult>();
  if (narrowWanted)
    await Promise.all(
      regions.map(async (region) => {
        const probe = { region, start: options.window.start, end: options.window.end, pageLimit: 1 };
        probes.set(region, await lookup(probe, progress(region, false), true));
      }),
    );
  const fullPagesLeft = [...probes.values()].reduce(
    (n, p) => n + (p.nextToken ? Math.max(1, estimatePages(options.window, p.oldest, 1) - 1) : 0),
    0,
  );
  const plan: NarrowPlan = !narrowWanted
    ? { lookups: undefined, fallbackReason: undefined }
    : fullPagesLeft === 0
      ? { lookups: undefined, fallbackReason: 'the first page of each Region held the whole window' }
      : await planNarrow(options, regions, retentionStart, fullPagesLeft, (l, onEvent) => lookup(l, onEvent, false));

  const lookups: Lookup[] =
    plan.lookups ??
    regions.flatMap((region) => {
      const probe = probes.get(region);
      if (probe && !probe.nextToken) return [];
      return [
        {
          region,
          start: options.window.start,
          end: options.window.end,
          ...(probe?.nextToken ? { startToken: probe.nextToken } : {}),
        },
      ];
    });
  const results = new Map<string, LookupResult[]>();
  // Each Region has its own quota, so Regions are read side by side; within a Region, one lookup at a time.
  // The accumulator is order-independent, and rejections are sorted below, so the result stays deterministic.
  await Promise.all(
    regions.map(async (region) => {
      for (const l of lookups.filter((x) => x.region === region)) {
        const result = await lookup(l, progress(region, plan.lookups !== undefined), true);
        results.set(region, [...(results.get(region) ?? []), result]);
      }
    }),
  );
  rejections.sort((a, b) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : (a.recordIndex ?? 0) - (b.recordIndex ?? 0),
  );

  const coverage: RegionCoverage[] = regions.map((region) => {
    const rs = results.get(region) ?? [];
    const incomplete = rs.filter((r) => !r.complete);
    const coveredStart = incomplete.reduce(
      (latest, r) => (r.oldest > latest ? r.oldest : latest),
      options.window.start,
    );
    return {
      region,
      pages: pagesByRegion.get(region) ?? 0,
      events: eventsByRegion.get(region) ?? 0,
      complete: incomplete.length === 0,
      covered: { start: coveredStart, end: options.window.end },
    };
  });

  const gaps = coverage
    .filter((c) => !c.complete)
    .map(
      (c) =>
        `lookup-events ${c.region}: read ${c.pages} pages back to ${c.covered.start}; ${options.window.start}..${c.covered.start} was not read (page or time budget)`,
    );
  // Asking LookupEvents for more than it keeps: the older part does not exist there (a day of slack for clocks).
  if (Date.parse(options.window.start) < Date.parse(retentionStart) - DAY_MS)
    gaps.push(
      `lookup-events keeps 90 days: ${options.window.start}..${retentionStart} is not available (read the trail with --source s3 or athena)`,
    );
  const coveredStart = coverage.reduce(
    (latest, c) => (c.covered.start > latest ? c.covered.start : latest),
    Date.parse(options.window.start) < Date.parse(retentionStart) - DAY_MS ? retentionStart : options.window.start,
  );
  return {
    snapshot: accumulator.snapshot(),
    rejections,
    complete: gaps.length === 0,
    gaps,
    covered: { start: coveredStart, end: options.window.end },
    regions: coverage,
    requests,
    throttled,
    strategy: plan.lookups ? 'narrow' : 'full',
    sessions: plan.sessions ?? 0,
    ...(plan.fallbackReason ? { fallbackReason: plan.fallbackReason } : {}),
  };
}

interface NarrowPlan {
  readonly lookups: Lookup[] | undefined;
  readonly fallbackReason: string | undefined;
  readonly sessions?: number;
}

/**
 * Every Region of the partition, where a role session can be issued through a regional STS endpoint. Session
 * discovery looks in all of them: a session issued in a Region that is not read can still call one that is.
 * Regions that are not enabled answer with an authentication error and cannot have issued anything.
 */
export const PARTITION_REGIONS: Record<string, readonly string[]> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/** Errors that mean "this Region is not enabled for the account": it issued no session. */
const REGION_NOT_ENABLED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'OptInRequired',
  'AuthFailure',
]);

interface NarrowPlan {
  readonly lookups: Lookup[] | undefined;
  readonly fallbackReason: string | undefined;
  readonly sessions?: number;
}

/**
 * The narrowest complete read: IAM users by `Username`; roles by the `AccessKeyId` of every session issued for
 * them (found by `ResourceName = role ARN` in every Region of the partition, from 12 hours before the window:
 * sessions last at most that long), each over the slice of the window the session can act in, in every Region
 * read. The head of the window whose sessions were issued before LookupEvents' 90 days is scanned in full. Chosen
 * only when it costs fewer requests than the rest of the full scan (`fullPagesLeft`, estimated from the probe).
 */
async function planNarrow(
  options: LookupEventsOptions,
  regions: readonly string[],
  retentionStart: string,
  fullPagesLeft: number,
  lookup: (l: Lookup, onEvent: (event: TrailEvent) => void) => Promise<LookupResult>,
): Promise<NarrowPlan> {
  const budget = Math.min(fullPagesLeft, options.maxNarrowLookups ?? Number.POSITIVE_INFINITY);
  const cheaper = `the full scan is cheaper (about ${fullPagesLeft} more pages)`;
  const window = options.window;
  const lookups: Lookup[] = [];
  const sessions = new Map<string, RoleSession>();
  const issuedFrom = new Date(Math.max(Date.parse(window.start) - MAX_SESSION_MS, Date.parse(retentionStart)));
  const arns = [...new Set(options.principalArns)].sort();
  const parsed = arns.map((arn) => ({ arn, iam: parseIamArn(arn) }));
  const bad = parsed.find((p) => p.iam?.kind !== 'role' && p.iam?.kind !== 'user');
  if (bad) return { lookups: undefined, fallbackReason: `${bad.arn} is neither an IAM role nor a user` };
  const roles = parsed.filter((p) => p.iam?.kind === 'role').map((p) => p.arn);
  const partition = parsed[0]?.iam?.partition ?? 'aws';
  const partitionRegions = PARTITION_REGIONS[partition];
  if (roles.length > 0 && !partitionRegions)
    return { lookups: undefined, fallbackReason: `the Regions of partition ${partition} are not known to this build` };
  const discoveryRegions = [...new Set([...(partitionRegions ?? []), ...regions])].sort();
  const planned = roles.length * discoveryRegions.length;
  if (planned > budget) return { lookups: undefined, fallbackReason: cheaper };

  for (const { iam } of parsed)
    if (iam?.kind === 'user')
      for (const region of regions)
        lookups.push({ region, start: window.start, end: window.end, attribute: { key: 'Username', value: iam.name } });

  for (const arn of roles) {
    let found = 0;
    let untraceable: string | undefined;
    // Each Region has its own quota: look in all of them side by side.
    await Promise.all(
      discoveryRegions.map(async (region) => {
        const result = await lookup(
          {
            region,
            start: issuedFrom.toISOString(),
            end: window.end,
            attribute: { key: 'ResourceName', value: arn },
            tolerateErrors: true,
          },
          (event) => {
            let record: unknown;
            try {
              record = JSON.parse(event.CloudTrailEvent ?? '');
            } catch {
              untraceable ??= `event ${event.EventId ?? '?'} naming ${arn} has no JSON CloudTrailEvent`;
              return;
            }
            const verdict = sessionOf(record, arn);
            if (verdict.kind === 'untraceable') untraceable ??= verdict.reason;
            if (verdict.kind === 'session') {
              found++;
              sessions.set(verdict.session.accessKeyId, verdict.session);
            }
          },
        );
        const code = result.error === undefined ? undefined : awsErrorCode(result.error);
        if (result.error !== undefined && !(code && REGION_NOT_ENABLED.has(code)) && !regions.includes(region))
          untraceable ??= `sessions of ${arn} in ${region} could not be listed (${code ?? String(result.error)})`;
        else if (result.error !== undefined && regions.includes(region))
          throw awsCallError('cloudtrail:LookupEvents', `account ${options.accountId} in ${region}`, result.error);
        else if (result.error === undefined && !result.complete) untraceable ??= 'the session lookup ran out of budget';
      }),
    );
    if (untraceable) return { lookups: undefined, fallbackReason: untraceable };
    // No session found: the role may be unused, or the ARN may lack its path. Only the full scan can tell.
    if (found === 0) return { lookups: undefined, fallbackReason: `no AssumeRole event names ${arn} in the window` };
    if (planned + sessions.size * regions.length > budget) return { lookups: undefined, fallbackReason: cheaper };
  }
  for (const session of [...sessions.values()].sort((a, b) => (a.accessKeyId < b.accessKeyId ? -1 : 1))) {
    const slice = sessionWindow(session, window);
    if (!slice) continue;
    for (const region of regions)
      lookups.push({ region, ...slice, attribute: { key: 'AccessKeyId', value: session.accessKeyId } });
  }
  // Sessions issued before the retention start cannot be found; their part of the window is read in full.
  const untraceableEnd = Date.parse(retentionStart) + MAX_SESSION_MS;
  if (Date.parse(window.start) < untraceableEnd)
    for (const region of regions)
      lookups.push({
        region,
        start: window.start,
        end: new Date(Math.min(untraceableEnd, Date.parse(window.end))).toISOString(),
      });
  return { lookups, fallbackReason: undefined, sessions: sessions.size };
}

/** Pages a full scan of the window needs, from how far back `pages` pages reached. */
function estimatePages(window: { start: string; end: string }, oldest: string, pages: number): number {
  const total = Date.parse(window.end) - Date.parse(window.start);
  const done = Date.parse(window.end) - Date.parse(oldest);
  if (!(done > 0) || !(total > 0)) return pages;
  return Math.ceil((pages * total) / done);
}

function estimate(
  window: { start: string; end: string },
  oldest: string,
  pages: number,
): { estimatedSecondsLeft?: number } {
  const total = Date.parse(window.end) - Date.parse(window.start);
  const done = Date.parse(window.end) - Date.parse(oldest);
  if (!(done > 0) || !(total > 0)) return {};
  const pagesLeft = (pages * (total - done)) / done;
  return { estimatedSecondsLeft: Math.ceil(pagesLeft / 2) };
}

function addEvent(
  event: TrailEvent,
  region: string,
  index: number,
  accumulator: UsageAccumulator,
  rejections: RecordRejection[],
): void {
  const file = `lookup-events:${region}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.CloudTrailEvent ?? '');
  } catch {
    rejections.push({ file, recordIndex: index, reason: `event ${event.EventId ?? '?'} has no JSON CloudTrailEvent` });
    return;
  }
  const verdict = toCloudTrailRecord(pickFields(parsed, RECORD_SPEC));
  if ('reason' in verdict) {
    rejections.push({ file, recordIndex: index, reason: verdict.reason });
    return;
  }
  accumulator.add(verdict.record);
}
