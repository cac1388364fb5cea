/**
 * Usage from an Athena table over the trail's logs: the scale path for windows of tens of GB and organization
 * trails. One GROUP BY query per window serves every principal (never one per role); partition projection keeps
 * the bytes scanned to the window's days (and the roles' accounts, and the Regions if given). Athena does the
 * reading, ALPHA downloads only the aggregates, and they feed the same snapshot as the local reader.
 *
 * Resources and passed roles come from the same rules as the local path (core/cloudtrail/resources.ts and
 * implied.ts) applied to what the query returns: `resources[]` ARNs, the resource-naming request parameters of
 * records without `resources[]`, and a bounded sample of the parameters of writes that name a role. What it
 * cannot see: parameter-named resources of records that also list `resources[]` (a Lambda qualifier, say), and
 * `managementEvent: false` on records without `eventCategory` (AWS's table has no such column).
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { AlphaError } from '../../core/errors.js';
import { DEFAULT_MAX_RESOURCES_PER_CALL } from '../../core/usage/accumulate.js';
import type { UsageSnapshot } from '../../core/usage/evidence.js';
import {
  checkQueryTarget,
  readAthenaRows,
  runAthenaQuery,
  tablePartitionColumns,
  type AthenaQueryTarget,
  type AthenaRunOptions,
} from './query.js';
import { snapshotFromUsageRows } from './rows.js';
import {
  athenaCostUsd,
  athenaIdentifier,
  canonicalTime,
  DEFAULT_PASSED_ROLE_SAMPLE,
  USAGE_COLUMNS,
  usageQuery,
} from './sql.js';

export interface AthenaUsageOptions extends AthenaRunOptions {
  readonly database: string;
  readonly table: string;
  readonly workgroup?: string;
  /** `s3://bucket/prefix/` for query results; default: the workgroup's result location. */
  readonly outputLocation?: string;
  /** Region of the Athena workgroup. Default: the SDK's (AWS_REGION, profile). */
  readonly region?: string;
  /** Empty = every principal (--all-roles). */
  readonly principalArns: readonly string[];
  readonly window: { readonly start: string; readonly end: string };
  readonly credentials?: AwsCredentialIdentityProvider;
  /** Restrict a `region` partition to these (us-east-1 is added for IAM/STS). Default: every Region. */
  readonly regions?: readonly string[];
  /** The table's partition columns; default: asked with athena:GetTableMetadata. */
  readonly partitionColumns?: readonly string[];
  /** Distinct resource ARNs kept per call (the local reader's cap). */
  readonly maxResourcesPerCall?: number;
  readonly passedRoleSample?: number;
  /** Distinct resource-naming parameter sets read per call (more count as resource overflow). */
  readonly parameterSets?: number;
  /** GetQueryResults page size (≤ 1000). */
  readonly pageSize?: number;
  readonly client?: AthenaClient;
  readonly clientConfig?: Record<string, unknown>;
}

export interface AthenaUsage {
  readonly snapshot: UsageSnapshot;
  readonly rejections: RecordRejection[];
  readonly complete: boolean;
  readonly gaps: string[];
  readonly covered: { readonly start: string; readonly end: string };
  readonly requests: number;
  readonly bytesScanned: number;
  /** Approximate: $5 per TB scanned, 10 MB minimum per query (see athenaCostUsd). */
  readonly costUsd: number;
  readonly queryExecutionId: string;
}

/** StartQueryExecution's QueryString limit. */
const ATHENA_MAX_QUERY_BYTES = 262_144;

export async function readAthenaUsage(options: AthenaUsageOptions): Promise<AthenaUsage> {
  // Everything is checked before the first request: a bad name costs nothing.
  const database = athenaIdentifier('database', options.database);
  const table = athenaIdentifier('table', options.table);
  const target: AthenaQueryTarget = {
    database,
    ...(options.workgroup ? { workgroup: options.workgroup } : {}),
    ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
  };
  checkQueryTarget(target);
  const maxResourcesPerCall = options.maxResourcesPerCall ?? DEFAULT_MAX_RESOURCES_PER_CALL;
  const passedRoleSample = options.passedRoleSample ?? DEFAULT_PASSED_ROLE_SAMPLE;
  const window = { start: canonicalTime(options.window.start), end: canonicalTime(options.window.end) };
  const querySpec = {
    database,
    table,
    window,
    principalArns: options.principalArns,
    maxResourcesPerCall,
    passedRoleSample,
    ...(options.parameterSets !== undefined ? { parameterSets: options.parameterSets } : {}),
    ...(options.regions ? { regions: options.regions } : {}),
  };
  // Validates every ARN, Region and the window now; the partition columns only change the WHERE clause.
  usageQuery({ ...querySpec, partitionColumns: [] });

  const client =
    options.client ??
    new AthenaClient({
      ...(options.region ? { region: options.region } : {}),
      // Throttling is retried here with full jitter; the SDK's own retries would multiply it.
      maxAttempts: 1,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.clientConfig ?? {}),
    });
  let requests = 0;
  let partitionColumns = options.partitionColumns;
  if (partitionColumns === undefined) {
    const metadata = await tablePartitionColumns(client, { ...target, table }, options);
    requests += metadata.requests;
    partitionColumns = metadata.columns;
  }
  const sql = usageQuery({ ...querySpec, partitionColumns });
  if (Buffer.byteLength(sql) > ATHENA_MAX_QUERY_BYTES)
    throw new AlphaError(
      `the Athena query for ${options.principalArns.length} roles is ${Buffer.byteLength(sql)} bytes; Athena accepts at most ${ATHENA_MAX_QUERY_BYTES}`,
      'analyze every principal in one query (--all-roles) and pick the roles from the result, or split the roles into batches',
    );
  const run = await runAthenaQuery(client, sql, target, options);
  requests += run.requests;
  const read = await readAthenaRows(client, run.queryExecutionId, USAGE_COLUMNS, {
    ...options,
    target,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  requests += read.requests;
  const result = snapshotFromUsageRows(read.rows, {
    source: `athena:${run.queryExecutionId}`,
    principalArns: options.principalArns,
    maxResourcesPerCall,
  });
  const gaps = [...result.gaps];
  // Not one event from anyone in the window: the table almost certainly does not cover it (LOCATION, projected
  // accounts/Regions/days), and empty usage must never pass for "this role needs nothing".
  if (result.snapshot.eventsRead === 0)
    gaps.unshift(
      `athena: ${database}.${table} returned no events at all for ${window.start}..${window.end}; check the table's LOCATION and its projected accounts, Regions and days (\`alpha athena-setup --print\` shows what ALPHA expects)`,
    );
  return {
    snapshot: result.snapshot,
    rejections: result.rejections,
    // The query read the whole window or failed; only a sampled passed-role set leaves part of it unknown.
    complete: gaps.length === 0,
    gaps,
    covered: window,
    requests,
    bytesScanned: run.bytesScanned,
    costUsd: athenaCostUsd(run.bytesScanned),
    queryExecutionId: run.queryExecutionId,
  };
}
