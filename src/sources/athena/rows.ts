/**
 * Rows of the usage query (sql.ts) → the UsageSnapshot the local reader would have built from the same records,
 * as far as Athena can see them. Pure: no I/O, so the same function serves the reader and the parity tests.
 *
 * Principals are normalized here with the local path's own rules (`resolvePrincipal`, `principalMatches`), so
 * the SQL only has to keep a superset; rows that resolve to the same principal (a role seen both through its
 * issuer and through bare session ARNs) are merged by the accumulator, exactly.
 */
import { passedRolesOf } from '../../core/cloudtrail/implied.js';
import { resourcesOf } from '../../core/cloudtrail/resources.js';
import { parseIamArn, principalMatches, resolvePrincipal } from '../../core/cloudtrail/principal.js';
import type { CloudTrailRecord, RecordRejection } from '../../core/cloudtrail/record.js';
import { mergeSnapshots, timeKey } from '../../core/usage/accumulate.js';
import type { CallAggregate, UsageSnapshot } from '../../core/usage/evidence.js';
import { USAGE_COLUMNS, type UsageColumn } from './sql.js';

export interface UsageRowsContext {
  /** Names rejections, e.g. `athena:<query id>`. */
  readonly source: string;
  readonly principalArns: readonly string[];
  readonly maxResourcesPerCall: number;
}

export interface UsageRowsResult {
  readonly snapshot: UsageSnapshot;
  readonly rejections: RecordRejection[];
  /** Calls whose passed roles come from a sample only. */
  readonly gaps: string[];
}

const COLUMN_INDEX = new Map<UsageColumn, number>(USAGE_COLUMNS.map((c, i) => [c, i]));

class RowError extends Error {}

/** One result row as text cells; SQL NULL is undefined (from the API) or null. */
export type Row = readonly (string | null | undefined)[];

function cell(row: Row, column: UsageColumn): string | undefined {
  return row[COLUMN_INDEX.get(column) as number] ?? undefined;
}

function text(row: Row, column: UsageColumn): string {
  return cell(row, column) ?? '';
}

function count(row: Row, column: UsageColumn): number {
  const value = cell(row, column) ?? '0';
  if (!/^\d{1,15}$/.test(value)) throw new RowError(`${column} is not a count: ${JSON.stringify(value)}`);
  return Number(value);
}

function time(row: Row, column: UsageColumn): string {
  const value = text(row, column);
  try {
    timeKey(value);
  } catch {
    throw new RowError(`${column} is not an ISO 8601 time: ${JSON.stringify(value)}`);
  }
  return value;
}

function jsonArray<T>(row: Row, column: UsageColumn, item: (v: unknown) => v is T): T[] {
  const value = cell(row, column);
  if (value === undefined || value === '' || value === 'null') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new RowError(`${column} is not JSON`);
  }
  if (!Array.isArray(parsed) || !parsed.every(item))
    throw new RowError(`${column} is not an array of the expected values`);
  return parsed;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** `min(eventtime || ' ' || eventid)`, with `~` standing for a record without an id (such records lose ties). */
function sampleEventId(earliest: string): string {
  const space = earliest.search(/[ ~]/);
  if (space < 0 || earliest[space] === '~') return '';
  return earliest.slice(space + 1);
}

const isParameterSet = (v: unknown): v is [string, string, string, string] =>
  Array.isArray(v) && v.length === 4 && v.every(isString) && /^\d{1,15}$/.test(v[3] as string);

/** A record carrying what the query kept of one (or many identical) original records, for the local rules. */
function syntheticRecord(
  call: Pick<CallAggregate, 'eventSource' | 'eventName' | 'principalArn' | 'firstSeen'>,
  account: string,
  region: string,
  requestParameters: unknown,
): CloudTrailRecord {
  const caller = parseIamArn(call.principalArn);
  return {
    eventTime: call.firstSeen,
    eventSource: call.eventSource,
    eventName: call.eventName,
    ...(region ? { awsRegion: region } : {}),
    ...(account ? { recipientAccountId: account } : {}),
    userIdentity: { arn: call.principalArn, ...(caller ? { accountId: caller.accountId } : {}) },
    requestParameters,
  };
}

