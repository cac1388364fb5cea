/**
 * Running one Athena query to the end: StartQueryExecution, GetQueryExecution polled with full-jitter backoff
 * inside a bounded total wait, then GetQueryResults page by page. Every call survives throttling, and every
 * failure becomes an AlphaError that names the missing permission or the option to change.
 */
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { AlphaError } from '../../core/errors.js';
import { awsCallError, awsErrorCode, isThrottling } from '../../aws/errors.js';
import { fullJitter, systemClock, type Clock } from '../../aws/sleep.js';

export interface AthenaQueryTarget {
  readonly database: string;
  readonly workgroup?: string;
  /** `s3://bucket/prefix/` for results; default: the workgroup's result location. */
  readonly outputLocation?: string;
  /** Default AwsDataCatalog (Glue). */
  readonly catalog?: string;
}

export interface AthenaRunOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
  /** First polling delay's upper bound, ms (full jitter). Default 500. */
  readonly pollIntervalMs?: number;
  /** Largest polling delay's upper bound, ms. Default 5000. */
  readonly maxPollIntervalMs?: number;
  /** Total wait for the query to finish, ms. Default 30 minutes (Athena's default DML timeout). */
  readonly maxWaitMs?: number;
  /** Retries per call on throttling. Default 8. */
  readonly maxRetries?: number;
  readonly onProgress?: (p: { state: string; elapsedMs: number; bytesScanned: number }) => void;
}

export interface AthenaQueryOutcome {
  readonly queryExecutionId: string;
  readonly bytesScanned: number;
  /** API requests made, retries included. */
  readonly requests: number;
}

const DEFAULT_CATALOG = 'AwsDataCatalog';
// Printable ASCII after the bucket: no spaces, quotes or control characters reach the API or a message.
const OUTPUT = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[!-~]*)?$/;
const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/;

/** Checks the workgroup and output location once, at the edge. */
export function checkQueryTarget(target: AthenaQueryTarget): void {
  if (target.workgroup !== undefined && !WORKGROUP.test(target.workgroup))
    throw new AlphaError(
      `Athena workgroup ${JSON.stringify(target.workgroup)} is not a valid name`,
      'use the workgroup name as the Athena console shows it (letters, digits, ".", "_", "-")',
    );
  if (target.outputLocation !== undefined && !OUTPUT.test(target.outputLocation))
    throw new AlphaError(
      `Athena output location ${JSON.stringify(target.outputLocation)} is not an S3 URI`,
      'use --athena-output s3://my-athena-results/alpha/',
    );
}

/** Runs `send` and retries throttling with full jitter; any other error is wrapped with the action named. */
async function call<T>(
  action: string,
  target: string,
  send: () => Promise<T>,
  counter: { requests: number },
  options: AthenaRunOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  for (let attempt = 0; ; attempt++) {
    counter.requests++;
    try {
      return await send();
    } catch (error) {
      if (!isThrottling(error) || attempt >= (options.maxRetries ?? 8)) throw athenaCallError(action, target, error);
      await clock.sleep(fullJitter(attempt, 250, 5000, options.random));
    }
  }
}

/** An SDK error from an Athena call → AlphaError; S3 and Glue denials behind Athena get their own fix. */
export function athenaCallError(action: string, target: string, error: unknown): AlphaError {
  const message = error instanceof Error ? error.message : String(error);
  const code = awsErrorCode(error);
  // Athena relays Glue, S3 and KMS denials as its own errors; AWS's text names the action that was refused.
  const refused = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(message)?.[1];
  if (refused && refused !== action)
    return new AlphaError(
      `AWS denied ${refused} behind ${action} on ${target}: ${message}`,
      `allow "${refused}" (and "${action}") in the policy of the role ALPHA runs as (see README, "AWS permissions")`,
    );
  if (code === 'InvalidRequestException' && /output location/i.test(message))
    return new AlphaError(
      `${action} on ${target} failed: ${message}`,
      'pass --athena-output s3://my-athena-results/alpha/ (a bucket the role can write to) or set a query result location on the workgroup',
    );
  if (code === 'InvalidRequestException' || code === 'MetadataException' || code === 'EntityNotFoundException') {
    const fix = /not found|does not exist|EntityNotFound/i.test(`${code} ${message}`)
      ? 'check --athena-database/--athena-table, or create the table with `alpha athena-setup`'
      : undefined;
    return new AlphaError(`${action} on ${target} failed (${code}): ${message}`, fix);
  }
  return awsCallError(action, target, error);
}

