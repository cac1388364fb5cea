export const id = 277;
export const ids = [277];
export const modules = {

/***/ 9378:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   Id: () => (/* binding */ awsCallError),
/* harmony export */   J6: () => (/* binding */ awsErrorCode),
/* harmony export */   w7: () => (/* binding */ isAccessDenied)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * AWS failures → errors a user can act on. An AccessDenied names the exact IAM action the read-only role lacks,
 * because "access denied" alone sends people to the wrong policy.
 */

const DENIED = new Set([
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'UnauthorizedAccess',
    'AuthorizationError',
]);
function awsErrorCode(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const e = error;
    return e.Code ?? e.name;
}
function isAccessDenied(error) {
    const code = awsErrorCode(error);
    return code !== undefined && DENIED.has(code);
}
function isThrottling(error) {
    const code = awsErrorCode(error);
    return (code === 'ThrottlingException' ||
        code === 'Throttling' ||
        code === 'TooManyRequestsException' ||
        code === 'RequestLimitExceeded' ||
        code === 'SlowDown');
}
/**
 * Wraps an AWS SDK error with the action that was attempted (`cloudtrail:LookupEvents`) and, when denied, the
 * policy statement that fixes it.
 */
function awsCallError(action, target, error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isAccessDenied(error))
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`AWS denied ${action} on ${target}: ${message}`, `allow "${action}" on ${target} in the policy of the role ALPHA runs as (see README, "AWS permissions")`);
    const code = awsErrorCode(error);
    if (code === 'CredentialsProviderError')
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`no AWS credentials to call ${action} on ${target}: ${message}`, 'pass --profile NAME (or set AWS_PROFILE / AWS_ACCESS_KEY_ID), run `aws sso login` if the profile uses SSO, or read local files with --cloudtrail-logs DIR');
    if (code === 'ExpiredToken' || code === 'ExpiredTokenException')
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`the AWS credentials expired while calling ${action} on ${target}: ${message}`, 'refresh them (`aws sso login`, or a new session) and run again');
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`${action} on ${target} failed${code ? ` (${code})` : ''}: ${message}`);
}


/***/ }),

/***/ 7478:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ fullJitter),
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
/** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): uniform in [0, min(cap, base·2^n)]. */
function fullJitter(attempt, baseMs, capMs, random = Math.random) {
    return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}


/***/ }),

/***/ 3277:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readUsage: () => (/* binding */ readUsage)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-athena/dist-cjs/index.js
var dist_cjs = __webpack_require__(2204);
// EXTERNAL MODULE: ./src/core/usage/accumulate.ts
var accumulate = __webpack_require__(7569);
// EXTERNAL MODULE: ./src/aws/errors.ts
var aws_errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/aws/sleep.ts
var sleep = __webpack_require__(7478);
;// CONCATENATED MODULE: ./src/sources/athena/query.ts
/**
 * Running one Athena query to the end: StartQueryExecution, GetQueryExecution polled with full-jitter backoff
 * inside a bounded total wait, then GetQueryResults page by page. Every call survives throttling, and every
 * failure becomes an AlphaError that names the missing permission or the option to change.
 */