/**
 * `[account, region, {resource-naming parameters}, records]` sets → resource ARNs with reference counts, read
 * with the local path's `resourcesOf` (each record counts once per ARN, as there).
 */
function parameterResources(
  sets: readonly [string, string, string, string][],
  call: Pick<CallAggregate, 'eventSource' | 'eventName' | 'principalArn' | 'firstSeen'>,
): { references: Map<string, number>; unreadable: number } {
  const references = new Map<string, number>();
  let unreadable = 0;
  for (const [account, region, parameters, records] of sets) {
    let params: unknown;
    try {
      params = JSON.parse(parameters);
    } catch {
      unreadable++;
      continue;
    }
    for (const arn of resourcesOf(syntheticRecord(call, account, region, params)))
      references.set(arn, (references.get(arn) ?? 0) + Number(records));
  }
  return { references, unreadable };
}

/** `account region {requestParameters}` samples → roles passed, read by the local path's own rules. */
function passedRoles(
  samples: readonly string[],
  call: Pick<CallAggregate, 'eventSource' | 'eventName' | 'principalArn' | 'firstSeen'>,
): { roles: string[]; unreadable: number } {
  const roles = new Set<string>();
  let unreadable = 0;
  for (const sample of samples) {
    const [account = '', region = ''] = sample.split(' ', 2);
    let params: unknown;
    try {
      params = JSON.parse(sample.slice(account.length + region.length + 2));
    } catch {
      unreadable++;
      continue;
    }
    for (const role of passedRolesOf(syntheticRecord(call, account, region, params))) roles.add(role);
  }
  return { roles: [...roles].sort(), unreadable };
}

