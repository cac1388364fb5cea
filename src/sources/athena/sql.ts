/**
 * The SQL ALPHA sends to Athena, as pure functions: the CloudTrail table DDL (partition projection) and the one
 * usage query per window that aggregates every principal's calls.
 *
 * Nothing untrusted is ever concatenated into SQL unchecked: identifiers must match a strict pattern and are
 * quoted, every literal is validated against the shape it must have (ARN, account, Region, day, time) and then
 * escaped as well, so a value that slipped past a pattern still could not close its quote.
 */
import { AlphaError } from '../../core/errors.js';
import { parseIamArn } from '../../core/cloudtrail/principal.js';

/** Glue/Athena names: letters, digits and `_` only (Athena lower-cases them; hyphens need quoting everywhere). */
const IDENTIFIER = /^[A-Za-z0-9_]{1,255}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Key prefixes a trail can have; no quotes, spaces or `$` (the DDL embeds it in literals and a template). */
const PREFIX = /^[A-Za-z0-9!_.*()/-]{1,200}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,4}$/;
const PROJECTION_DAY = /^\d{4}\/\d{2}\/\d{2}$/;

/** Athena's price: $5 per TB (2^40 bytes) scanned, bytes rounded up to whole MB, 10 MB minimum per query. */
export const ATHENA_USD_PER_TB = 5;
export const ATHENA_MIN_BYTES_PER_QUERY = 10 * 1024 * 1024;

/** Distinct request-parameter sets kept per call to find passed roles (see `usageQuery`). */
export const DEFAULT_PASSED_ROLE_SAMPLE = 200;

/** Distinct resource-naming parameter sets kept per call; references beyond them count as resource overflow. */
export const DEFAULT_PARAMETER_SETS = 1000;

/**
 * The event sources and top-level request-parameter keys core/cloudtrail/resources.ts turns into resource ARNs
 * (bucketName + key, tableName, functionName…). Kept in step with it by the parity tests, which run both paths
 * over one record per service.
 */
export const PARAMETER_RESOURCE_SOURCES = [
  'dynamodb.amazonaws.com',
  'iam.amazonaws.com',
  'kms.amazonaws.com',
  'lambda.amazonaws.com',
  'logs.amazonaws.com',
  's3.amazonaws.com',
  'secretsmanager.amazonaws.com',
  'sns.amazonaws.com',
  'sqs.amazonaws.com',
  'ssm.amazonaws.com',
  'states.amazonaws.com',
  'sts.amazonaws.com',
] as const;

export const PARAMETER_RESOURCE_KEYS = [
  'activityArn',
  'aliasName',
  'bucketName',
  'destinationKeyId',
  'executionArn',
  'functionName',
  'groupArn',
  'groupName',
  'instanceProfileName',
  'key',
  'keyId',
  'logGroupName',
  'logStreamName',
  'name',
  'names',
  'path',
  'policyArn',
  'qualifier',
  'queueUrl',
  'roleArn',
  'roleName',
  'secretId',
  'sourceKeyId',
  'stateMachineArn',
  'tableName',
  'targetArn',
  'targetKeyId',
  'topicArn',
  'userArn',
  'userName',
  'x-amz-copy-source',
] as const;

/** The approximate cost of one query that scanned `bytesScanned` (DDL and failed queries are not billed). */
export function athenaCostUsd(bytesScanned: number): number {
  const mb = 1024 * 1024;
  const billed = Math.max(ATHENA_MIN_BYTES_PER_QUERY, Math.ceil(Math.max(0, bytesScanned) / mb) * mb);
  return (billed / 2 ** 40) * ATHENA_USD_PER_TB;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A database or table name, checked; throws AlphaError naming the option to fix. */
export function athenaIdentifier(what: 'database' | 'table', name: string): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name))
    throw new AlphaError(
      `Athena ${what} name ${JSON.stringify(name)} is not a plain identifier`,
      `use letters, digits and "_" only for --athena-${what} (that is what Glue stores; ALPHA never quotes arbitrary text into SQL)`,
    );
  return name.toLowerCase();
}