const DEFAULT_CATALOG = 'AwsDataCatalog';
// Printable ASCII after the bucket: no spaces, quotes or control characters reach the API or a message.
const OUTPUT = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[!-~]*)?$/;
const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/;
/** Checks the workgroup and output location once, at the edge. */
function checkQueryTarget(target) {
    if (target.workgroup !== undefined && !WORKGROUP.test(target.workgroup))
        throw new errors/* AlphaError */.F3(`Athena workgroup ${JSON.stringify(target.workgroup)} is not a valid name`, 'use the workgroup name as the Athena console shows it (letters, digits, ".", "_", "-")');
    if (target.outputLocation !== undefined && !OUTPUT.test(target.outputLocation))
        throw new errors/* AlphaError */.F3(`Athena output location ${JSON.stringify(target.outputLocation)} is not an S3 URI`, 'use --athena-output s3://my-athena-results/alpha/');
}
/** Runs `send` and retries throttling with full jitter; any other error is wrapped with the action named. */
async function call(action, target, send, counter, options) {
    const clock = options.clock ?? sleep/* systemClock */.m;
    for (let attempt = 0;; attempt++) {
        counter.requests++;
        try {
            return await send();
        }
        catch (error) {
            if (!(0,aws_errors/* isThrottling */.E2)(error) || attempt >= (options.maxRetries ?? 8))
                throw athenaCallError(action, target, error);
            await clock.sleep((0,sleep/* fullJitter */.G)(attempt, 250, 5000, options.random));
        }
    }
}
/** An SDK error from an Athena call → AlphaError; S3 and Glue denials behind Athena get their own fix. */
function athenaCallError(action, target, error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (0,aws_errors/* awsErrorCode */.J6)(error);
    // Athena relays Glue, S3 and KMS denials as its own errors; AWS's text names the action that was refused.
    const refused = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(message)?.[1];
    if (refused && refused !== action)
        return new errors/* AlphaError */.F3(`AWS denied ${refused} behind ${action} on ${target}: ${message}`, `allow "${refused}" (and "${action}") in the policy of the role ALPHA runs as (see README, "AWS permissions")`);
    if (code === 'InvalidRequestException' && /output location/i.test(message))
        return new errors/* AlphaError */.F3(`${action} on ${target} failed: ${message}`, 'pass --athena-output s3://my-athena-results/alpha/ (a bucket the role can write to) or set a query result location on the workgroup');
    if (code === 'InvalidRequestException' || code === 'MetadataException' || code === 'EntityNotFoundException') {
        const fix = /not found|does not exist|EntityNotFound/i.test(`${code} ${message}`)
            ? 'check --athena-database/--athena-table, or create the table with `alpha athena-setup`'
            : undefined;
        return new errors/* AlphaError */.F3(`${action} on ${target} failed (${code}): ${message}`, fix);
    }
    return (0,aws_errors/* awsCallError */.Id)(action, target, error);
}
/** Athena's reason for a failed query → what to change. */
function failedQueryFix(reason, target) {
    const refused = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(reason)?.[1];
    if (refused)
        return `allow "${refused}" in the policy of the role ALPHA runs as (see README, "AWS permissions")`;
    if (/access denied|accessdenied|not authorized|forbidden/i.test(reason)) {
        if (/kms/i.test(reason))
            return 'allow "kms:Decrypt" on the trail\'s KMS key for the role ALPHA runs as';
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
function bytesOf(execution) {
    return execution?.Statistics?.DataScannedInBytes ?? 0;
}
/** Starts `sql`, waits for it, and returns its id; throws AlphaError when it fails, is cancelled or times out. */
async function runAthenaQuery(client, sql, target, options = {}) {
    checkQueryTarget(target);
    const clock = options.clock ?? sleep/* systemClock */.m;
    const counter = { requests: 0 };
    const where = `database ${target.database}${target.workgroup ? ` in workgroup ${target.workgroup}` : ''}`;
    const started = await call('athena:StartQueryExecution', where, () => client.send(new dist_cjs/* StartQueryExecutionCommand */.Wjk({
        QueryString: sql,
        QueryExecutionContext: { Database: target.database, Catalog: target.catalog ?? DEFAULT_CATALOG },
        ...(target.workgroup ? { WorkGroup: target.workgroup } : {}),
        ...(target.outputLocation ? { ResultConfiguration: { OutputLocation: target.outputLocation } } : {}),
    })), counter, options);
    const id = started.QueryExecutionId;
    if (!id)
        throw new errors/* AlphaError */.F3(`athena:StartQueryExecution on ${where} returned no query id`);
    const began = clock.now();
    const maxWait = options.maxWaitMs ?? 30 * 60_000;
    const base = options.pollIntervalMs ?? 500;
    const cap = options.maxPollIntervalMs ?? 5000;
    for (let poll = 0;; poll++) {
        const got = await call('athena:GetQueryExecution', `query ${id}`, () => client.send(new dist_cjs/* GetQueryExecutionCommand */.mRu({ QueryExecutionId: id })), counter, options);
        const execution = got.QueryExecution;
        const state = execution?.Status?.State ?? 'UNKNOWN';
        const elapsedMs = clock.now() - began;
        options.onProgress?.({ state, elapsedMs, bytesScanned: bytesOf(execution) });
        if (state === 'SUCCEEDED')
            return { queryExecutionId: id, bytesScanned: bytesOf(execution), requests: counter.requests };
        if (state === 'FAILED' || state === 'CANCELLED') {
            const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
            throw new errors/* AlphaError */.F3(`Athena query ${id} ${state === 'FAILED' ? 'failed' : 'was cancelled'}: ${reason}`, failedQueryFix(reason, target));
        }
        if (elapsedMs >= maxWait) {
            // The query keeps running (and billing) without us: stop it. Best effort: a missing
            // athena:StopQueryExecution permission must not hide the real problem, the time limit.
            try {
                counter.requests++;
                await client.send(new dist_cjs/* StopQueryExecutionCommand */.aaO({ QueryExecutionId: id }));
            }
            catch {
                // reported below either way
            }
            throw new errors/* AlphaError */.F3(`Athena query ${id} did not finish within ${Math.round(maxWait / 1000)} s (last state ${state}); an aggregate has no partial result, so nothing was read`, 'narrow the window or the Regions, make sure the table uses partition projection (`alpha athena-setup`) so the query reads only the window, or allow more time (maxWaitMs; the default is 30 minutes)');
        }
        // Never sleep past the deadline; a floor keeps full jitter's zero draws from hammering GetQueryExecution.
        const delay = Math.max(50, (0,sleep/* fullJitter */.G)(poll, base, cap, options.random));
        await clock.sleep(Math.min(delay, Math.max(0, maxWait - elapsedMs)));
    }
}
/** Every row of a finished query as text cells, the header row removed and checked against `columns`. */
async function readAthenaRows(client, queryExecutionId, columns, options = {}) {
    const counter = { requests: 0 };
    const rows = [];
    let token;
    let first = true;
    do {
        let page;
        try {
            page = await call('athena:GetQueryResults', `query ${queryExecutionId}`, () => client.send(new dist_cjs/* GetQueryResultsCommand */.sAK({
                QueryExecutionId: queryExecutionId,
                // GetQueryResults returns at most 1000 rows a page.
                MaxResults: Math.min(1000, Math.max(1, options.pageSize ?? 1000)),
                ...(token ? { NextToken: token } : {}),
            })), counter, options);
        }
        catch (error) {
            // Results are read from the S3 output location: a denial there surfaces here.
            if (error instanceof errors/* AlphaError */.F3 && /denied/i.test(error.message) && /s3|bucket|object/i.test(error.message))
                throw new errors/* AlphaError */.F3(error.message, `allow "s3:GetObject" on the results location${options.target?.outputLocation ? ` ${options.target.outputLocation}` : ''} as well as "athena:GetQueryResults"`);
            throw error;
        }
        const pageRows = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue));
        if (first) {
            // The first row of the first page is the header for SELECT queries.
            const header = pageRows.shift();
            if (columns.length > 0 && (header === undefined || header.join(',') !== columns.join(',')))
                throw new errors/* AlphaError */.F3(`Athena query ${queryExecutionId} returned columns ${JSON.stringify(header ?? [])}, expected ${JSON.stringify(columns)}`);
            first = false;
        }
        rows.push(...pageRows);
        token = page.NextToken;
    } while (token);
    return { rows, requests: counter.requests };
}
/** The table's partition columns (GetTableMetadata: needs athena:GetTableMetadata and glue:GetTable). */
async function tablePartitionColumns(client, target, options = {}) {
    const counter = { requests: 0 };
    const got = await call('athena:GetTableMetadata', `table ${target.database}.${target.table}`, () => client.send(new dist_cjs/* GetTableMetadataCommand */.rDP({
        CatalogName: target.catalog ?? DEFAULT_CATALOG,
        DatabaseName: target.database,
        TableName: target.table,
        ...(target.workgroup ? { WorkGroup: target.workgroup } : {}),
    })), counter, options);
    const columns = (got.TableMetadata?.PartitionKeys ?? []).map((c) => c.Name ?? '').filter((n) => n !== '');
    return { columns, requests: counter.requests };
}

// EXTERNAL MODULE: ./src/core/cloudtrail/implied.ts
var implied = __webpack_require__(8091);
// EXTERNAL MODULE: ./src/core/cloudtrail/resources.ts
var resources = __webpack_require__(410);
// EXTERNAL MODULE: ./src/core/cloudtrail/principal.ts
var cloudtrail_principal = __webpack_require__(7517);
;// CONCATENATED MODULE: ./src/sources/athena/sql.ts
/**
 * The SQL ALPHA sends to Athena, as pure functions: the CloudTrail table DDL (partition projection) and the one
 * usage query per window that aggregates every principal's calls.
 *
 * Nothing untrusted is ever concatenated into SQL unchecked: identifiers must match a strict pattern and are
 * quoted, every literal is validated against the shape it must have (ARN, account, Region, day, time) and then
 * escaped as well, so a value that slipped past a pattern still could not close its quote.
 */


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
const ATHENA_USD_PER_TB = 5;
const ATHENA_MIN_BYTES_PER_QUERY = 10 * 1024 * 1024;
/** Distinct request-parameter sets kept per call to find passed roles (see `usageQuery`). */
const DEFAULT_PASSED_ROLE_SAMPLE = 200;
/** Distinct resource-naming parameter sets kept per call; references beyond them count as resource overflow. */
const DEFAULT_PARAMETER_SETS = 1000;
/**
 * The event sources and top-level request-parameter keys core/cloudtrail/resources.ts turns into resource ARNs
 * (bucketName + key, tableName, functionName…). Kept in step with it by the parity tests, which run both paths
 * over one record per service.
 */
