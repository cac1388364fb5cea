export const id = 620;
export const ids = [620];
export const modules = {

/***/ 9620:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  accountOf: () => (/* binding */ accountOf),
  bedrockCredentials: () => (/* binding */ bedrockCredentials),
  cliCredentials: () => (/* binding */ cliCredentials),
  cliServiceReference: () => (/* binding */ cliServiceReference),
  describeRead: () => (/* binding */ describeRead),
  existingFromIamForCli: () => (/* binding */ existingFromIamForCli),
  readAwsUsage: () => (/* binding */ readAwsUsage)
});

// EXTERNAL MODULE: ./src/aws/credentials.ts
var aws_credentials = __webpack_require__(6963);
// EXTERNAL MODULE: ./src/core/policy/normalize.ts
var normalize = __webpack_require__(5365);
// EXTERNAL MODULE: ./src/aws/iac-policy.ts
var iac_policy = __webpack_require__(1717);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/aws/errors.ts
var aws_errors = __webpack_require__(9378);
;// CONCATENATED MODULE: ./src/aws/role-policies.ts
/**
 * The role's existing identity policies, read from IAM: inline, attached managed (default version), and the
 * permissions boundary, every list call paginated. IAM returns policy documents URL-encoded (RFC 3986).
 */



function roleNameFromArn(roleArn) {
    const match = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(roleArn);
    if (!match?.[1])
        throw new errors/* AlphaError */.F3(`not an IAM role ARN: ${JSON.stringify(roleArn)}`, 'pass arn:aws:iam::<account>:role/<name>');
    return match[1];
}
function decodePolicyDocument(encoded, where) {
    let text = encoded;
    try {
        text = decodeURIComponent(encoded);
    }
    catch {
        // Already decoded (some fakes and SDK middlewares): parse as is.
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new errors/* AlphaError */.F3(`${where}: the policy document is not JSON (${error.message})`);
    }
}
async function call(action, target, run) {
    try {
        return await run();
    }
    catch (error) {
        throw (0,aws_errors/* awsCallError */.Id)(action, target, error);
    }
}
async function readRolePolicies(roleArn, options = {}) {
    const roleName = roleNameFromArn(roleArn);
    // IAM is global; us-east-1 is its endpoint in the aws partition.
    const client = options.client ??
        new dist_cjs/* IAMClient */.h8v({
            region: 'us-east-1',
            ...(options.credentials ? { credentials: options.credentials } : {}),
            ...(options.clientConfig ?? {}),
        });
    const role = await call('iam:GetRole', roleArn, () => client.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: roleName })));
    const inlineNames = [];
    let marker;
    do {
        const page = await call('iam:ListRolePolicies', roleArn, () => client.send(new dist_cjs/* ListRolePoliciesCommand */.Y7N({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })));
        inlineNames.push(...(page.PolicyNames ?? []));
        marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const inline = [];
    for (const name of [...new Set(inlineNames)].sort()) {
        const got = await call('iam:GetRolePolicy', roleArn, () => client.send(new dist_cjs/* GetRolePolicyCommand */.WHQ({ RoleName: roleName, PolicyName: name })));
        inline.push({
            kind: 'inline',
            name,
            document: decodePolicyDocument(got.PolicyDocument ?? '', `inline policy ${name} of ${roleArn}`),
        });
    }
    const attachedArns = [];
    marker = undefined;
    do {
        const page = await call('iam:ListAttachedRolePolicies', roleArn, () => client.send(new dist_cjs/* ListAttachedRolePoliciesCommand */.wfM({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })));
        for (const p of page.AttachedPolicies ?? [])
            if (p.PolicyArn)
                attachedArns.push(p.PolicyArn);
        marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const readManaged = async (arn, kind) => {
        const policy = await call('iam:GetPolicy', arn, () => client.send(new dist_cjs/* GetPolicyCommand */.s4W({ PolicyArn: arn })));
        const versionId = policy.Policy?.DefaultVersionId;
        if (!versionId)
            throw new errors/* AlphaError */.F3(`iam:GetPolicy on ${arn} returned no default version`);
        const version = await call('iam:GetPolicyVersion', arn, () => client.send(new dist_cjs/* GetPolicyVersionCommand */.G45({ PolicyArn: arn, VersionId: versionId })));
        return {
            kind,
            name: arn,
            arn,
            versionId,
            document: decodePolicyDocument(version.PolicyVersion?.Document ?? '', `managed policy ${arn} (${versionId})`),
        };
    };
    const managed = [];
    for (const arn of [...new Set(attachedArns)].sort())
        managed.push(await readManaged(arn, 'managed'));
    const boundaryArn = role.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    const boundary = boundaryArn ? await readManaged(boundaryArn, 'boundary') : undefined;
    const actualArn = role.Role?.Arn;
    return {
        roleArn,
        ...(actualArn ? { actualArn } : {}),
        policies: [...inline, ...managed],
        ...(boundary ? { boundary } : {}),
    };
}

;// CONCATENATED MODULE: ./src/aws/existing-policies.ts




function existingFromRolePolicies(read, iac) {
    const policies = read.policies.map((p) => ({
        name: p.name,
        document: (0,normalize/* normalizePolicyDocument */.lP)(p.document, `${p.kind} policy ${p.name} of ${read.roleArn}`),
    }));
    const boundary = read.boundary
        ? {
            name: read.boundary.name,
            document: (0,normalize/* normalizePolicyDocument */.lP)(read.boundary.document, `permissions boundary ${read.boundary.name}`),
        }
        : undefined;
    const refs = [...read.policies, ...(read.boundary ? [read.boundary] : [])].map((p) => ({
        kind: p.kind,
        name: p.name,
        ...(p.arn ? { arn: p.arn } : {}),
        ...(p.versionId ? { versionId: p.versionId } : {}),
    }));
    let iacDetail;
    if (iac) {
        const controlled = (0,iac_policy/* policyControlledBy */.W)(refs, iac);
        for (const r of refs)
            if (r.name === controlled)
                r.controlledByIac = true;
        iacDetail = {
            file: iac.file,
            ...(iac.target ? { target: iac.target } : {}),
            ...(controlled ? { policy: controlled } : {}),
        };
    }
    return {
        ...(read.actualArn ? { actualArn: read.actualArn } : {}),
        policies,
        ...(boundary ? { boundary } : {}),
        details: { origin: 'iam', policies: refs, ...(iacDetail ? { iac: iacDetail } : {}) },
    };
}
async function readExistingFromIam(roleArn, options = {}) {
    const read = await readRolePolicies(roleArn, {
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.client ? { client: options.client } : {}),
        ...(options.clientConfig ? { clientConfig: options.clientConfig } : {}),
    });
    return existingFromRolePolicies(read, options.iac);
}

