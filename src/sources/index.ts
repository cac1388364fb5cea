/**
 * One entry for the CLI and the Action: read usage from the chosen source into the shared UsageSnapshot shape,
 * with completeness, the requests made and (athena) the bytes scanned and their approximate cost.
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { RecordRejection } from '../core/cloudtrail/record.js';
import { AlphaError } from '../core/errors.js';
import type { UsageSnapshot } from '../core/usage/evidence.js';
import { readAthenaUsage } from './athena/read.js';
import { readLocalUsage } from './local/read.js';
import { GLOBAL_EVENTS_REGION, readLookupEventsUsage, type LookupProgress } from './lookup-events/read.js';
import { readS3TrailUsage } from './s3/read.js';

export type UsageSourceKind = 'local' | 'lookup-events' | 's3' | 'athena';

export interface UsageSourceOptions {
  readonly source: UsageSourceKind;
  readonly window: { readonly start: string; readonly end: string };
  readonly principalArns: readonly string[];
  /** local */
  readonly cloudtrailLogs?: readonly string[];
  /** lookup-events / s3 */
  readonly accountId?: string;
  readonly regions?: readonly string[];
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly maxPages?: number;
  readonly timeBudgetMs?: number;
  readonly onLookupProgress?: (progress: LookupProgress) => void;
  /** s3 */
  readonly trailBucket?: string;
  readonly trailPrefix?: string;
  readonly organizationId?: string;
  /** athena */
  readonly athenaDatabase?: string;
  readonly athenaTable?: string;
  readonly athenaWorkgroup?: string;
  readonly athenaOutput?: string;
  /** Region of the Athena workgroup; default the SDK's. */
  readonly athenaRegion?: string;
  readonly onAthenaProgress?: (progress: { state: string; elapsedMs: number; bytesScanned: number }) => void;
}

export interface UsageReadResult {
  readonly snapshot: UsageSnapshot;
  readonly rejections: RecordRejection[];
  readonly complete: boolean;
  readonly gaps: string[];
  readonly covered: { readonly start: string; readonly end: string };
  /** API requests made (0 for local). */
  readonly requests: number;
  /** athena: bytes the query scanned and the approximate cost in USD. */
  readonly bytesScanned?: number;
  readonly costUsd?: number;
  /** How the source read, in words (lookup-events: narrow or full, and why). */
  readonly detail?: string;
}

export async function readUsage(options: UsageSourceOptions): Promise<UsageReadResult> {
  switch (options.source) {
    case 'local': {
      const logs = options.cloudtrailLogs ?? [];
      if (logs.length === 0)
        throw new AlphaError(
          'source local needs log files',
          'pass --cloudtrail-logs DIR (or choose --source lookup-events)',
        );
      const local = await readLocalUsage(logs, { principalArns: options.principalArns, window: options.window });
      return {
        snapshot: local.snapshot,
        rejections: local.rejections,
        complete: true,
        gaps: [],
        covered: options.window,
        requests: 0,
      };
    }
    case 'lookup-events': {
      if (!options.accountId)
        throw new AlphaError(
          'source lookup-events needs the account id',
          'pass a full role ARN: its account is scanned',
        );
      const usage = await readLookupEventsUsage({
        accountId: options.accountId,
        regions: options.regions ?? [],
        principalArns: options.principalArns,
        window: options.window,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
        ...(options.timeBudgetMs !== undefined ? { timeBudgetMs: options.timeBudgetMs } : {}),
        ...(options.onLookupProgress ? { onProgress: options.onLookupProgress } : {}),
      });
      return {
        snapshot: usage.snapshot,
        rejections: usage.rejections,
        complete: usage.complete,
        gaps: usage.gaps,
        covered: usage.covered,
        requests: usage.requests,
        detail:
          usage.strategy === 'narrow'
            ? `narrow read: ${usage.sessions} role session(s) followed by access key id`
            : `full scan${usage.fallbackReason ? ` (narrow read not provably complete: ${usage.fallbackReason})` : ''}`,
      };
    }
    case 's3': {
      if (!options.trailBucket)
        throw new AlphaError(
          'source s3 needs the trail bucket',
          'pass --trail-bucket NAME (and --trail-prefix if the trail has one)',
        );
      const usage = await readS3TrailUsage({
        bucket: options.trailBucket,
        // IAM and STS events are delivered under us-east-1 whatever Regions the roles work in.
        regions: [...new Set([...(options.regions ?? []), GLOBAL_EVENTS_REGION])].sort(),
        principalArns: options.principalArns,
        window: options.window,
        ...(options.trailPrefix ? { prefix: options.trailPrefix } : {}),
        ...(options.organizationId ? { organizationId: options.organizationId } : {}),
        ...(options.accountId ? { accountIds: [options.accountId] } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
      return {
        snapshot: usage.snapshot,
        rejections: usage.rejections,
        complete: usage.complete,
        gaps: usage.gaps,
        covered: usage.covered,
        requests: usage.requests,
      };
    }
    case 'athena': {
      if (!options.athenaDatabase || !options.athenaTable)
        throw new AlphaError(
          'source athena needs the database and the CloudTrail table',
          'pass --athena-database DB --athena-table TABLE (and --athena-workgroup / --athena-output if not the defaults)',
        );
      const usage = await readAthenaUsage({
        database: options.athenaDatabase,
        table: options.athenaTable,
        principalArns: options.principalArns,
        window: options.window,
        ...(options.athenaWorkgroup ? { workgroup: options.athenaWorkgroup } : {}),
        ...(options.athenaOutput ? { outputLocation: options.athenaOutput } : {}),
        ...(options.athenaRegion ? { region: options.athenaRegion } : {}),
        ...(options.regions && options.regions.length > 0 ? { regions: options.regions } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.onAthenaProgress ? { onProgress: options.onAthenaProgress } : {}),
      });
      return {
        snapshot: usage.snapshot,
        rejections: usage.rejections,
        complete: usage.complete,
        gaps: usage.gaps,
        covered: usage.covered,
        requests: usage.requests,
        bytesScanned: usage.bytesScanned,
        costUsd: usage.costUsd,
      };
    }
  }
}