/** Athena's reason for a failed query → what to change. */
export function failedQueryFix(reason: string, target: AthenaQueryTarget): string {
  const refused = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(reason)?.[1];
  if (refused) return `allow "${refused}" in the policy of the role ALPHA runs as (see README, "AWS permissions")`;
  if (/access denied|accessdenied|not authorized|forbidden/i.test(reason)) {
    if (/kms/i.test(reason)) return 'allow "kms:Decrypt" on the trail\'s KMS key for the role ALPHA runs as';
    if (/glue|lake formation/i.test(reason))
      return 'allow "glue:GetTable", "glue:GetDatabase" and "glue:GetPartitions" on the catalog, database and table (and grant SELECT in Lake Formation if it governs the database)';
    return `allow "s3:GetObject" and "s3:ListBucket" on the trail bucket, and "s3:GetBucketLocation", "s3:PutObject", "s3:GetObject" on the results location${target.outputLocation ? ` ${target.outputLocation}` : ''} (and "kms:Decrypt" if the logs are SSE-KMS encrypted)`;
  }
  if (/already exists/i.test(reason))
    return 'the table already exists: use it as is, pick another --table, or drop it in the Athena console first (ALPHA never drops anything)';
  if (/TABLE_NOT_FOUND|does not exist|SCHEMA_NOT_FOUND/i.test(reason))
    return 'check --athena-database/--athena-table, or create the table with `alpha athena-setup`';
  if (/HIVE_BAD_DATA|HIVE_CURSOR_ERROR|JSON/i.test(reason))
    return 'the table must use the CloudTrail DDL (JsonSerDe + CloudTrailInputFormat); create it with `alpha athena-setup`';
  if (/exhausted resources|EXCEEDED_/i.test(reason))
    return 'narrow the window (--usage-days) or the roles, or lower the per-call resource cap; Athena ran out of memory or time';
  return 'see the query in the Athena console (Recent queries) for details';
}

function bytesOf(execution: QueryExecution | undefined): number {
  return execution?.Statistics?.DataScannedInBytes ?? 0;
}

/** Starts `sql`, waits for it, and returns its id; throws AlphaError when it fails, is cancelled or times out. */
export async function runAthenaQuery(
  client: AthenaClient,
  sql: string,
  target: AthenaQueryTarget,
  options: AthenaRunOptions = {},
): Promise<AthenaQueryOutcome> {
  checkQueryTarget(target);
  const clock = options.clock ?? systemClock;
  const counter = { requests: 0 };
  const where = `database ${target.database}${target.workgroup ? ` in workgroup ${target.workgroup}` : ''}`;
  const started = await call(
    'athena:StartQueryExecution',
    where,
    () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          QueryExecutionContext: { Database: target.database, Catalog: target.catalog ?? DEFAULT_CATALOG },
          ...(target.workgroup ? { WorkGroup: target.workgroup } : {}),
          ...(target.outputLocation ? { ResultConfiguration: { OutputLocation: target.outputLocation } } : {}),
        }),
      ),
    counter,
    options,
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AlphaError(`athena:StartQueryExecution on ${where} returned no query id`);

  const began = clock.now();
  const maxWait = options.maxWaitMs ?? 30 * 60_000;
  const base = options.pollIntervalMs ?? 500;
  const cap = options.maxPollIntervalMs ?? 5000;
  for (let poll = 0; ; poll++) {
    const got = await call(
      'athena:GetQueryExecution',
      `query ${id}`,
      () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
      counter,
      options,
    );
    const execution = got.QueryExecution;
    const state = execution?.Status?.State ?? 'UNKNOWN';
    const elapsedMs = clock.now() - began;
    options.onProgress?.({ state, elapsedMs, bytesScanned: bytesOf(execution) });
    if (state === 'SUCCEEDED')
      return { queryExecutionId: id, bytesScanned: bytesOf(execution), requests: counter.requests };
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason =
        execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      throw new AlphaError(
        `Athena query ${id} ${state === 'FAILED' ? 'failed' : 'was cancelled'}: ${reason}`,
        failedQueryFix(reason, target),
      );
    }
    if (elapsedMs >= maxWait) {
      // The query keeps running (and billing) without us: stop it. Best effort: a missing
      // athena:StopQueryExecution permission must not hide the real problem, the time limit.
      try {
        counter.requests++;
        await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      } catch {
        // reported below either way
      }
      throw new AlphaError(
        `Athena query ${id} did not finish within ${Math.round(maxWait / 1000)} s (last state ${state}); an aggregate has no partial result, so nothing was read`,
        'narrow the window or the Regions, make sure the table uses partition projection (`alpha athena-setup`) so the query reads only the window, or allow more time (maxWaitMs; the default is 30 minutes)',
      );
    }
    // Never sleep past the deadline; a floor keeps full jitter's zero draws from hammering GetQueryExecution.
    const delay = Math.max(50, fullJitter(poll, base, cap, options.random));
    await clock.sleep(Math.min(delay, Math.max(0, maxWait - elapsedMs)));
  }
}