// EXTERNAL MODULE: ./src/core/cloudtrail/principal.ts
var cloudtrail_principal = __webpack_require__(7517);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-athena/dist-cjs/index.js
var client_athena_dist_cjs = __webpack_require__(2204);
// EXTERNAL MODULE: ./src/core/usage/accumulate.ts
var accumulate = __webpack_require__(7569);
// EXTERNAL MODULE: ./src/sources/athena/query.ts
var query = __webpack_require__(5900);
// EXTERNAL MODULE: ./src/core/cloudtrail/implied.ts
var implied = __webpack_require__(8091);
// EXTERNAL MODULE: ./src/core/cloudtrail/resources.ts
var resources = __webpack_require__(410);
// EXTERNAL MODULE: ./src/sources/athena/sql.ts
var athena_sql = __webpack_require__(8784);
;// CONCATENATED MODULE: ./src/sources/athena/rows.ts
/**
 * Rows of the usage query (sql.ts) → the UsageSnapshot the local reader would have built from the same records,
 * as far as Athena can see them. Pure: no I/O, so the same function serves the reader and the parity tests.
 *
 * Principals are normalized here with the local path's own rules (`resolvePrincipal`, `principalMatches`), so
 * the SQL only has to keep a superset; rows that resolve to the same principal (a role seen both through its
 * issuer and through bare session ARNs) are merged by the accumulator, exactly.
 */