const PARAMETER_RESOURCE_SOURCES = [
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
];
const PARAMETER_RESOURCE_KEYS = [
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
];
/** The approximate cost of one query that scanned `bytesScanned` (DDL and failed queries are not billed). */
function athenaCostUsd(bytesScanned) {
    const mb = 1024 * 1024;
    const billed = Math.max(ATHENA_MIN_BYTES_PER_QUERY, Math.ceil(Math.max(0, bytesScanned) / mb) * mb);
    return (billed / 2 ** 40) * ATHENA_USD_PER_TB;
}
function hasControlCharacter(value) {
    for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code < 0x20 || code === 0x7f)
            return true;
    }
    return false;
}
/** A database or table name, checked; throws AlphaError naming the option to fix. */
function athenaIdentifier(what, name) {
    if (typeof name !== 'string' || !IDENTIFIER.test(name))
        throw new errors/* AlphaError */.F3(`Athena ${what} name ${JSON.stringify(name)} is not a plain identifier`, `use letters, digits and "_" only for --athena-${what} (that is what Glue stores; ALPHA never quotes arbitrary text into SQL)`);
    return name.toLowerCase();
}
/** `'text'` with quotes doubled; refuses control characters (they never belong in anything ALPHA queries). */
function sqlString(value) {
    if (hasControlCharacter(value))
        throw new errors/* AlphaError */.F3(`refusing to put a control character into SQL: ${JSON.stringify(value)}`);
    return `'${value.replace(/'/g, "''")}'`;
}
function checked(value, pattern, what, fix) {
    if (typeof value !== 'string' || !pattern.test(value))
        throw new errors/* AlphaError */.F3(`${what} ${JSON.stringify(value)} is not valid`, fix);
    return value;
}
/** `s3://bucket/[prefix/]AWSLogs/[o-id/]`, validated. */
function trailLogsLocation(spec) {
    const bucket = checked(spec.bucket, BUCKET, 'trail bucket', 'give the bucket name only, e.g. --trail-bucket my-trail-logs');
    const prefix = spec.prefix === undefined || spec.prefix.replace(/^\/+|\/+$/g, '') === ''
        ? ''
        : `${checked(spec.prefix.replace(/^\/+|\/+$/g, ''), PREFIX, 'trail prefix', 'give the trail\'s S3 key prefix without "AWSLogs/", e.g. --trail-prefix org-trail')}/`;
    const org = spec.organizationId === undefined
        ? ''
        : `${checked(spec.organizationId, ORGANIZATION, 'organization id', 'use the id from `aws organizations describe-organization`, e.g. o-a1b2c3d4e5')}/`;
    return `s3://${bucket}/${prefix}AWSLogs/${org}`;
}
function sortedUnique(values, pattern, what, fix) {
    const out = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))].sort();
    if (out.length === 0)
        throw new errors/* AlphaError */.F3(`no ${what} given`, fix);
    for (const v of out)
        checked(v, pattern, what, fix);
    return out;
}
/**
 * The column list of AWS's documented CloudTrail table (JsonSerDe + CloudTrailInputFormat). Names are lower
 * case: the SerDe matches JSON keys case-insensitively.
 */
const CLOUDTRAIL_COLUMNS = (/* unused pure expression or super */ null && (`  eventversion STRING,
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
  tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>`));
/** `CREATE DATABASE IF NOT EXISTS` for the table's database (a Glue write; the only other one is the table). */
function createDatabaseDdl(database) {
    return `CREATE DATABASE IF NOT EXISTS \`${athenaIdentifier('database', database)}\``;
}
/**
 * AWS's documented CloudTrail table with partition projection, extended from one account and Region to several:
 * `account` and `region` are enum-projected and `timestamp` is the day (`yyyy/MM/dd`), so a query that filters
 * on them reads only those S3 prefixes. No `ALTER TABLE ADD PARTITION` is ever needed.
 */