/** `'text'` with quotes doubled; refuses control characters (they never belong in anything ALPHA queries). */
export function sqlString(value: string): string {
  if (hasControlCharacter(value))
    throw new AlphaError(`refusing to put a control character into SQL: ${JSON.stringify(value)}`);
  return `'${value.replace(/'/g, "''")}'`;
}

function checked(value: string, pattern: RegExp, what: string, fix: string): string {
  if (typeof value !== 'string' || !pattern.test(value))
    throw new AlphaError(`${what} ${JSON.stringify(value)} is not valid`, fix);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// DDL

export interface CloudTrailTableSpec {
  readonly database: string;
  readonly table: string;
  readonly bucket: string;
  /** The trail's S3 key prefix, if any (without `AWSLogs/`). */
  readonly prefix?: string;
  /** Organization trails write under `AWSLogs/<org-id>/<account>/`. */
  readonly organizationId?: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** First day partition projection knows, `yyyy/MM/dd`. Default 2020/01/01. */
  readonly projectionStart?: string;
}

/** `s3://bucket/[prefix/]AWSLogs/[o-id/]`, validated. */
export function trailLogsLocation(spec: Pick<CloudTrailTableSpec, 'bucket' | 'prefix' | 'organizationId'>): string {
  const bucket = checked(
    spec.bucket,
    BUCKET,
    'trail bucket',
    'give the bucket name only, e.g. --trail-bucket my-trail-logs',
  );
  const prefix =
    spec.prefix === undefined || spec.prefix.replace(/^\/+|\/+$/g, '') === ''
      ? ''
      : `${checked(spec.prefix.replace(/^\/+|\/+$/g, ''), PREFIX, 'trail prefix', 'give the trail\'s S3 key prefix without "AWSLogs/", e.g. --trail-prefix org-trail')}/`;
  const org =
    spec.organizationId === undefined
      ? ''
      : `${checked(spec.organizationId, ORGANIZATION, 'organization id', 'use the id from `aws organizations describe-organization`, e.g. o-a1b2c3d4e5')}/`;
  return `s3://${bucket}/${prefix}AWSLogs/${org}`;
}

function sortedUnique(values: readonly string[], pattern: RegExp, what: string, fix: string): string[] {
  const out = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))].sort();
  if (out.length === 0) throw new AlphaError(`no ${what} given`, fix);
  for (const v of out) checked(v, pattern, what, fix);
  return out;
}

/**
 * The column list of AWS's documented CloudTrail table (JsonSerDe + CloudTrailInputFormat). Names are lower
 * case: the SerDe matches JSON keys case-insensitively.
 */
const CLOUDTRAIL_COLUMNS = `  eventversion STRING,
  useridentity STRUCT<
    type: STRING,
    principalid: STRING,
    arn: STRING,
    accountid: STRING,
    invokedby: STRING,
    accesskeyid: STRING,
    username: STRING,
    onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
    sessioncontext: STRUCT<
      attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
      sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,
      ec2roledelivery: STRING,
      webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, STRING>>>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  readonly STRING,
  resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,
  eventtype STRING,
  apiversion STRING,
  recipientaccountid STRING,
  serviceeventdetails STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  vpcendpointaccountid STRING,
  eventcategory STRING,
  addendum STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING>,
  sessioncredentialfromconsole STRING,
  edgedevicedetails STRING,
  tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>`;

/** `CREATE DATABASE IF NOT EXISTS` for the table's database (a Glue write; the only other one is the table). */
export function createDatabaseDdl(database: string): string {
  return `CREATE DATABASE IF NOT EXISTS \`${athenaIdentifier('database', database)}\``;
}

/**
 * AWS's documented CloudTrail table with partition projection, extended from one account and Region to several:
 * `account` and `region` are enum-projected and `timestamp` is the day (`yyyy/MM/dd`), so a query that filters
 * on them reads only those S3 prefixes. No `ALTER TABLE ADD PARTITION` is ever needed.
 */