/** Every row of a finished query as text cells, the header row removed and checked against `columns`. */
export async function readAthenaRows(
  client: AthenaClient,
  queryExecutionId: string,
  columns: readonly string[],
  options: AthenaRunOptions & { readonly pageSize?: number; readonly target?: AthenaQueryTarget } = {},
): Promise<{ rows: (string | undefined)[][]; requests: number }> {
  const counter = { requests: 0 };
  const rows: (string | undefined)[][] = [];
  let token: string | undefined;
  let first = true;
  do {
    let page;
    try {
      page = await call(
        'athena:GetQueryResults',
        `query ${queryExecutionId}`,
        () =>
          client.send(
            new GetQueryResultsCommand({
              QueryExecutionId: queryExecutionId,
              // GetQueryResults returns at most 1000 rows a page.
              MaxResults: Math.min(1000, Math.max(1, options.pageSize ?? 1000)),
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        counter,
        options,
      );
    } catch (error) {
      // Results are read from the S3 output location: a denial there surfaces here.
      if (error instanceof AlphaError && /denied/i.test(error.message) && /s3|bucket|object/i.test(error.message))
        throw new AlphaError(
          error.message,
          `allow "s3:GetObject" on the results location${options.target?.outputLocation ? ` ${options.target.outputLocation}` : ''} as well as "athena:GetQueryResults"`,
        );
      throw error;
    }
    const pageRows = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue));
    if (first) {
      // The first row of the first page is the header for SELECT queries.
      const header = pageRows.shift();
      if (columns.length > 0 && (header === undefined || header.join(',') !== columns.join(',')))
        throw new AlphaError(
          `Athena query ${queryExecutionId} returned columns ${JSON.stringify(header ?? [])}, expected ${JSON.stringify(columns)}`,
        );
      first = false;
    }
    rows.push(...pageRows);
    token = page.NextToken;
  } while (token);
  return { rows, requests: counter.requests };
}

/** The table's partition columns (GetTableMetadata: needs athena:GetTableMetadata and glue:GetTable). */
export async function tablePartitionColumns(
  client: AthenaClient,
  target: AthenaQueryTarget & { readonly table: string },
  options: AthenaRunOptions = {},
): Promise<{ columns: string[]; requests: number }> {
  const counter = { requests: 0 };
  const got = await call(
    'athena:GetTableMetadata',
    `table ${target.database}.${target.table}`,
    () =>
      client.send(
        new GetTableMetadataCommand({
          CatalogName: target.catalog ?? DEFAULT_CATALOG,
          DatabaseName: target.database,
          TableName: target.table,
          ...(target.workgroup ? { WorkGroup: target.workgroup } : {}),
        }),
      ),
    counter,
    options,
  );
  const columns = (got.TableMetadata?.PartitionKeys ?? []).map((c) => c.Name ?? '').filter((n) => n !== '');
  return { columns, requests: counter.requests };
}