const COLUMN_INDEX = new Map(athena_sql/* USAGE_COLUMNS */.AN.map((c, i) => [c, i]));
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
    const database = (0,athena_sql/* athenaIdentifier */.Zs)('database', options.database);
    const table = (0,athena_sql/* athenaIdentifier */.Zs)('table', options.table);
    const target = {
        database,
        ...(options.workgroup ? { workgroup: options.workgroup } : {}),
        ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
    };
    (0,query/* checkQueryTarget */.i0)(target);
    const maxResourcesPerCall = options.maxResourcesPerCall ?? accumulate/* DEFAULT_MAX_RESOURCES_PER_CALL */.er;
    const passedRoleSample = options.passedRoleSample ?? athena_sql/* DEFAULT_PASSED_ROLE_SAMPLE */.ND;
    const window = { start: (0,athena_sql/* canonicalTime */.Wc)(options.window.start), end: (0,athena_sql/* canonicalTime */.Wc)(options.window.end) };
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
    (0,athena_sql/* usageQuery */.qM)({ ...querySpec, partitionColumns: [] });
    const client = options.client ??
        new client_athena_dist_cjs/* AthenaClient */.T7g({
            ...(options.region ? { region: options.region } : {}),
            // Throttling is retried here with full jitter; the SDK's own retries would multiply it.
            maxAttempts: 1,
            ...(options.credentials ? { credentials: options.credentials } : {}),
            ...(options.clientConfig ?? {}),
        });
    let requests = 0;
    let partitionColumns = options.partitionColumns;
    if (partitionColumns === undefined) {
        const metadata = await (0,query/* tablePartitionColumns */.ON)(client, { ...target, table }, options);
        requests += metadata.requests;
        partitionColumns = metadata.columns;
    }
    const sql = (0,athena_sql/* usageQuery */.qM)({ ...querySpec, partitionColumns });
    if (Buffer.byteLength(sql) > ATHENA_MAX_QUERY_BYTES)
        throw new errors/* AlphaError */.F3(`the Athena query for ${options.principalArns.length} roles is ${Buffer.byteLength(sql)} bytes; Athena accepts at most ${ATHENA_MAX_QUERY_BYTES}`, 'analyze every principal in one query (--all-roles) and pick the roles from the result, or split the roles into batches');
    const run = await (0,query/* runAthenaQuery */.nu)(client, sql, target, options);
    requests += run.requests;
    const read = await (0,query/* readAthenaRows */.dn)(client, run.queryExecutionId, athena_sql/* USAGE_COLUMNS */.AN, {
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
        costUsd: (0,athena_sql/* athenaCostUsd */.v9)(run.bytesScanned),
        queryExecutionId: run.queryExecutionId,
    };
}

// EXTERNAL MODULE: ./src/sources/local/read.ts
var read = __webpack_require__(9896);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudtrail/dist-cjs/index.js
var client_cloudtrail_dist_cjs = __webpack_require__(7392);
// EXTERNAL MODULE: ./src/core/cloudtrail/scan-record.ts
var scan_record = __webpack_require__(5034);
// EXTERNAL MODULE: ./src/aws/sleep.ts
var sleep = __webpack_require__(7478);
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
// EXTERNAL MODULE: ./src/core/pool.ts
var pool = __webpack_require__(6021);
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
    const listed = await (0,pool/* inPool */.Q)(dayFolders, concurrency, async (folder) => (await list(folder)).keys);
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
    await (0,pool/* inPool */.Q)(keys, concurrency, download);
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

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/core/cloudtrail/service-reference.ts
/**
 * AWS's Service Reference (`https://servicereference.us-east-1.amazonaws.com/v1/<prefix>/<prefix>.json`) maps
 * API operations to the IAM actions they authorize (`Operations[].AuthorizedActions`). It is the first and best
 * source for event → action mapping; an adapter fetches and caches it, the core only looks it up.
 */