function cloudTrailTableDdl(spec) {
    const database = athenaIdentifier('database', spec.database);
    const table = athenaIdentifier('table', spec.table);
    const root = trailLogsLocation(spec);
    const accounts = sortedUnique(spec.accounts, ACCOUNT, 'account id', 'give 12-digit account ids, e.g. --accounts 111122223333,444455556666');
    const regions = sortedUnique(spec.regions, REGION, 'Region', 'give Region codes, e.g. --regions us-east-1,eu-west-1');
    const start = checked(spec.projectionStart ?? '2020/01/01', PROJECTION_DAY, 'projection start', 'use yyyy/MM/dd, e.g. 2024/01/01');
    const properties = [
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
function canonicalTime(iso) {
    const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
    if (Number.isNaN(ms))
        throw new errors/* AlphaError */.F3(`window time ${JSON.stringify(iso)} is not an ISO 8601 time`);
    // Seconds, as the local reader compares them (sub-second precision is dropped there too).
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
function projectionDay(ms) {
    return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');
}
/** The columns of the usage query's result, in order; the reader checks the header row against it. */
const USAGE_COLUMNS = [
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
];
function regexQuote(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/**
 * What selects a requested principal in the query: exact ARNs, and for path-less requests regular expressions
 * for any path and for bare session ARNs (no session issuer in the record: the session ARN never carries a
 * path). Together they keep at least every principal `principalMatches` accepts; the reader then applies
 * `principalMatches` exactly. Throws AlphaError for anything that is not a role or user ARN.
 */
function principalSelectors(principalArns) {
    const exact = new Set();
    const patterns = new Set();
    for (const arn of principalArns) {
        const parsed = (0,cloudtrail_principal/* parseIamArn */.Os)(arn);
        if (!parsed || (parsed.kind !== 'role' && parsed.kind !== 'user'))
            throw new errors/* AlphaError */.F3(`${JSON.stringify(arn)} is not an IAM role or user ARN`, 'give ARNs like arn:aws:iam::111122223333:role/Name (a role path is optional)');
        exact.add(arn);
        if (parsed.path !== '/')
            continue;
        const base = `arn:${regexQuote(parsed.partition)}:`;
        const name = regexQuote(parsed.name);
        patterns.add(`^${base}iam::${parsed.accountId}:${parsed.kind}/(.+/)?${name}$`);
        if (parsed.kind === 'role')
            patterns.add(`^${base}sts::${parsed.accountId}:assumed-role/${name}(/.*)?$`);
    }
    return { exact: [...exact].sort(), patterns: [...patterns].sort() };
}
/** `principalSelectors` as a SQL condition on the `principal` column; TRUE when every principal is wanted. */
function principalCondition(principalArns) {
    if (principalArns.length === 0)
        return 'TRUE';
    const { exact, patterns } = principalSelectors(principalArns);
    const parts = [`principal IN (${exact.map(sqlString).join(', ')})`];
    for (const p of patterns)
        parts.push(`regexp_like(principal, ${sqlString(p)})`);
    return `(${parts.join(' OR ')})`;
}
// isArn from core/cloudtrail/resources.ts, in SQL: the same ARNs count as resources on both paths.
const RESOURCE_ARN = '^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12}|aws)?:.+$';
function wholeNumber(value, what, min) {
    if (!Number.isInteger(value) || value < min)
        throw new RangeError(`${what} must be a whole number ≥ ${min}, got ${value}`);
    return value;
}
/**
 * The resource-naming request parameters of a record as a small JSON object, so records that name the same
 * resources group together however much else their parameters differ. Parsed once per record; keys match
 * case-insensitively as in the local path; `try` turns parameters that are not a JSON object into NULL.
 */
function parameterFingerprint() {
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
function usageQuery(spec) {
    const database = athenaIdentifier('database', spec.database);
    const table = athenaIdentifier('table', spec.table);
    const start = canonicalTime(spec.window.start);
    const end = canonicalTime(spec.window.end);
    if (start > end)
        throw new errors/* AlphaError */.F3(`window start ${start} is after its end ${end}`);
    const cap = wholeNumber(spec.maxResourcesPerCall, 'maxResourcesPerCall', 0);
    const sample = wholeNumber(spec.passedRoleSample ?? DEFAULT_PASSED_ROLE_SAMPLE, 'passedRoleSample', 1);
    const parameterSets = wholeNumber(spec.parameterSets ?? DEFAULT_PARAMETER_SETS, 'parameterSets', 0);
    const partitions = new Set(spec.partitionColumns.map((c) => c.toLowerCase()));
    const where = [];
    if (partitions.has('timestamp')) {
        // Files sit under the day they were delivered, which trails the event by minutes: the end day + 1 holds the
        // last events of the window. No file is ever delivered before its events, so the start day needs no slack.
        where.push(`"timestamp" BETWEEN ${sqlString(projectionDay(Date.parse(start)))} AND ${sqlString(projectionDay(Date.parse(end) + 86_400_000))}`);
    }
    if (partitions.has('account') && spec.principalArns.length > 0) {
        // A caller's account always receives its own events; the resource owner's copy would count calls twice.
        const accounts = [...new Set(spec.principalArns.map((a) => (0,cloudtrail_principal/* parseIamArn */.Os)(a)?.accountId ?? ''))].filter((a) => ACCOUNT.test(a));
        if (accounts.length > 0)
            where.push(`"account" IN (${accounts.sort().map(sqlString).join(', ')})`);
    }
    if (partitions.has('region') && spec.regions && spec.regions.length > 0) {
        const regions = sortedUnique([...spec.regions, 'us-east-1'], REGION, 'Region', 'give Region codes, e.g. us-east-1');
        where.push(`"region" IN (${regions.map(sqlString).join(', ')})`);
    }
    where.push(`eventtime >= ${sqlString(start)}`, `eventtime <= ${sqlString(end)}`);
    const callKey = 'identity_type, principal, eventsource, eventname, errorcode';
    const selectedOnly = (expr) => `if(principal_kind = 'selected', ${expr}, '')`;
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

;// CONCATENATED MODULE: ./src/sources/athena/rows.ts
/**
 * Rows of the usage query (sql.ts) → the UsageSnapshot the local reader would have built from the same records,
 * as far as Athena can see them. Pure: no I/O, so the same function serves the reader and the parity tests.
 *
 * Principals are normalized here with the local path's own rules (`resolvePrincipal`, `principalMatches`), so
 * the SQL only has to keep a superset; rows that resolve to the same principal (a role seen both through its
 * issuer and through bare session ARNs) are merged by the accumulator, exactly.
 */





const COLUMN_INDEX = new Map(USAGE_COLUMNS.map((c, i) => [c, i]));
class RowError extends Error {
}
function cell(row, column) {
    return row[COLUMN_INDEX.get(column)] ?? undefined;
}
function rows_text(row, column) {
    return cell(row, column) ?? '';
}
function count(row, column) {
    const value = cell(row, column) ?? '0';
    if (!/^\d{1,15}$/.test(value))
        throw new RowError(`${column} is not a count: ${JSON.stringify(value)}`);
    return Number(value);
}
function time(row, column) {
    const value = rows_text(row, column);
    try {
        (0,accumulate/* timeKey */.bC)(value);
    }
    catch {
        throw new RowError(`${column} is not an ISO 8601 time: ${JSON.stringify(value)}`);
    }
    return value;
}
function jsonArray(row, column, item) {
    const value = cell(row, column);
    if (value === undefined || value === '' || value === 'null')
        return [];
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        throw new RowError(`${column} is not JSON`);
    }
    if (!Array.isArray(parsed) || !parsed.every(item))
        throw new RowError(`${column} is not an array of the expected values`);
    return parsed;
}
const isString = (v) => typeof v === 'string';
const isDay = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isCount = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** `min(eventtime || ' ' || eventid)`, with `~` standing for a record without an id (such records lose ties). */
function sampleEventId(earliest) {
    const space = earliest.search(/[ ~]/);
    if (space < 0 || earliest[space] === '~')
        return '';
    return earliest.slice(space + 1);
}
const isParameterSet = (v) => Array.isArray(v) && v.length === 4 && v.every(isString) && /^\d{1,15}$/.test(v[3]);
/** A record carrying what the query kept of one (or many identical) original records, for the local rules. */
function syntheticRecord(call, account, region, requestParameters) {
    const caller = (0,cloudtrail_principal/* parseIamArn */.Os)(call.principalArn);
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
function parameterResources(sets, call) {
    const references = new Map();
    let unreadable = 0;
    for (const [account, region, parameters, records] of sets) {
        let params;
        try {
            params = JSON.parse(parameters);
        }
        catch {
            unreadable++;
            continue;
        }
        for (const arn of (0,resources/* resourcesOf */.F3)(syntheticRecord(call, account, region, params)))
            references.set(arn, (references.get(arn) ?? 0) + Number(records));
    }
    return { references, unreadable };
}
/** `account region {requestParameters}` samples → roles passed, read by the local path's own rules. */
function passedRoles(samples, call) {
    const roles = new Set();
    let unreadable = 0;
    for (const sample of samples) {
        const [account = '', region = ''] = sample.split(' ', 2);
        let params;
        try {
            params = JSON.parse(sample.slice(account.length + region.length + 2));
        }
        catch {
            unreadable++;
            continue;
        }
        for (const role of (0,implied/* passedRolesOf */.$)(syntheticRecord(call, account, region, params)))
            roles.add(role);
    }
    return { roles: [...roles].sort(), unreadable };
}
/** Rows of `usageQuery` (header removed) → snapshot, rejections (rows that could not be read) and gaps. */
function snapshotFromUsageRows(rows, ctx) {
    const calls = [];
    const activeDays = {};
    const regions = new Set();
    const rejections = [];
    const gaps = [];
    let eventsRead = 0;
    let eventsIgnored = 0;
    let oldest;
    let newest;
    let sawDataEvents = false;
    rows.forEach((row, index) => {
        try {
            const kind = rows_text(row, 'principal_kind');
            if (kind !== 'selected' && kind !== 'unselected' && kind !== 'ignored')
                throw new RowError(`principal_kind ${JSON.stringify(kind)} is unknown`);
            const n = count(row, 'calls');
            const first = time(row, 'first_seen');
            const last = time(row, 'last_seen');
            const rowRegions = jsonArray(row, 'regions', isString);
            const dataEvents = count(row, 'data_events');
            // Totals count every record in the window, whoever made it (as the local reader's totals do).
            eventsRead += n;
            if (oldest === undefined || (0,accumulate/* timeKey */.bC)(first) < (0,accumulate/* timeKey */.bC)(oldest))
                oldest = first;
            if (newest === undefined || (0,accumulate/* timeKey */.bC)(last) > (0,accumulate/* timeKey */.bC)(newest))
                newest = last;
            for (const r of rowRegions)
                regions.add(r);
            if (dataEvents > 0)
                sawDataEvents = true;
            if (kind === 'ignored') {
                eventsIgnored += n;
                return;
            }
            if (kind === 'unselected')
                return;
            if (rows_text(row, 'eventsource') === '' || rows_text(row, 'eventname') === '')
                // The local reader rejects such records one by one; here they arrive as one group.
                throw new RowError(`${n} record(s) of ${rows_text(row, 'principal')} have no eventSource or eventName`);
            const principal = (0,cloudtrail_principal/* resolvePrincipal */.HM)({
                type: rows_text(row, 'identity_type'),
                arn: rows_text(row, 'principal'),
                sessionContext: { sessionIssuer: { arn: rows_text(row, 'principal') } },
            });
            if (principal === undefined) {
                eventsIgnored += n;
                return;
            }
            if (ctx.principalArns.length > 0 && !ctx.principalArns.some((arn) => (0,cloudtrail_principal/* principalMatches */.ES)(arn, principal.arn)))
                return;
            const resources = jsonArray(row, 'resources', isString);
            const references = jsonArray(row, 'resource_references', isCount);
            if (references.length !== resources.length)
                throw new RowError('resource_references does not match resources');
            const days = jsonArray(row, 'days', isDay);
            const samples = jsonArray(row, 'role_parameters', isString);
            const sets = count(row, 'role_parameter_sets');
            const parameterSets = jsonArray(row, 'parameter_sets', isParameterSet);
            const parameterOverflow = count(row, 'parameter_overflow');
            const errorCode = rows_text(row, 'errorcode');
            const call = {
                principalArn: principal.arn,
                eventSource: rows_text(row, 'eventsource'),
                eventName: rows_text(row, 'eventname'),
                ...(errorCode === '' ? {} : { errorCode }),
                count: n,
                firstSeen: first,
                lastSeen: last,
                regions: [...rowRegions].sort(),
                resources,
                resourcesOverflow: count(row, 'resources_overflow'),
                resourceReferences: references,
                passedRoles: [],
                sampleEventId: sampleEventId(rows_text(row, 'earliest_event')),
                dataEvent: dataEvents > 0,
            };
            const passed = passedRoles(samples, call);
            call.passedRoles = passed.roles;
            if (sets > samples.length)
                gaps.push(`athena: ${call.principalArn} ${call.eventSource}:${call.eventName} has ${sets} distinct request-parameter sets naming a role; passed roles were read from ${samples.length} of them, so iam:PassRole may be incomplete`);
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
        }
        catch (error) {
            if (!(error instanceof RowError))
                throw error;
            rejections.push({ file: ctx.source, recordIndex: index, reason: `unreadable result row: ${error.message}` });
        }
    });
    const raw = {
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
        snapshot: (0,accumulate/* mergeSnapshots */.um)([raw], { maxResourcesPerCall: ctx.maxResourcesPerCall }),
        rejections,
        gaps: gaps.sort(),
    };
}

;// CONCATENATED MODULE: ./src/sources/athena/read.ts
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






/** StartQueryExecution's QueryString limit. */
const ATHENA_MAX_QUERY_BYTES = 262_144;
async function readAthenaUsage(options) {
    // Everything is checked before the first request: a bad name costs nothing.
    const database = athenaIdentifier('database', options.database);
    const table = athenaIdentifier('table', options.table);
    const target = {
        database,
        ...(options.workgroup ? { workgroup: options.workgroup } : {}),
        ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
    };
    checkQueryTarget(target);
    const maxResourcesPerCall = options.maxResourcesPerCall ?? accumulate/* DEFAULT_MAX_RESOURCES_PER_CALL */.er;
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
    const client = options.client ??
        new dist_cjs/* AthenaClient */.T7g({
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
        throw new errors/* AlphaError */.F3(`the Athena query for ${options.principalArns.length} roles is ${Buffer.byteLength(sql)} bytes; Athena accepts at most ${ATHENA_MAX_QUERY_BYTES}`, 'analyze every principal in one query (--all-roles) and pick the roles from the result, or split the roles into batches');
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
        gaps.unshift(`athena: ${database}.${table} returned no events at all for ${window.start}..${window.end}; check the table's LOCATION and its projected accounts, Regions and days (\`alpha athena-setup --print\` shows what ALPHA expects)`);
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

// EXTERNAL MODULE: ./src/sources/local/read.ts
var read = __webpack_require__(7515);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudtrail/dist-cjs/index.js
var client_cloudtrail_dist_cjs = __webpack_require__(7392);
// EXTERNAL MODULE: ./src/core/cloudtrail/scan-record.ts
var scan_record = __webpack_require__(5034);
;// CONCATENATED MODULE: ./src/aws/rate-limit.ts
/**
 * Token buckets for AWS APIs with per-account, per-Region quotas (CloudTrail LookupEvents: 2 requests/s). One
 * registry per process, so every scan and every role in the same account+Region shares one budget.
 */

class TokenBucket {
    ratePerSecond;
    burst;
    clock;
    tokens;
    last;
    queue = Promise.resolve();
    slots = [];
    constructor(ratePerSecond, burst, clock = sleep/* systemClock */.m) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.now();
    }
    /** Waits for one token; callers are served in arrival order. */
    take() {
        const turn = this.queue.then(() => this.takeNow());
        this.queue = turn.catch(() => undefined);
        return turn;
    }
    /**
     * A token, and then a slot that is only free once at most ⌈rate⌉ − 1 earlier requests can still arrive within the
     * last second. The service counts requests when they arrive, and a request can arrive any time before its
     * response: pacing sends alone lets a slow first request (TLS handshake, credential resolution) bunch up with the
     * next ones. Call the returned function when the response (or error) is back.
     */
    acquire() {
        const turn = this.queue.then(async () => {
            await this.takeNow();
            await this.waitForSlot();
            const slot = { end: Infinity };
            this.slots.push(slot);
            return () => {
                slot.end = this.clock.now();
            };
        });
        this.queue = turn.then(() => undefined, () => undefined);
        return turn;
    }
    async waitForSlot() {
        const limit = Math.max(1, Math.ceil(this.ratePerSecond));
        for (;;) {
            const now = this.clock.now();
            this.slots = this.slots.filter((s) => s.end > now - 1000);
            if (this.slots.length < limit)
                return;
            const earliest = Math.min(...this.slots.map((s) => s.end));
            // In flight: poll until it is back; done: wait until it leaves the one-second window.
            await this.clock.sleep(earliest === Infinity ? 20 : earliest + 1000 - now + 1);
        }
    }
    async takeNow() {
        for (;;) {
            const now = this.clock.now();
            this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
            this.last = now;
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return;
            }
            await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
        }
    }
}
class RateLimiterRegistry {
    ratePerSecond;
    burst;
    clock;
    buckets = new Map();
    constructor(ratePerSecond, burst, clock = sleep/* systemClock */.m) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
    }
    bucket(account, region) {
        const key = `${account}/${region}`;
        let bucket = this.buckets.get(key);
        if (!bucket) {
            bucket = new TokenBucket(this.ratePerSecond, this.burst, this.clock);
            this.buckets.set(key, bucket);
        }
        return bucket;
    }
}
/**
 * LookupEvents' documented quota is 2 requests/s per account per Region. A burst of 1 and a rate just under 2
 * keep every 1-second window at ≤ 2 requests as the service sees them: network jitter can bring two requests
 * sent exactly 500 ms apart closer together on arrival.
 */
const LOOKUP_EVENTS_RATE = 1.8;
const lookupEventsLimiter = new RateLimiterRegistry(LOOKUP_EVENTS_RATE, 1);

;// CONCATENATED MODULE: ./src/sources/lookup-events/sessions.ts
/**
 * Which sessions of a role could have acted in a window, from the `AssumeRole*` events that name the role. This is
 * what makes a narrow LookupEvents read provably complete: every role session starts with one of these events in
 * the role's account, and each names the access key id its calls are then logged under. When any of that cannot be
 * shown (a credential-issuing event without a key id, an issuer we do not know), the caller falls back to the full
 * scan — narrow is an optimization, never a guess.
 */

/** Role sessions last at most 12 hours (MaxSessionDuration), so a session issued this long before the window can act in it. */
const MAX_SESSION_MS = 12 * 60 * 60 * 1000;
/** Events that mint role credentials and log the issued access key id. */
const ASSUME_EVENTS = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);
/**
 * Other events that name a role and mint credentials without a key id we can follow (IAM Roles Anywhere,
 * Identity Center): their presence makes the narrow read unprovable.
 */
const UNTRACEABLE_ISSUERS = new Set(['CreateSession', 'GetRoleCredentials']);
/** Judges one event returned by a `ResourceName = <role ARN>` lookup. */
function sessionOf(record, roleArn) {
    const r = (record ?? {});
    const name = typeof r.eventName === 'string' ? r.eventName : '';
    if (r.errorCode !== undefined && r.errorCode !== null)
        return { kind: 'ignore' };
    if (UNTRACEABLE_ISSUERS.has(name))
        return { kind: 'untraceable', reason: `${name} event ${String(r.eventID ?? '?')} issues credentials for the role` };
    if (!ASSUME_EVENTS.has(name))
        return { kind: 'ignore' };
    const assumed = r.requestParameters?.roleArn;
    if (typeof assumed === 'string' && !(0,cloudtrail_principal/* principalMatches */.ES)(roleArn, assumed))
        return { kind: 'ignore' };
    const key = r.responseElements?.credentials?.accessKeyId;
    const time = typeof r.eventTime === 'string' ? r.eventTime : undefined;
    if (typeof key !== 'string' || !key || !time)
        return {
            kind: 'untraceable',
            reason: `${name} event ${String(r.eventID ?? '?')} has no access key id to follow`,
        };
    return { kind: 'session', session: { accessKeyId: key, issuedAt: new Date(time).toISOString() } };
}
/** The slice of the window a session can have acted in. */
function sessionWindow(session, window) {
    const issued = Date.parse(session.issuedAt);
    const start = Math.max(issued, Date.parse(window.start));
    const end = Math.min(issued + MAX_SESSION_MS, Date.parse(window.end));
    return start <= end ? { start: new Date(start).toISOString(), end: new Date(end).toISOString() } : undefined;
}

;// CONCATENATED MODULE: ./src/sources/lookup-events/read.ts
/**
 * Usage from CloudTrail LookupEvents: zero set-up, management events only, 90 days. The API has no role filter
 * and allows 2 requests/s per account and Region, so one scan per account+Region serves every configured role,
 * all scans share one token bucket per account+Region, and a scan that runs out of pages or time reports the
 * window it actually covered instead of passing for least privilege.
 */








/** IAM and STS are global services whose events CloudTrail records in us-east-1. */
const GLOBAL_EVENTS_REGION = 'us-east-1';
const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;
/** LookupEvents serves the last 90 days of management events. */
const LOOKUP_EVENTS_RETENTION_MS = 90 * DAY_MS;
async function readLookupEventsUsage(options) {
    const clock = options.clock ?? sleep/* systemClock */.m;
    const limiter = options.limiter ?? lookupEventsLimiter;
    const started = clock.now();
    const regions = [...new Set([...options.regions, GLOBAL_EVENTS_REGION])].sort();
    const wanted = options.principalArns;
    const accumulator = new accumulate/* UsageAccumulator */.ws({
        principalFilter: (arn) => wanted.length === 0 || wanted.some((w) => (0,cloudtrail_principal/* principalMatches */.ES)(w, arn)),
        window: options.window,
    });
    const rejections = [];
    let requests = 0;
    let throttled = 0;
    const clients = new Map();
    const clientOf = (region) => {
        let client = clients.get(region);
        if (!client) {
            client =
                options.clientFor?.(region) ??
                    new client_cloudtrail_dist_cjs/* CloudTrailClient */.Vsm({
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
    const pagesByRegion = new Map();
    const eventsByRegion = new Map();
    // Narrow lookups overlap (two sessions' slices, the untraceable head of the window): count each event once.
    const seenByRegion = new Map();
    /** Reads every page of one lookup, paced by the account+Region bucket, retried on throttling and expiry. */
    const lookup = async (l, onEvent, budgeted) => {
        const client = clientOf(l.region);
        const bucket = limiter.bucket(options.accountId, l.region);
        let nextToken = l.startToken;
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
            for (let attempt = 0;; attempt++) {
                const release = await bucket.acquire();
                requests++;
                try {
                    page = await client.send(new client_cloudtrail_dist_cjs/* LookupEventsCommand */.nau(input));
                    release();
                    break;
                }
                catch (error) {
                    release();
                    const code = (0,aws_errors/* awsErrorCode */.J6)(error);
                    const retryable = (0,aws_errors/* isThrottling */.E2)(error) || code === 'ExpiredTokenException' || code === 'RequestExpired';
                    if ((0,aws_errors/* isThrottling */.E2)(error))
                        throttled++;
                    if (!retryable && l.tolerateErrors)
                        return { pages, events, oldest, complete: false, error };
                    if (!retryable || attempt >= (options.maxRetries ?? 8))
                        throw (0,aws_errors/* awsCallError */.Id)('cloudtrail:LookupEvents', `account ${options.accountId} in ${l.region}`, error);
                    await clock.sleep((0,sleep/* fullJitter */.G)(attempt, 250, 5000, options.random));
                }
            }
            pages++;
            if (budgeted)
                pagesByRegion.set(l.region, regionPages + 1);
            for (const event of page.Events ?? []) {
                events++;
                const time = event.EventTime?.toISOString();
                if (time && time < oldest)
                    oldest = time;
                onEvent(event);
            }
            nextToken = page.NextToken;
        } while (nextToken);
        return { pages, events, oldest, complete: true };
    };
    const record = (region) => (event) => {
        const seen = seenByRegion.get(region) ?? new Set();
        seenByRegion.set(region, seen);
        if (event.EventId) {
            // A resumed page can overlap the previous one; count each event once.
            if (seen.has(event.EventId))
                return;
            seen.add(event.EventId);
        }
        const n = (eventsByRegion.get(region) ?? 0) + 1;
        eventsByRegion.set(region, n);
        addEvent(event, region, n, accumulator, rejections);
    };
    const retentionStart = new Date(started - LOOKUP_EVENTS_RETENTION_MS).toISOString();
    const progress = (region, narrow) => (event) => {
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
    const probes = new Map();
    if (narrowWanted)
        await Promise.all(regions.map(async (region) => {
            const probe = { region, start: options.window.start, end: options.window.end, pageLimit: 1 };
            probes.set(region, await lookup(probe, progress(region, false), true));
        }));
    const fullPagesLeft = [...probes.values()].reduce((n, p) => n + (p.nextToken ? Math.max(1, estimatePages(options.window, p.oldest, 1) - 1) : 0), 0);
    const plan = !narrowWanted
        ? { lookups: undefined, fallbackReason: undefined }
        : fullPagesLeft === 0
            ? { lookups: undefined, fallbackReason: 'the first page of each Region held the whole window' }
            : await planNarrow(options, regions, retentionStart, fullPagesLeft, (l, onEvent) => lookup(l, onEvent, false));
    const lookups = plan.lookups ??
        regions.flatMap((region) => {
            const probe = probes.get(region);
            if (probe && !probe.nextToken)
                return [];
            return [
                {
                    region,
                    start: options.window.start,
                    end: options.window.end,
                    ...(probe?.nextToken ? { startToken: probe.nextToken } : {}),
                },
            ];
        });
    const results = new Map();
    // Each Region has its own quota, so Regions are read side by side; within a Region, one lookup at a time.
    // The accumulator is order-independent, and rejections are sorted below, so the result stays deterministic.
    await Promise.all(regions.map(async (region) => {
        for (const l of lookups.filter((x) => x.region === region)) {
            const result = await lookup(l, progress(region, plan.lookups !== undefined), true);
            results.set(region, [...(results.get(region) ?? []), result]);
        }
    }));
    rejections.sort((a, b) => a.file !== b.file ? (a.file < b.file ? -1 : 1) : (a.recordIndex ?? 0) - (b.recordIndex ?? 0));
    const coverage = regions.map((region) => {
        const rs = results.get(region) ?? [];
        const incomplete = rs.filter((r) => !r.complete);
        const coveredStart = incomplete.reduce((latest, r) => (r.oldest > latest ? r.oldest : latest), options.window.start);
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
        .map((c) => `lookup-events ${c.region}: read ${c.pages} pages back to ${c.covered.start}; ${options.window.start}..${c.covered.start} was not read (page or time budget)`);
    // Asking LookupEvents for more than it keeps: the older part does not exist there (a day of slack for clocks).
    if (Date.parse(options.window.start) < Date.parse(retentionStart) - DAY_MS)
        gaps.push(`lookup-events keeps 90 days: ${options.window.start}..${retentionStart} is not available (read the trail with --source s3 or athena)`);
    const coveredStart = coverage.reduce((latest, c) => (c.covered.start > latest ? c.covered.start : latest), Date.parse(options.window.start) < Date.parse(retentionStart) - DAY_MS ? retentionStart : options.window.start);
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
/**
 * Every Region of the partition, where a role session can be issued through a regional STS endpoint. Session
 * discovery looks in all of them: a session issued in a Region that is not read can still call one that is.
 * Regions that are not enabled answer with an authentication error and cannot have issued anything.
 */
const PARTITION_REGIONS = {
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
/**
 * The narrowest complete read: IAM users by `Username`; roles by the `AccessKeyId` of every session issued for
 * them (found by `ResourceName = role ARN` in every Region of the partition, from 12 hours before the window:
 * sessions last at most that long), each over the slice of the window the session can act in, in every Region
 * read. The head of the window whose sessions were issued before LookupEvents' 90 days is scanned in full. Chosen
 * only when it costs fewer requests than the rest of the full scan (`fullPagesLeft`, estimated from the probe).
 */
async function planNarrow(options, regions, retentionStart, fullPagesLeft, lookup) {
    const budget = Math.min(fullPagesLeft, options.maxNarrowLookups ?? Number.POSITIVE_INFINITY);
    const cheaper = `the full scan is cheaper (about ${fullPagesLeft} more pages)`;
    const window = options.window;
    const lookups = [];
    const sessions = new Map();
    const issuedFrom = new Date(Math.max(Date.parse(window.start) - MAX_SESSION_MS, Date.parse(retentionStart)));
    const arns = [...new Set(options.principalArns)].sort();
    const parsed = arns.map((arn) => ({ arn, iam: (0,cloudtrail_principal/* parseIamArn */.Os)(arn) }));
    const bad = parsed.find((p) => p.iam?.kind !== 'role' && p.iam?.kind !== 'user');
    if (bad)
        return { lookups: undefined, fallbackReason: `${bad.arn} is neither an IAM role nor a user` };
    const roles = parsed.filter((p) => p.iam?.kind === 'role').map((p) => p.arn);
    const partition = parsed[0]?.iam?.partition ?? 'aws';
    const partitionRegions = PARTITION_REGIONS[partition];
    if (roles.length > 0 && !partitionRegions)
        return { lookups: undefined, fallbackReason: `the Regions of partition ${partition} are not known to this build` };
    const discoveryRegions = [...new Set([...(partitionRegions ?? []), ...regions])].sort();
    const planned = roles.length * discoveryRegions.length;
    if (planned > budget)
        return { lookups: undefined, fallbackReason: cheaper };
    for (const { iam } of parsed)
        if (iam?.kind === 'user')
            for (const region of regions)
                lookups.push({ region, start: window.start, end: window.end, attribute: { key: 'Username', value: iam.name } });
    for (const arn of roles) {
        let found = 0;
        let untraceable;
        // Each Region has its own quota: look in all of them side by side.
        await Promise.all(discoveryRegions.map(async (region) => {
            const result = await lookup({
                region,
                start: issuedFrom.toISOString(),
                end: window.end,
                attribute: { key: 'ResourceName', value: arn },
                tolerateErrors: true,
            }, (event) => {
                let record;
                try {
                    record = JSON.parse(event.CloudTrailEvent ?? '');
                }
                catch {
                    untraceable ??= `event ${event.EventId ?? '?'} naming ${arn} has no JSON CloudTrailEvent`;
                    return;
                }
                const verdict = sessionOf(record, arn);
                if (verdict.kind === 'untraceable')
                    untraceable ??= verdict.reason;
                if (verdict.kind === 'session') {
                    found++;
                    sessions.set(verdict.session.accessKeyId, verdict.session);
                }
            });
            const code = result.error === undefined ? undefined : (0,aws_errors/* awsErrorCode */.J6)(result.error);
            if (result.error !== undefined && !(code && REGION_NOT_ENABLED.has(code)) && !regions.includes(region))
                untraceable ??= `sessions of ${arn} in ${region} could not be listed (${code ?? String(result.error)})`;
            else if (result.error !== undefined && regions.includes(region))
                throw (0,aws_errors/* awsCallError */.Id)('cloudtrail:LookupEvents', `account ${options.accountId} in ${region}`, result.error);
            else if (result.error === undefined && !result.complete)
                untraceable ??= 'the session lookup ran out of budget';
        }));
        if (untraceable)
            return { lookups: undefined, fallbackReason: untraceable };
        // No session found: the role may be unused, or the ARN may lack its path. Only the full scan can tell.
        if (found === 0)
            return { lookups: undefined, fallbackReason: `no AssumeRole event names ${arn} in the window` };
        if (planned + sessions.size * regions.length > budget)
            return { lookups: undefined, fallbackReason: cheaper };
    }
    for (const session of [...sessions.values()].sort((a, b) => (a.accessKeyId < b.accessKeyId ? -1 : 1))) {
        const slice = sessionWindow(session, window);
        if (!slice)
            continue;
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
function estimatePages(window, oldest, pages) {
    const total = Date.parse(window.end) - Date.parse(window.start);
    const done = Date.parse(window.end) - Date.parse(oldest);
    if (!(done > 0) || !(total > 0))
        return pages;
    return Math.ceil((pages * total) / done);
}
function estimate(window, oldest, pages) {
    const total = Date.parse(window.end) - Date.parse(window.start);
    const done = Date.parse(window.end) - Date.parse(oldest);
    if (!(done > 0) || !(total > 0))
        return {};
    const pagesLeft = (pages * (total - done)) / done;
    return { estimatedSecondsLeft: Math.ceil(pagesLeft / 2) };
}
function addEvent(event, region, index, accumulator, rejections) {
    const file = `lookup-events:${region}`;
    let parsed;
    try {
        parsed = JSON.parse(event.CloudTrailEvent ?? '');
    }
    catch {
        rejections.push({ file, recordIndex: index, reason: `event ${event.EventId ?? '?'} has no JSON CloudTrailEvent` });
        return;
    }
    const verdict = (0,scan_record/* toCloudTrailRecord */.aD)((0,scan_record/* pickFields */.$3)(parsed, scan_record/* RECORD_SPEC */.q9));
    if ('reason' in verdict) {
        rejections.push({ file, recordIndex: index, reason: verdict.reason });
        return;
    }
    accumulator.add(verdict.record);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
;// CONCATENATED MODULE: ./src/core/pool.ts
/**
 * Bounded concurrency for I/O-bound loops (S3 listings and downloads, GitHub blob reads): a fixed number of
 * requests in flight instead of all at once or one after another.
 */
/**
 * `fn` over every item, at most `limit` at a time; results in the items' order. The first rejection rejects
 * the whole (what is still in flight finishes, unobserved).
 */
async function inPool(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const run = async () => {
        while (next < items.length) {
            const at = next++;
            results[at] = await fn(items[at]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
    return results;
}

// EXTERNAL MODULE: ./src/sources/local/scan-worker-protocol.ts
var scan_worker_protocol = __webpack_require__(7001);
// EXTERNAL MODULE: ./src/sources/local/log-text.ts + 5 modules
var log_text = __webpack_require__(6257);
;// CONCATENATED MODULE: ./src/sources/s3/read.ts
/**
 * Usage from the trail's log files in S3: management and (if the trail logs them) data events, any age the
 * bucket keeps. Lists only the day prefixes inside the window (plus an hour of slack: file names carry the
 * delivery time, which trails the event time), downloads with bounded concurrency, and feeds each object
 * through the same decoder and accumulator as local files. SSE-KMS objects decrypt transparently given
 * kms:Decrypt; digest files live under CloudTrail-Digest/ and are never listed.
 */






/** Problems no other object will escape: stop and say what to fix rather than report a hollow result. */
const STOPPING_CODES = new Set([
    'CredentialsProviderError',
    'ExpiredToken',
    'ExpiredTokenException',
    'InvalidAccessKeyId',
    'SignatureDoesNotMatch',
    'NoSuchBucket',
]);
/**
 * An SSE-KMS log object the role may list and get but not decrypt fails with AccessDenied from S3 whose message
 * names KMS: the missing permission is kms:Decrypt on the trail's key, not s3:GetObject.
 */
function deniedAction(error) {
    const message = error instanceof Error ? error.message : String(error);
    return /\bkms\b|KMS/i.test(message) ? 'kms:Decrypt' : 's3:GetObject';
}
const SLACK_MS = 60 * 60 * 1000;
/** Requests in flight at a time, listing and downloading. */
const DEFAULT_CONCURRENCY = 8;
/** `YYYY/MM/DD` for every UTC day that may hold files delivered for the window. */
function dayPrefixes(window) {
    const start = Date.parse(window.start) - SLACK_MS;
    const end = Date.parse(window.end) + SLACK_MS;
    if (Number.isNaN(start) || Number.isNaN(end) || start > end)
        throw new RangeError(`bad window ${JSON.stringify(window)}`);
    const days = [];
    for (let t = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), new Date(start).getUTCDate()); t <= end; t += 86_400_000)
        days.push(new Date(t).toISOString().slice(0, 10).replace(/-/g, '/'));
    return days;
}
function logsRoot(options) {
    const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
    return `${prefix}AWSLogs/${options.organizationId ? `${options.organizationId}/` : ''}`;
}
async function readS3TrailUsage(options) {
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new RangeError(`concurrency must be a whole number ≥ 1 (requests at a time), got ${concurrency}`);
    const client = options.client ??
        new client_s3_dist_cjs/* S3Client */.YxF({
            // The trail bucket often lives in another Region than the one configured: follow S3's redirect.
            followRegionRedirects: true,
            ...(options.credentials ? { credentials: options.credentials } : {}),
            ...(options.clientConfig ?? {}),
        });
    const target = `s3://${options.bucket}/`;
    let requests = 0;
    const list = async (prefix, delimiter) => {
        const keys = [];
        const prefixes = [];
        let token;
        do {
            requests++;
            let page;
            try {
                page = await client.send(new client_s3_dist_cjs/* ListObjectsV2Command */.u6x({
                    Bucket: options.bucket,
                    Prefix: prefix,
                    ...(delimiter ? { Delimiter: delimiter } : {}),
                    ...(token ? { ContinuationToken: token } : {}),
                }));
            }
            catch (error) {
                throw (0,aws_errors/* awsCallError */.Id)('s3:ListBucket', `${target}${prefix}`, error);
            }
            for (const o of page.Contents ?? [])
                if (o.Key)
                    keys.push(o.Key);
            for (const p of page.CommonPrefixes ?? [])
                if (p.Prefix)
                    prefixes.push(p.Prefix);
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return { keys, prefixes };
    };
    const root = logsRoot(options);
    const accounts = options.accountIds && options.accountIds.length > 0
        ? [...options.accountIds]
        : (await list(root, '/')).prefixes
            .map((p) => p.slice(root.length).replace(/\/$/, ''))
            .filter((a) => /^\d{12}$/.test(a));
    const dayFolders = [];
    for (const account of [...new Set(accounts)].sort())
        for (const region of [...new Set(options.regions)].sort())
            for (const day of dayPrefixes(options.window))
                dayFolders.push(`${root}${account}/CloudTrail/${region}/${day}/`);
    // One listing per day, account and Region: 90 days of 3 Regions is 270 round trips, so they run side by side
    // (as many at a time as downloads), not one after another.
    const listed = await inPool(dayFolders, concurrency, async (folder) => (await list(folder)).keys);
    const keys = listed.flat().filter((k) => k.endsWith('.json.gz'));
    keys.sort();
    const accumulator = new accumulate/* UsageAccumulator */.ws({
        ...(options.principalArns.length ? { principalFilter: (0,scan_worker_protocol/* principalArnFilter */.K)(options.principalArns) } : {}),
        window: options.window,
    });
    const rejections = [];
    let done = 0;
    let bytes = 0;
    const failed = [];
    const download = async (key) => {
        requests++;
        let body;
        try {
            const got = await client.send(new client_s3_dist_cjs/* GetObjectCommand */.jLs({ Bucket: options.bucket, Key: key }));
            body = (await got.Body?.transformToByteArray()) ?? new Uint8Array();
        }
        catch (error) {
            if ((0,aws_errors/* isAccessDenied */.w7)(error))
                throw (0,aws_errors/* awsCallError */.Id)(deniedAction(error), `${target}${key}`, error);
            if (STOPPING_CODES.has((0,aws_errors/* awsErrorCode */.J6)(error) ?? ''))
                throw (0,aws_errors/* awsCallError */.Id)('s3:GetObject', `${target}${key}`, error);
            // One object gone (lifecycle expiry between list and get), a 5xx after the SDK's retries, a reset
            // stream: that file is named and the result marked incomplete, and hours of reading are not thrown away.
            const code = (0,aws_errors/* awsErrorCode */.J6)(error);
            const reason = `could not download${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`;
            failed.push({ key, reason });
            rejections.push({ file: `${target}${key}`, reason });
            done++;
            options.onProgress?.({ objectsDone: done, objectsTotal: keys.length, bytes });
            return;
        }
        bytes += body.length;
        const outcome = (0,log_text/* accumulateLogText */.M5)(`${target}${key}`, await (0,log_text/* decodeLogBytesAsync */.IK)(body), accumulator);
        rejections.push(...outcome.rejections);
        done++;
        options.onProgress?.({ objectsDone: done, objectsTotal: keys.length, bytes });
    };
    await inPool(keys, concurrency, download);
    rejections.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : (a.recordIndex ?? -1) - (b.recordIndex ?? -1));
    const gaps = [];
    if (keys.length === 0)
        gaps.push(`no log files under ${target}${root} for the window and Regions ${options.regions.join(', ')}`);
    if (failed.length > 0) {
        failed.sort((a, b) => (a.key < b.key ? -1 : 1));
        const first = failed[0];
        gaps.push(`${failed.length} of ${keys.length} log files could not be downloaded (first: ${target}${first.key}, ${first.reason}); run again to read them`);
    }
    return {
        snapshot: accumulator.snapshot(),
        rejections,
        // A trail covers what it was configured to cover; ALPHA cannot see gaps in delivery, only an empty listing
        // or objects it failed to read.
        complete: gaps.length === 0,
        gaps,
        covered: options.window,
        objectsRead: keys.length - failed.length,
        objectsFailed: failed.length,
        bytesRead: bytes,
        requests,
    };
}

;// CONCATENATED MODULE: ./src/sources/index.ts





async function readUsage(options) {
    switch (options.source) {
        case 'local': {
            const logs = options.cloudtrailLogs ?? [];
            if (logs.length === 0)
                throw new errors/* AlphaError */.F3('source local needs log files', 'pass --cloudtrail-logs DIR (or choose --source lookup-events)');
            const local = await (0,read/* readLocalUsage */.h)(logs, { principalArns: options.principalArns, window: options.window });
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
                throw new errors/* AlphaError */.F3('source lookup-events needs the account id', 'pass a full role ARN: its account is scanned');
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
                detail: usage.strategy === 'narrow'
                    ? `narrow read: ${usage.sessions} role session(s) followed by access key id`
                    : `full scan${usage.fallbackReason ? ` (narrow read not provably complete: ${usage.fallbackReason})` : ''}`,
            };
        }
        case 's3': {
            if (!options.trailBucket)
                throw new errors/* AlphaError */.F3('source s3 needs the trail bucket', 'pass --trail-bucket NAME (and --trail-prefix if the trail has one)');
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
                throw new errors/* AlphaError */.F3('source athena needs the database and the CloudTrail table', 'pass --athena-database DB --athena-table TABLE (and --athena-workgroup / --athena-output if not the defaults)');
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


/***/ })

};