export function cloudTrailTableDdl(spec: CloudTrailTableSpec): string {
  const database = athenaIdentifier('database', spec.database);
  const table = athenaIdentifier('table', spec.table);
  const root = trailLogsLocation(spec);
  const accounts = sortedUnique(
    spec.accounts,
    ACCOUNT,
    'account id',
    'give 12-digit account ids, e.g. --accounts 111122223333,444455556666',
  );
  const regions = sortedUnique(spec.regions, REGION, 'Region', 'give Region codes, e.g. --regions us-east-1,eu-west-1');
  const start = checked(
    spec.projectionStart ?? '2020/01/01',
    PROJECTION_DAY,
    'projection start',
    'use yyyy/MM/dd, e.g. 2024/01/01',
  );
  const properties: [string, string][] = [
    ['projection.enabled', 'true'],
    ['projection.account.type', 'enum'],
    ['projection.account.values', accounts.join(',')],
    ['projection.region.type', 'enum'],
    ['projection.region.values', regions.join(',')],
    ['projection.timestamp.type', 'date'],
    ['projection.timestamp.format', 'yyyy/MM/dd'],
    ['projection.timestamp.interval', '1'],
    ['projection.timestamp.interval.unit', 'DAYS'],
    ['projection.timestamp.range', `${start},NOW`],
    ['storage.location.template', `${root}\${account}/CloudTrail/\${region}/\${timestamp}`],
  ];
  return [
    `CREATE EXTERNAL TABLE \`${database}\`.\`${table}\` (`,
    CLOUDTRAIL_COLUMNS,
    ')',
    'PARTITIONED BY (`account` STRING, `region` STRING, `timestamp` STRING)',
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION ${sqlString(root)}`,
    'TBLPROPERTIES (',
    properties.map(([k, v]) => `  ${sqlString(k)}=${sqlString(v)}`).join(',\n'),
    ')',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The usage query

/** `YYYY-MM-DDThh:mm:ssZ` (the form CloudTrail writes, so string order is time order); throws on non-ISO text. */
export function canonicalTime(iso: string): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new AlphaError(`window time ${JSON.stringify(iso)} is not an ISO 8601 time`);
  // Seconds, as the local reader compares them (sub-second precision is dropped there too).
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function projectionDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');
}

export interface UsageQuerySpec {
  readonly database: string;
  readonly table: string;
  readonly window: { readonly start: string; readonly end: string };
  /** Requested principals; empty = every principal. Matched like `principalMatches` (a path-less ARN matches any path). */
  readonly principalArns: readonly string[];
  /** The table's partition columns (names, any case); only `timestamp`, `account` and `region` are used. */
  readonly partitionColumns: readonly string[];
  /** Restrict the `region` partition (us-east-1 is always added: IAM and STS events land there). */
  readonly regions?: readonly string[];
  readonly maxResourcesPerCall: number;
  readonly passedRoleSample?: number;
  readonly parameterSets?: number;
}

/** The columns of the usage query's result, in order; the reader checks the header row against it. */
export const USAGE_COLUMNS = [
  'principal_kind',
  'identity_type',
  'principal',
  'eventsource',
  'eventname',
  'errorcode',
  'calls',
  'first_seen',
  'last_seen',
  'earliest_event',
  'regions',
  'days',
  'data_events',
  'role_parameter_sets',
  'role_parameters',
  'resources',
  'resource_references',
  'resources_overflow',
  'parameter_sets',
  'parameter_overflow',
] as const;

export type UsageColumn = (typeof USAGE_COLUMNS)[number];

function regexQuote(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What selects a requested principal in the query: exact ARNs, and for path-less requests regular expressions
 * for any path and for bare session ARNs (no session issuer in the record: the session ARN never carries a
 * path). Together they keep at least every principal `principalMatches` accepts; the reader then applies
 * `principalMatches` exactly. Throws AlphaError for anything that is not a role or user ARN.
 */
export function principalSelectors(principalArns: readonly string[]): { exact: string[]; patterns: string[] } {
  const exact = new Set<string>();
  const patterns = new Set<string>();
  for (const arn of principalArns) {
    const parsed = parseIamArn(arn);
    if (!parsed || (parsed.kind !== 'role' && parsed.kind !== 'user'))
      throw new AlphaError(
        `${JSON.stringify(arn)} is not an IAM role or user ARN`,
        'give ARNs like arn:aws:iam::111122223333:role/Name (a role path is optional)',
      );
    exact.add(arn);
    if (parsed.path !== '/') continue;
    const base = `arn:${regexQuote(parsed.partition)}:`;
    const name = regexQuote(parsed.name);
    patterns.add(`^${base}iam::${parsed.accountId}:${parsed.kind}/(.+/)?${name}$`);
    if (parsed.kind === 'role') patterns.add(`^${base}sts::${parsed.accountId}:assumed-role/${name}(/.*)?$`);
  }
  return { exact: [...exact].sort(), patterns: [...patterns].sort() };
}

/** `principalSelectors` as a SQL condition on the `principal` column; TRUE when every principal is wanted. */
export function principalCondition(principalArns: readonly string[]): string {
  if (principalArns.length === 0) return 'TRUE';
  const { exact, patterns } = principalSelectors(principalArns);
  const parts = [`principal IN (${exact.map(sqlString).join(', ')})`];
  for (const p of patterns) parts.push(`regexp_like(principal, ${sqlString(p)})`);
  return `(${parts.join(' OR ')})`;
}

// isArn from core/cloudtrail/resources.ts, in SQL: the same ARNs count as resources on both paths.
const RESOURCE_ARN = '^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12}|aws)?:.+$';

function wholeNumber(value: number, what: string, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${what} must be a whole number ≥ ${min}, got ${value}`);
  return value;
}