/** Where a document deviates from the published format; the message names the document and the field. */
class ServiceReferenceFormatError extends Error {
    name = 'ServiceReferenceFormatError';
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function nonEmptyString(value) {
    return typeof value === 'string' && value.length > 0 && value.length <= 256;
}
/**
 * Builds a lookup from Service Reference documents, one per service, in AWS's format
 * `{Name, Actions: [...], Operations: [{Name, AuthorizedActions: [{Name, Service}], SDK: [...]}]}`.
 * Operations without `AuthorizedActions` (or with an empty list) are left out, so a lookup falls through to the
 * next rule rather than claiming the operation needs nothing. Throws `ServiceReferenceFormatError` when a
 * document is not in that format: a silent partial reference would map calls inconsistently.
 */
function serviceReferenceFromDocuments(docs) {
    // service prefix → lower-cased operation → sorted, de-duplicated action keys.
    const table = new Map();
    docs.forEach((doc, index) => {
        const where = `service reference document #${index + 1}`;
        if (!isObject(doc))
            throw new ServiceReferenceFormatError(`${where} is not a JSON object`);
        if (!nonEmptyString(doc.Name))
            throw new ServiceReferenceFormatError(`${where} has no "Name" (the service prefix)`);
        const service = doc.Name.toLowerCase();
        const ops = doc.Operations;
        if (ops === undefined)
            return; // a service without operation data: nothing to add
        if (!Array.isArray(ops))
            throw new ServiceReferenceFormatError(`${where} (${service}): "Operations" is not an array`);
        const byOperation = table.get(service) ?? new Map();
        ops.forEach((op, opIndex) => {
            const opWhere = `${where} (${service}) Operations[${opIndex}]`;
            if (!isObject(op) || !nonEmptyString(op.Name))
                throw new ServiceReferenceFormatError(`${opWhere} has no "Name" (the API operation)`);
            const authorized = op.AuthorizedActions;
            if (authorized === undefined)
                return;
            if (!Array.isArray(authorized))
                throw new ServiceReferenceFormatError(`${opWhere} (${op.Name}): "AuthorizedActions" is not an array`);
            const keys = authorized.map((a, aIndex) => {
                if (!isObject(a) || !nonEmptyString(a.Name) || !nonEmptyString(a.Service))
                    throw new ServiceReferenceFormatError(`${opWhere} (${op.Name}): AuthorizedActions[${aIndex}] needs string "Name" and "Service"`);
                return `${a.Service.toLowerCase()}:${a.Name}`;
            });
            if (keys.length === 0)
                return;
            const key = op.Name.toLowerCase();
            byOperation.set(key, [...new Set([...(byOperation.get(key) ?? []), ...keys])].sort());
        });
        table.set(service, byOperation);
    });
    return {
        authorizedActions(servicePrefix, operation) {
            const found = table.get(servicePrefix.toLowerCase())?.get(operation.toLowerCase());
            return found ? [...found] : undefined;
        },
    };
}

;// CONCATENATED MODULE: ./src/sources/service-reference/load.ts
/**
 * Fetches AWS's Service Reference (index + one JSON per service) on demand, caches it on disk with a TTL, and
 * falls back to the cache — or to nothing, so the mapper uses its built-in rules — when AWS cannot be reached
 * quickly. A run is never blocked on this: it only improves mapping.
 */





const SERVICE_REFERENCE_URL = 'https://servicereference.us-east-1.amazonaws.com/';
const load_DAY_MS = 24 * 60 * 60 * 1000;
function defaultCacheDir(env = process.env) {
    if (env.RUNNER_TOOL_CACHE)
        return (0,external_node_path_.join)(env.RUNNER_TOOL_CACHE, 'alpha', 'service-reference');
    return (0,external_node_path_.join)(env.XDG_CACHE_HOME ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache'), 'alpha', 'service-reference');
}
function parseIndex(value) {
    if (!Array.isArray(value))
        throw new Error('the index is not a JSON array');
    return value.flatMap((e) => {
        const entry = e;
        return typeof entry.service === 'string' && typeof entry.url === 'string'
            ? [{ service: entry.service, url: entry.url }]
            : [];
    });
}
const safeName = (prefix) => prefix.replace(/[^a-z0-9-]/gi, '_');
async function readJson(path) {
    return JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
}
async function loadServiceReference(options = {}) {
    if (options.directory !== undefined)
        return loadDirectory(options.directory);
    const now = options.now ?? Date.now;
    const ttl = options.ttlMs ?? 7 * load_DAY_MS;
    const cacheDir = options.cacheDir ?? defaultCacheDir(options.env);
    const notes = [];
    const doFetch = options.fetch ?? fetch;
    const timeoutMs = options.timeoutMs ?? 3000;
    const getJson = async (url) => {
        const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok)
            throw new Error(`HTTP ${response.status} from ${url}`);
        return (await response.json());
    };
    // Read-through cache: fresh entries are used as is, stale ones only when the network fails.
    const cached = async (name, url) => {
        const path = (0,external_node_path_.join)(cacheDir, name);
        const age = await (0,promises_.stat)(path).then((s) => now() - s.mtimeMs, () => undefined);
        if (age !== undefined && age < ttl)
            return { value: await readJson(path).catch(() => undefined), fromNetwork: false };
        if (!options.offline && url) {
            try {
                const value = await getJson(url);
                await (0,promises_.mkdir)(cacheDir, { recursive: true });
                const tmp = `${path}.${process.pid}.tmp`;
                await (0,promises_.writeFile)(tmp, JSON.stringify(value));
                await (0,promises_.rename)(tmp, path);
                return { value, fromNetwork: true };
            }
            catch (error) {
                notes.push(`service reference ${name}: ${error instanceof Error ? error.message : String(error)}`);
            }
        }
        if (age !== undefined) {
            notes.push(`service reference ${name}: using a cached copy older than the TTL`);
            return { value: await readJson(path).catch(() => undefined), fromNetwork: false };
        }
        return undefined;
    };
    const index = await cached('index.json', SERVICE_REFERENCE_URL);
    let entries;
    try {
        entries = index ? parseIndex(index.value) : [];
    }
    catch (error) {
        notes.push(`service reference index: ${error.message}`);
        entries = [];
    }
    if (entries.length === 0) {
        notes.push('AWS Service Reference unavailable: mapping uses the built-in rules only');
        return { reference: undefined, origin: 'none', services: [], notes };
    }
    const wanted = options.servicePrefixes ? new Set(options.servicePrefixes.map((p) => p.toLowerCase())) : undefined;
    const docs = [];
    const services = [];
    let anyNetwork = index?.fromNetwork ?? false;
    for (const entry of entries.filter((e) => !wanted || wanted.has(e.service.toLowerCase()))) {
        const got = await cached(`${safeName(entry.service)}.json`, entry.url);
        if (got?.value !== undefined) {
            docs.push(got.value);
            services.push(entry.service);
            anyNetwork ||= got.fromNetwork;
        }
    }
    try {
        const reference = serviceReferenceFromDocuments(docs);
        return { reference, origin: anyNetwork ? 'network' : 'cache', services: services.sort(), notes };
    }
    catch (error) {
        notes.push(`AWS Service Reference rejected: ${error.message}; mapping uses the built-in rules only`);
        return { reference: undefined, origin: 'none', services: [], notes };
    }
}
async function loadDirectory(directory) {
    let names;
    try {
        names = (await (0,promises_.readdir)(directory)).filter((n) => n.endsWith('.json') && n !== 'index.json').sort();
    }
    catch (error) {
        throw new errors/* AlphaError */.F3(`could not read --service-reference ${directory}: ${error.message}`, 'pass a folder of Service Reference JSON files (one <service>.json each), or drop the flag to fetch from AWS');
    }
    const docs = [];
    for (const name of names) {
        try {
            docs.push(await readJson((0,external_node_path_.join)(directory, name)));
        }
        catch (error) {
            throw new errors/* AlphaError */.F3(`--service-reference ${(0,external_node_path_.join)(directory, name)} is not JSON: ${error.message}`);
        }
    }
    try {
        const reference = serviceReferenceFromDocuments(docs);
        return { reference, origin: 'directory', services: names.map((n) => n.slice(0, -5)), notes: [] };
    }
    catch (error) {
        throw new errors/* AlphaError */.F3(`--service-reference ${directory}: ${error.message}`);
    }
}

// EXTERNAL MODULE: ./src/cli/progress.ts
var cli_progress = __webpack_require__(9851);
;// CONCATENATED MODULE: ./src/cli/commands/analyze-aws.ts







/** Credentials only when the run needs AWS: an AWS source, or --profile / --assume-role asked for it. */
function cliCredentials(options, env = process.env) {
    if (options.source === 'local' && !options.profile && !options.assumeRole)
        return undefined;
    const region = options.regions[0] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const credentials = new aws_credentials/* AwsCredentials */.Mx({ region, ...(options.profile ? { profile: options.profile } : {}) });
    return options.assumeRole
        ? credentials.forRole({
            roleArn: options.assumeRole,
            ...(options.externalId ? { externalId: options.externalId } : {}),
        })
        : credentials.base;
}
/** Bedrock is called with the caller's own credentials (the tool account), never through the reader role. */
function bedrockCredentials(options, env = process.env) {
    const region = options.regions[0] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    return new aws_credentials/* AwsCredentials */.Mx({ region, ...(options.profile ? { profile: options.profile } : {}) }).base;
}
/**
 * LookupEvents and the S3 trail read one account per run here: the credentials reach one account, and reading a
 * role's events needs that account's trail. Several accounts means several runs (or the Action's config).
 */
function accountOf(roleArns, assumeRole) {
    const accounts = [...new Set(roleArns.map((a) => (0,cloudtrail_principal/* parseIamArn */.Os)(a)?.accountId).filter((a) => !!a))];
    if (accounts.length !== 1)
        throw new errors/* AlphaError */.F3(`the roles are in ${accounts.length === 0 ? 'no known' : 'several'} accounts (${accounts.join(', ') || roleArns.join(', ')})`, 'run alpha analyze once per account, each with the --assume-role reader role of that account');
    const account = accounts[0];
    const assumed = assumeRole ? (0,cloudtrail_principal/* parseIamArn */.Os)(assumeRole)?.accountId : undefined;
    if (assumed && assumed !== account)
        throw new errors/* AlphaError */.F3(`--assume-role ${assumeRole} is in account ${assumed}, but the roles are in ${account}: CloudTrail only shows an account its own events`, `pass a reader role in ${account}`);
    return account;
}
async function readAwsUsage(options, window, credentials, env = process.env) {
    const accountId = accountOf(options.roleArn, options.assumeRole);
    const defaultRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    const regions = options.regions.length > 0 ? options.regions : defaultRegion ? [defaultRegion] : [];
    const progress = (0,cli_progress/* createLookupProgressReporter */.nT)(options.progress ? process.stderr : { isTTY: false, write: () => true });
    const usage = await readUsage({
        source: options.source,
        window,
        principalArns: options.roleArn,
        accountId,
        regions,
        ...(credentials ? { credentials } : {}),
        ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
        ...(options.timeBudget !== undefined ? { timeBudgetMs: Math.round(options.timeBudget * 60_000) } : {}),
        onLookupProgress: (p) => progress.update(p),
        onAthenaProgress: athenaProgress(options.progress),
        ...(options.trailBucket ? { trailBucket: options.trailBucket } : {}),
        ...(options.trailPrefix ? { trailPrefix: options.trailPrefix } : {}),
        ...(options.organizationId ? { organizationId: options.organizationId } : {}),
        ...(options.athenaDatabase ? { athenaDatabase: options.athenaDatabase } : {}),
        ...(options.athenaTable ? { athenaTable: options.athenaTable } : {}),
        ...(options.athenaWorkgroup ? { athenaWorkgroup: options.athenaWorkgroup } : {}),
        ...(options.athenaOutput ? { athenaOutput: options.athenaOutput } : {}),
    });
    progress.done();
    process.stderr.write(`alpha: ${describeRead(options.source, usage)}\n`);
    for (const gap of usage.gaps)
        process.stderr.write(`alpha: warning: incomplete: ${gap}\n`);
    return { ...usage, window };
}
/** Athena queries take seconds to minutes: one stderr line per state change, with the bytes scanned so far. */
function athenaProgress(enabled) {
    let last = '';
    return (p) => {
        if (!enabled || p.state === last)
            return;
        last = p.state;
        process.stderr.write(`alpha: athena query ${p.state.toLowerCase()} after ${(0,cli_progress/* formatDuration */.a3)(p.elapsedMs / 1000)}, ${(p.bytesScanned / 1_048_576).toFixed(1)} MiB scanned\n`);
    };
}
/** One line on stderr: what the scan cost, so users can judge when to move to the next source. */
function describeRead(source, usage) {
    const parts = [`${source}: ${usage.requests.toLocaleString('en-US')} requests`];
    if (usage.detail)
        parts.push(usage.detail);
    if (source === 'lookup-events')
        parts.push(`about ${(0,cli_progress/* formatDuration */.a3)(usage.requests / 2)} of quota at 2 requests/s`);
    if (usage.bytesScanned !== undefined)
        parts.push(`${(usage.bytesScanned / 1_073_741_824).toFixed(2)} GiB scanned`, `about $${(usage.costUsd ?? 0).toFixed(4)}`);
    parts.push(usage.complete ? 'window complete' : `INCOMPLETE window: read ${usage.covered.start}..${usage.covered.end}`);
    return parts.join(', ');
}
async function existingFromIamForCli(roleArn, credentials) {
    return readExistingFromIam(roleArn, credentials ? { credentials } : {});
}
/**
 * `--service-reference`: a folder (local copy), `aws` (fetch, cached with a TTL), or `builtin`. Default: `aws`
 * for the AWS sources (they need the network anyway), `builtin` for local files, so the offline demo never
 * touches the network and stays byte-identical whatever the cache holds. `--offline` forces `builtin`.
 */
async function cliServiceReference(options, servicePrefixes) {
    const choice = options.offline
        ? 'builtin'
        : (options.serviceReference ?? (options.source === 'local' ? 'builtin' : 'aws'));
    if (choice === 'builtin')
        return {};
    const loaded = choice === 'aws'
        ? await loadServiceReference({ servicePrefixes })
        : await loadServiceReference({ directory: choice });
    if (!loaded.reference) {
        process.stderr.write(`alpha: note: AWS Service Reference unavailable (${loaded.notes[0] ?? 'no services'}); mapping uses the built-in rules\n`);
        return {};
    }
    return {
        reference: loaded.reference,
        origin: loaded.origin === 'directory' ? `directory:${choice}` : `aws:${loaded.origin}`,
    };
}


/***/ })

};