/** Rows of `usageQuery` (header removed) → snapshot, rejections (rows that could not be read) and gaps. */
export function snapshotFromUsageRows(rows: readonly Row[], ctx: UsageRowsContext): UsageRowsResult {
  const calls: CallAggregate[] = [];
  const activeDays: Record<string, string[]> = {};
  const regions = new Set<string>();
  const rejections: RecordRejection[] = [];
  const gaps: string[] = [];
  let eventsRead = 0;
  let eventsIgnored = 0;
  let oldest: string | undefined;
  let newest: string | undefined;
  let sawDataEvents = false;

  rows.forEach((row, index) => {
    try {
      const kind = text(row, 'principal_kind');
      if (kind !== 'selected' && kind !== 'unselected' && kind !== 'ignored')
        throw new RowError(`principal_kind ${JSON.stringify(kind)} is unknown`);
      const n = count(row, 'calls');
      const first = time(row, 'first_seen');
      const last = time(row, 'last_seen');
      const rowRegions = jsonArray(row, 'regions', isString);
      const dataEvents = count(row, 'data_events');
      // Totals count every record in the window, whoever made it (as the local reader's totals do).
      eventsRead += n;
      if (oldest === undefined || timeKey(first) < timeKey(oldest)) oldest = first;
      if (newest === undefined || timeKey(last) > timeKey(newest)) newest = last;
      for (const r of rowRegions) regions.add(r);
      if (dataEvents > 0) sawDataEvents = true;
      if (kind === 'ignored') {
        eventsIgnored += n;
        return;
      }
      if (kind === 'unselected') return;

      if (text(row, 'eventsource') === '' || text(row, 'eventname') === '')
        // The local reader rejects such records one by one; here they arrive as one group.
        throw new RowError(`${n} record(s) of ${text(row, 'principal')} have no eventSource or eventName`);
      const principal = resolvePrincipal({
        type: text(row, 'identity_type'),
        arn: text(row, 'principal'),
        sessionContext: { sessionIssuer: { arn: text(row, 'principal') } },
      });
      if (principal === undefined) {
        eventsIgnored += n;
        return;
      }
      if (ctx.principalArns.length > 0 && !ctx.principalArns.some((arn) => principalMatches(arn, principal.arn)))
        return;

      const resources = jsonArray(row, 'resources', isString);
      const references = jsonArray(row, 'resource_references', isCount);
      if (references.length !== resources.length) throw new RowError('resource_references does not match resources');
      const days = jsonArray(row, 'days', isDay);
      const samples = jsonArray(row, 'role_parameters', isString);
      const sets = count(row, 'role_parameter_sets');
      const parameterSets = jsonArray(row, 'parameter_sets', isParameterSet);
      const parameterOverflow = count(row, 'parameter_overflow');
      const errorCode = text(row, 'errorcode');
      const call: CallAggregate = {
        principalArn: principal.arn,
        eventSource: text(row, 'eventsource'),
        eventName: text(row, 'eventname'),
        ...(errorCode === '' ? {} : { errorCode }),
        count: n,
        firstSeen: first,
        lastSeen: last,
        regions: [...rowRegions].sort(),
        resources,
        resourcesOverflow: count(row, 'resources_overflow'),
        resourceReferences: references,
        passedRoles: [],
        sampleEventId: sampleEventId(text(row, 'earliest_event')),
        dataEvent: dataEvents > 0,
      };
      const passed = passedRoles(samples, call);
      call.passedRoles = passed.roles;
      if (sets > samples.length)
        gaps.push(
          `athena: ${call.principalArn} ${call.eventSource}:${call.eventName} has ${sets} distinct request-parameter sets naming a role; passed roles were read from ${samples.length} of them, so iam:PassRole may be incomplete`,
        );
      if (passed.unreadable > 0)
        rejections.push({
          file: ctx.source,
          recordIndex: index,
          reason: `${passed.unreadable} request-parameter sample(s) of ${call.eventSource}:${call.eventName} are not JSON; their passed roles were not read`,
        });
      const fromParameters = parameterResources(parameterSets, call);
      if (fromParameters.unreadable > 0)
        rejections.push({
          file: ctx.source,
          recordIndex: index,
          reason: `${fromParameters.unreadable} request-parameter set(s) of ${call.eventSource}:${call.eventName} are not JSON; their resources were not read`,
        });
      calls.push(call);
      if (fromParameters.references.size > 0 || parameterOverflow > 0) {
        // Records without resources[]: their own share of the call (count 0, the rest identical), which the
        // merge below folds into `call` exactly, the resource cap included. Sets the query left out make the
        // resources unscopable (overflow), never silently narrower.
        const arns = [...fromParameters.references.keys()].sort();
        calls.push({
          ...call,
          count: 0,
          resources: arns,
          resourceReferences: arns.map((arn) => fromParameters.references.get(arn) ?? 0),
          resourcesOverflow: parameterOverflow,
          passedRoles: [],
        });
      }
      (activeDays[principal.arn] ??= []).push(...days);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      rejections.push({ file: ctx.source, recordIndex: index, reason: `unreadable result row: ${error.message}` });
    }
  });

  const raw: UsageSnapshot = {
    calls,
    activeDays,
    eventsRead,
    eventsIgnored,
    ...(oldest === undefined ? {} : { oldestEvent: oldest }),
    ...(newest === undefined ? {} : { newestEvent: newest }),
    sawDataEvents,
    regions: [...regions].sort(),
  };
  // Merging folds duplicate calls (same principal through different rows), re-applies the resource cap exactly
  // and sorts everything as the local reader does.
  return {
    snapshot: mergeSnapshots([raw], { maxResourcesPerCall: ctx.maxResourcesPerCall }),
    rejections,
    gaps: gaps.sort(),
  };
}