/**
 * The resource-naming request parameters of a record as a small JSON object, so records that name the same
 * resources group together however much else their parameters differ. Parsed once per record; keys match
 * case-insensitively as in the local path; `try` turns parameters that are not a JSON object into NULL.
 */
function parameterFingerprint(): string {
  const keys = PARAMETER_RESOURCE_KEYS.map((k) => sqlString(k.toLowerCase())).join(', ');
  return `json_format(CAST(try(map_filter(CAST(json_parse(requestparameters) AS MAP(VARCHAR, JSON)),
        (k, v) -> v IS NOT NULL AND contains(ARRAY[${keys}], lower(k)))) AS JSON))`;
}

/**
 * The one query per window: every record in the window is read once and grouped by (principal kind, identity
 * type, principal, event source, event name, error code). Records that are not an analyzable principal's (AWS
 * services, anonymous, root…) and principals not asked for collapse into one row per kind, which still carries
 * their count, Regions and times (the snapshot totals count them, as the local reader does).
 *
 * Per call it returns what a CallAggregate needs: count, first/last time, the deterministic sample event (the
 * smallest id among the earliest records), Regions, active days, whether any record was a data event, and:
 * - from records that list `resources[]`: the K smallest distinct ARNs with their reference counts plus the
 *   references to all others (exactly the local accumulator's cap, so it merges exactly);
 * - from records that list none: their distinct resource-naming request parameters (bucketName, tableName,
 *   functionName…) with how many records had each, which the reader turns into ARNs with the local path's own
 *   rules — the two record sets are disjoint, so their resources merge exactly too;
 * - a bounded sample of request parameters of writes that name a role or instance profile (`iam:PassRole` is
 *   never logged; the reader finds the passed role in them).
 * Arrays come back as JSON text: Athena's own rendering of arrays (`[a, b]`) is ambiguous for ARNs with commas.
 */
