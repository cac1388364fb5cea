/**
 * Usage from CloudTrail LookupEvents: zero set-up, management events only, 90 days. The API has no role filter
 * and allows 2 requests/s per account and Region, so one scan per account+Region serves every configured role,
 * all scans share one token bucket per account+Region, and a scan that runs out of pages or time reports the
 * window it actually covered instead of passing for least privilege.
 */
import { CloudTrailClient, LookupEventsCommand, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { principalMatches } from '../../core/cloudtrail/principal.js';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { pickFields, RECORD_SPEC, toCloudTrailRecord } from '../../core/cloudtrail/scan-record.js';
import { UsageAccumulator } from '../../core/usage/accumulate.js';
import type { UsageSnapshot } from '../../core/usage/evidence.js';
import { awsCallError, isThrottling, awsErrorCode } from '../../aws/errors.js';
import { lookupEventsLimiter, type RateLimiterRegistry } from '../../aws/rate-limit.js';
import { fullJitter, systemClock, type Clock } from '../../aws/sleep.js';

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
}

const PAGE_SIZE = 50;

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
  const coverage: RegionCoverage[] = [];
  let requests = 0;
  let throttled = 0;
  for (const region of regions) {
    const client =
      options.clientFor?.(region) ??
      new CloudTrailClient({
        region,
        // Our bucket paces requests; the SDK's own retries would spend quota behind its back.
        maxAttempts: 1,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.clientConfig ?? {}),
      });
    const bucket = limiter.bucket(options.accountId, region);
    let nextToken: string | undefined;
    let pages = 0;
    let events = 0;
    let oldest = options.window.end;
    let complete = true;
    const seenEventIds = new Set<string>();
    do {
      if (options.maxPages !== undefined && pages >= options.maxPages) {
        complete = false;
        break;
      }
      if (options.timeBudgetMs !== undefined && clock.now() - started >= options.timeBudgetMs) {
        complete = false;
        break;
      }
      const input = {
        StartTime: new Date(options.window.start),
        EndTime: new Date(options.window.end),
        MaxResults: PAGE_SIZE,
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
      let page;
      for (let attempt = 0; ; attempt++) {
        await bucket.take();
        requests++;
        try {
          page = await client.send(new LookupEventsCommand(input));
          break;
        } catch (error) {
          const code = awsErrorCode(error);
          const retryable = isThrottling(error) || code === 'ExpiredTokenException' || code === 'RequestExpired';
          if (isThrottling(error)) throttled++;
          if (!retryable || attempt >= (options.maxRetries ?? 8))
            throw awsCallError('cloudtrail:LookupEvents', `account ${options.accountId} in ${region}`, error);
          await clock.sleep(fullJitter(attempt, 250, 5000, options.random));
        }
      }
      pages++;
      for (const event of page.Events ?? []) {
        events++;
        if (event.EventId) {
          // A resumed page can overlap the previous one; count each event once.
          if (seenEventIds.has(event.EventId)) continue;
          seenEventIds.add(event.EventId);
        }
        const time = event.EventTime?.toISOString();
        if (time && time < oldest) oldest = time;
        addEvent(event, region, events, accumulator, rejections);
      }
      nextToken = page.NextToken;
      options.onProgress?.({ region, pages, events, ...estimate(options.window, oldest, pages) });
    } while (nextToken);
    coverage.push({
      region,
      pages,
      events,
      complete,
      covered: { start: complete ? options.window.start : oldest, end: options.window.end },
    });
  }

  const gaps = coverage
    .filter((c) => !c.complete)
    .map(
      (c) =>
        `lookup-events ${c.region}: read ${c.pages} pages back to ${c.covered.start}; ${options.window.start}..${c.covered.start} was not read (page or time budget)`,
    );
  const coveredStart = coverage.reduce(
    (latest, c) => (c.covered.start > latest ? c.covered.start : latest),
    options.window.start,
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
  };
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