export function usageQuery(spec: UsageQuerySpec): string {
  const database = athenaIdentifier('database', spec.database);
  const table = athenaIdentifier('table', spec.table);
  const start = canonicalTime(spec.window.start);
  const end = canonicalTime(spec.window.end);
  if (start > end) throw new AlphaError(`window start ${start} is after its end ${end}`);
  const cap = wholeNumber(spec.maxResourcesPerCall, 'maxResourcesPerCall', 0);
  const sample = wholeNumber(spec.passedRoleSample ?? DEFAULT_PASSED_ROLE_SAMPLE, 'passedRoleSample', 1);
  const parameterSets = wholeNumber(spec.parameterSets ?? DEFAULT_PARAMETER_SETS, 'parameterSets', 0);
  const partitions = new Set(spec.partitionColumns.map((c) => c.toLowerCase()));

  const where: string[] = [];
  if (partitions.has('timestamp')) {
    // Files sit under the day they were delivered, which trails the event by minutes: the end day + 1 holds the
    // last events of the window. No file is ever delivered before its events, so the start day needs no slack.
    where.push(
      `"timestamp" BETWEEN ${sqlString(projectionDay(Date.parse(start)))} AND ${sqlString(projectionDay(Date.parse(end) + 86_400_000))}`,
    );
  }
  if (partitions.has('account') && spec.principalArns.length > 0) {
    // A caller's account always receives its own events; the resource owner's copy would count calls twice.
    const accounts = [...new Set(spec.principalArns.map((a) => parseIamArn(a)?.accountId ?? ''))].filter((a) =>
      ACCOUNT.test(a),
    );
    if (accounts.length > 0) where.push(`"account" IN (${accounts.sort().map(sqlString).join(', ')})`);
  }
  if (partitions.has('region') && spec.regions && spec.regions.length > 0) {
    const regions = sortedUnique([...spec.regions, 'us-east-1'], REGION, 'Region', 'give Region codes, e.g. us-east-1');
    where.push(`"region" IN (${regions.map(sqlString).join(', ')})`);
  }
  where.push(`eventtime >= ${sqlString(start)}`, `eventtime <= ${sqlString(end)}`);
  const callKey = 'identity_type, principal, eventsource, eventname, errorcode';
  const selectedOnly = (expr: string): string => `if(principal_kind = 'selected', ${expr}, '')`;

  return `WITH scoped AS (
  SELECT
    useridentity.type AS identity_type,
    CASE useridentity.type
      WHEN 'AssumedRole' THEN COALESCE(NULLIF(useridentity.sessioncontext.sessionissuer.arn, ''), useridentity.arn)
      WHEN 'IAMUser' THEN useridentity.arn
    END AS principal,
    eventsource, eventname, errorcode, eventtime, eventid, awsregion, eventcategory, readonly,
    requestparameters, recipientaccountid, resources
  FROM "${database}"."${table}"
  WHERE ${where.join('\n    AND ')}
),
classified AS (
  SELECT *,
    CASE WHEN principal IS NULL OR principal = '' THEN 'ignored'
      WHEN ${principalCondition(spec.principalArns)} THEN 'selected'
      ELSE 'unselected' END AS principal_kind
  FROM scoped
),
calls AS (
  SELECT principal_kind,
    ${selectedOnly('identity_type')} AS identity_type,
    ${selectedOnly('principal')} AS principal,
    ${selectedOnly("COALESCE(eventsource, '')")} AS eventsource,
    ${selectedOnly("COALESCE(eventname, '')")} AS eventname,
    ${selectedOnly("COALESCE(errorcode, '')")} AS errorcode,
    eventtime, eventid, awsregion, eventcategory, readonly, requestparameters, recipientaccountid, resources,
    if(principal_kind = 'selected' AND (resources IS NULL OR cardinality(resources) = 0)
        AND eventsource IN (${PARAMETER_RESOURCE_SOURCES.map(sqlString).join(', ')}),
      ${parameterFingerprint()}) AS parameter_resources
  FROM classified
),
call_usage AS (
  SELECT principal_kind, ${callKey},
    count(*) AS calls,
    min(eventtime) AS first_seen,
    max(eventtime) AS last_seen,
    min(eventtime || if(COALESCE(eventid, '') = '', '~', ' ' || eventid)) AS earliest_event,
    array_sort(array_agg(DISTINCT awsregion) FILTER (WHERE COALESCE(awsregion, '') <> '')) AS regions,
    array_sort(array_agg(DISTINCT substr(eventtime, 1, 10))) AS days,
    count_if(eventcategory = 'Data') AS data_events,
    array_sort(array_agg(DISTINCT concat(COALESCE(recipientaccountid, ''), ' ', COALESCE(awsregion, ''), ' ', requestparameters))
      FILTER (WHERE principal_kind = 'selected' AND COALESCE(readonly, '') <> 'true'
        AND regexp_like(requestparameters, '(?i)"[a-z]*(role|profile)[a-z]*"\\s*:'))) AS role_parameters
  FROM calls
  GROUP BY principal_kind, ${callKey}
),
resource_references AS (
  SELECT ${callKey}, arn, count(*) AS refs
  FROM calls
  CROSS JOIN UNNEST(array_distinct(transform(slice(resources, 1, 100), r -> r.arn))) AS listed (arn)
  WHERE principal_kind = 'selected' AND arn IS NOT NULL AND length(arn) <= 2048
    AND regexp_like(arn, ${sqlString(RESOURCE_ARN)}) AND NOT regexp_like(arn, '[\\x00-\\x1F\\x7F]')
  GROUP BY ${callKey}, arn
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY ${callKey} ORDER BY arn) AS resource_rank
  FROM resource_references
),
resource_sample AS (
  SELECT ${callKey},
    array_agg(arn ORDER BY arn) FILTER (WHERE resource_rank <= ${cap}) AS resources,
    array_agg(refs ORDER BY arn) FILTER (WHERE resource_rank <= ${cap}) AS resource_references,
    COALESCE(sum(refs) FILTER (WHERE resource_rank > ${cap}), 0) AS resources_overflow
  FROM ranked
  GROUP BY ${callKey}
),
parameter_references AS (
  SELECT ${callKey}, COALESCE(recipientaccountid, '') AS set_account, COALESCE(awsregion, '') AS set_region,
    parameter_resources, count(*) AS refs
  FROM calls
  WHERE parameter_resources IS NOT NULL AND parameter_resources <> '{}'
  GROUP BY ${callKey}, COALESCE(recipientaccountid, ''), COALESCE(awsregion, ''), parameter_resources
),
ranked_parameters AS (
  SELECT *, row_number() OVER (PARTITION BY ${callKey} ORDER BY parameter_resources, set_account, set_region) AS set_rank
  FROM parameter_references
),
parameter_sample AS (
  SELECT ${callKey},
    array_agg(ARRAY[set_account, set_region, parameter_resources, CAST(refs AS varchar)] ORDER BY set_rank)
      FILTER (WHERE set_rank <= ${parameterSets}) AS parameter_sets,
    COALESCE(sum(refs) FILTER (WHERE set_rank > ${parameterSets}), 0) AS parameter_overflow
  FROM ranked_parameters
  GROUP BY ${callKey}
)
SELECT u.principal_kind, u.identity_type, u.principal, u.eventsource, u.eventname, u.errorcode,
  u.calls, u.first_seen, u.last_seen, u.earliest_event,
  json_format(CAST(u.regions AS JSON)) AS regions,
  json_format(CAST(u.days AS JSON)) AS days,
  u.data_events,
  COALESCE(cardinality(u.role_parameters), 0) AS role_parameter_sets,
  json_format(CAST(slice(u.role_parameters, 1, ${sample}) AS JSON)) AS role_parameters,
  json_format(CAST(r.resources AS JSON)) AS resources,
  json_format(CAST(r.resource_references AS JSON)) AS resource_references,
  COALESCE(r.resources_overflow, 0) AS resources_overflow,
  json_format(CAST(p.parameter_sets AS JSON)) AS parameter_sets,
  COALESCE(p.parameter_overflow, 0) AS parameter_overflow
FROM call_usage u
LEFT JOIN resource_sample r
  ON u.identity_type = r.identity_type AND u.principal = r.principal AND u.eventsource = r.eventsource
  AND u.eventname = r.eventname AND u.errorcode = r.errorcode
LEFT JOIN parameter_sample p
  ON u.identity_type = p.identity_type AND u.principal = p.principal AND u.eventsource = p.eventsource
  AND u.eventname = p.eventname AND u.errorcode = p.errorcode
ORDER BY u.principal_kind, u.identity_type, u.principal, u.eventsource, u.eventname, u.errorcode`;
}
