import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/core/cloudtrail/principal.ts
const IAM_KINDS = new Set(['role', 'user', 'group', 'instance-profile', 'policy']);
const PARTITION = /^aws(-[a-z]+)*$/;
const ACCOUNT = /^\d{12}$/;
// IAM allows [\w+=,.@-] in names; AWS-internal roles (`aws:ec2-infrastructure`) add `:`. Anything with spaces,
// quotes or control characters is not a principal we could write a policy for.
const NAME = /^[\w+=,.@:-]{1,128}$/;
const MAX_ARN = 2048;
/**
 * parseIamArn is pure and called per record (users, passed roles) on few distinct ARNs, so answers are memoized.
 * Bounded (cleared when full) against hostile input; the key is copied and the copy parsed, because scanner
 * strings are slices of a whole log file's text that a retained slice would keep alive.
 */
const ARN_MEMO_MAX = 4096;
const arnMemo = new Map();
/** Splits an IAM ARN (`arn:aws:iam::123456789012:role/path/Name`); undefined for anything else. */
function principal_parseIamArn(arn) {
    if (typeof arn !== 'string' || arn.length > MAX_ARN)
        return undefined;
    const known = arnMemo.get(arn);
    if (known !== undefined)
        return known ?? undefined;
    const copy = ` ${arn}`.slice(1);
    const parsed = parseIamArnUncached(copy);
    if (arnMemo.size >= ARN_MEMO_MAX)
        arnMemo.clear();
    arnMemo.set(copy, parsed ?? null);
    return parsed;
}
function parseIamArnUncached(arn) {
    const parts = arn.split(':');
    if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'iam' || parts[3] !== '')
        return undefined;
    const partition = parts[1] ?? '';
    const accountId = parts[4] ?? '';
    const resource = parts.slice(5).join(':');
    if (!PARTITION.test(partition))
        return undefined;
    const slash = resource.indexOf('/');
    if (slash <= 0)
        return undefined;
    const kind = resource.slice(0, slash);
    if (!IAM_KINDS.has(kind))
        return undefined;
    // AWS managed policies live in the pseudo-account `aws`.
    if (!ACCOUNT.test(accountId) && !(kind === 'policy' && accountId === 'aws'))
        return undefined;
    const segments = resource.slice(slash + 1).split('/');
    const name = segments.pop() ?? '';
    if (!NAME.test(name) || segments.some((s) => !NAME.test(s)))
        return undefined;
    const path = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
    return { partition, accountId, kind: kind, path, name };
}
/** `arn:aws:iam::123456789012:role/aws-service-role/…`: owned by an AWS service, its policy cannot be edited. */
function isServiceLinkedRoleArn(arn) {
    const parsed = principal_parseIamArn(arn);
    return parsed?.kind === 'role' && parsed.path.startsWith('/aws-service-role/');
}
/** `arn:aws:sts::123456789012:assumed-role/Name/session` → the role's path-less IAM ARN. */
function roleFromSessionArn(arn) {
    const m = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})(?:\/[^/]*)?$/.exec(arn);
    if (!m)
        return undefined;
    return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
}
/**
 * roleFrom answers per ARN text, and a log names few distinct roles, so the answers are memoized. Bounded
 * (cleared when full) so hostile input cannot grow it; keys are copied because scanner strings are slices of a
 * whole log file's text, which a retained slice would keep alive.
 */
const ROLE_MEMO_MAX = 4096;
const roleMemo = new Map();
function roleFrom(arn) {
    if (typeof arn !== 'string')
        return undefined;
    const known = roleMemo.get(arn);
    if (known !== undefined)
        return known ?? undefined;
    if (arn.length > MAX_ARN)
        return roleFromUncached(arn);
    const copy = ` ${arn}`.slice(1);
    const principal = roleFromUncached(copy);
    if (roleMemo.size >= ROLE_MEMO_MAX)
        roleMemo.clear();
    roleMemo.set(copy, principal ?? null);
    return principal;
}
function roleFromUncached(arn) {
    const parsed = principal_parseIamArn(arn);
    if (parsed)
        return parsed.kind === 'role' ? { arn, kind: 'role' } : undefined;
    const derived = roleFromSessionArn(arn);
    return derived ? { arn: derived, kind: 'role', pathUnknown: true } : undefined;
}
/**
 * Who made a call, in terms of the IAM principal whose policy allowed it; undefined for AWS services, AWS
 * accounts, anonymous callers, root, federated and web-identity users (no IAM policy of theirs to tighten).
 */
function resolvePrincipal(identity) {
    if (typeof identity !== 'object' || identity === null)
        return undefined;
    if (identity.type === 'AssumedRole') {
        // The issuer is authoritative (it has the path); some exports carry the session ARN there instead.
        return roleFrom(identity.sessionContext?.sessionIssuer?.arn) ?? roleFrom(identity.arn);
    }
    if (identity.type === 'IAMUser' && typeof identity.arn === 'string') {
        const parsed = principal_parseIamArn(identity.arn);
        return parsed?.kind === 'user' ? { arn: identity.arn, kind: 'user' } : undefined;
    }
    return undefined;
}
/**
 * Whether `principalArn` (as seen in the logs) is the principal the user asked for. Case-sensitive on the name;
 * a requested ARN without a path (`role/Name`) matches that name at any path in the same account, because users
 * rarely know a role's path; a requested path must match exactly.
 */
function principalMatches(requestedArn, principalArn) {
    if (requestedArn === principalArn)
        return true;
    const want = principal_parseIamArn(requestedArn);
    const got = principal_parseIamArn(principalArn);
    if (!want || !got)
        return false;
    if (want.partition !== got.partition || want.accountId !== got.accountId)
        return false;
    if (want.kind !== got.kind || want.name !== got.name)
        return false;
    return want.path === '/' || want.path === got.path;
}

;// CONCATENATED MODULE: ./src/core/cloudtrail/mapping/operation-name.ts
/**
 * CloudTrail event names are API operation names, except that some services append the API version they were
 * called through: Lambda `CreateFunction20150331`, `UpdateFunctionConfiguration20150331v2`, CloudFront
 * `UpdateDistribution2020_05_31`. IAM actions never carry it.
 */
// Letters only before the date: no real operation name ends in eight digits, so nothing else is touched.
const VERSION_SUFFIX = /^([A-Za-z]+?)(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d{1,3})?$/;
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;
/** Whether the text can be an API operation name at all (untrusted input: spaces, quotes, huge strings). */
function isOperationName(eventName) {
    return OPERATION_NAME.test(eventName);
}
/** The operation name without an API version suffix; unchanged when there is none. */
function withoutVersionSuffix(eventName) {
    // Called per record: a name that does not end in a digit (nearly all) cannot carry a suffix.
    const last = eventName.charCodeAt(eventName.length - 1);
    if (!(last >= 48 && last <= 57))
        return eventName;
    return VERSION_SUFFIX.exec(eventName)?.[1] ?? eventName;
}

;// CONCATENATED MODULE: ./src/core/cloudtrail/scan-record.ts
const S = { kind: 'string' };
/** A string with few distinct values across a log (see `intern`). */
const COMMON = { kind: 'string', intern: true };
const B = { kind: 'boolean' };
const SESSION_ISSUER = new Map([
    ['type', S],
    ['arn', S],
    ['userName', S],
    ['accountId', S],
]);
const USER_IDENTITY = new Map([
    ['type', S],
    ['arn', S],
    ['accountId', S],
    ['principalId', S],
    ['userName', S],
    ['invokedBy', S],
    ['accessKeyId', S],
    [
        'sessionContext',
        { kind: 'object', fields: new Map([['sessionIssuer', { kind: 'object', fields: SESSION_ISSUER }]]) },
    ],
]);
/**
 * The keys of requestParameters that resources.ts and implied.ts read (the first step of each path), found in
 * place by the record index. A key missing here is still read correctly, from the parsed value, only slower; a
 * test checks that every key those readers ask for is listed.
 */
const PARAMETER_KEYS = [
    // resources.ts
    'bucketName',
    'key',
    'x-amz-copy-source',
    'tableName',
    'functionName',
    'qualifier',
    'queueUrl',
    'topicArn',
    'targetArn',
    'keyId',
    'sourceKeyId',
    'destinationKeyId',
    'targetKeyId',
    'aliasName',
    'secretId',
    'name',
    'names',
    'path',
    'logGroupName',
    'logStreamName',
    'roleArn',
    'policyArn',
    'userArn',
    'groupArn',
    'roleName',
    'userName',
    'groupName',
    'instanceProfileName',
    'stateMachineArn',
    'executionArn',
    'activityArn',
    // implied.ts (roles passed)
    'iamInstanceProfile',
    'launchSpecification',
    'AssociateIamInstanceProfileRequest',
    'ReplaceIamInstanceProfileAssociationRequest',
    'serviceRole',
    'autoScalingRole',
    'jobFlowRole',
    'role',
    'taskRoleArn',
    'executionRoleArn',
    'overrides',
    'roleARN',
    'administrationRoleARN',
    'jobUpdate',
    'trainingJobDefinition',
    'defaultUserSettings',
    'pipeline',
    'targets',
    'target',
    'cloudWatchLogsRoleArn',
    'configurationRecorder',
    'monitoringRoleArn',
    'iamRoleArn',
    'nodeRole',
    'podExecutionRoleArn',
    'containerProperties',
    'serviceRoleArn',
];
/** Exactly the fields of `CloudTrailRecord`; everything else in a record is skipped unread. */
const RECORD_SPEC = new Map([
    ['eventVersion', COMMON],
    ['eventTime', S],
    ['eventSource', COMMON],
    ['eventName', COMMON],
    ['awsRegion', COMMON],
    ['eventID', S],
    ['eventType', COMMON],
    ['eventCategory', COMMON],
    ['managementEvent', B],
    ['readOnly', B],
    ['errorCode', COMMON],
    ['errorMessage', S],
    ['recipientAccountId', COMMON],
    ['userIdentity', { kind: 'object', fields: USER_IDENTITY, intern: true }],
    ['requestParameters', { kind: 'raw', keys: PARAMETER_KEYS }],
    [
        'resources',
        {
            kind: 'objects',
            fields: new Map([
                ['ARN', S],
                ['type', COMMON],
                ['accountId', COMMON],
            ]),
        },
    ],
]);
/**
 * A picked record from its values in RECORD_SPEC's order (as the record index reports them), in one fixed shape:
 * a field that is absent is an undefined property, which toCloudTrailRecord treats the same. Filling an object
 * key by key instead costs a keyed store per field, which was a quarter of the indexed reader's time.
 */
function pickedFromSpecOrder(v) {
    return {
        eventVersion: v[0],
        eventTime: v[1],
        eventSource: v[2],
        eventName: v[3],
        awsRegion: v[4],
        eventID: v[5],
        eventType: v[6],
        eventCategory: v[7],
        managementEvent: v[8],
        readOnly: v[9],
        errorCode: v[10],
        errorMessage: v[11],
        recipientAccountId: v[12],
        userIdentity: v[13],
        requestParameters: v[14],
        resources: v[15],
    };
}
/**
 * What one top-level JSON value of a log file may be: a `{"Records": [...]}` document, one record (JSON lines),
 * `aws cloudtrail lookup-events` output (`Events[].CloudTrailEvent` is a JSON *string*), or one such event.
 */
const LOG_VALUE_SPEC = new Map([
    ...RECORD_SPEC,
    ['Records', { kind: 'records', fields: RECORD_SPEC }],
    ['Events', { kind: 'raw' }],
    ['CloudTrailEvent', S],
]);
/** A `raw` value the scanner sliced but did not parse: parsed on first read, so filtered-out records cost nothing. */
class RawJson {
    text;
    constructor(text) {
        this.text = text;
    }
}
const PARAMETER_INDEX = new Map(PARAMETER_KEYS.map((key, i) => [key, i]));
/** What IndexedParameters.get says for a key that is not in PARAMETER_KEYS: ask the parsed object. */
const NOT_INDEXED = Symbol('not indexed');
/**
 * Request parameters (an object) as the record index read them: where they are in a decoded window, and where
 * the value of each key of PARAMETER_KEYS that is present is. Made only when no key of the object differs from
 * one of those in letter case alone, so a key absent here is absent, without the case-insensitive search that
 * reading the parsed object needs (resources.ts, `field`). Nothing is sliced or parsed until it is read: most
 * records' parameters never are.
 */
class IndexedParameters {
    window;
    start;
    end;
    /** PARAMETER_KEYS index, value start, value end (negative: a string with an escape), for each key present. */
    found = [];
    values;
    constructor(window, start, end) {
        this.window = window;
        this.start = start;
        this.end = end;
    }
    /** Their JSON text. */
    get text() {
        return this.window.slice(this.start, this.end);
    }
    /** A key by its PARAMETER_KEYS index, with its value's span in the window; a later one wins, as in JSON.parse. */
    set(index, start, end, escaped) {
        const found = this.found;
        let at = 0;
        while (at < found.length && found[at] !== index)
            at += 3;
        found[at] = index;
        found[at + 1] = start;
        found[at + 2] = escaped ? -end : end;
    }
    /** The value of a PARAMETER_KEYS key (undefined when absent), or NOT_INDEXED for any other key. */
    get(key) {
        const index = PARAMETER_INDEX.get(key);
        if (index === undefined)
            return NOT_INDEXED;
        const found = this.found;
        for (let at = 0; at < found.length; at += 3) {
            if (found[at] !== index)
                continue;
            const values = (this.values ??= []);
            let value = values[at];
            if (value === undefined)
                value = values[at] = this.valueAt(found[at + 1], found[at + 2]);
            return value;
        }
        return undefined;
    }
    valueAt(start, signedEnd) {
        const end = Math.abs(signedEnd);
        if (this.window.charCodeAt(start) === 34 /* " */ && signedEnd > 0)
            return this.window.slice(start + 1, end - 1);
        return JSON.parse(this.window.slice(start, end));
    }
}
/**
 * What `JSON.parse` followed by picking `spec`'s fields gives: the reference the scanner must equal. Values of
 * the wrong type are left out (a `null` errorCode is no error code); later duplicate keys win, as in JSON.parse.
 */
function pickFields(value, spec) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return undefined;
    const out = {};
    for (const [key, field] of spec) {
        if (!Object.hasOwn(value, key))
            continue;
        const picked = pickValue(value[key], field);
        if (picked !== undefined)
            out[key] = picked;
    }
    return out;
}
function pickValue(value, field) {
    switch (field.kind) {
        case 'string':
            return typeof value === 'string' ? value : undefined;
        case 'boolean':
            return typeof value === 'boolean' ? value : undefined;
        case 'raw':
            return value;
        case 'object':
            return pickFields(value, field.fields);
        case 'objects':
            if (!Array.isArray(value))
                return undefined;
            return value.flatMap((item) => {
                const picked = pickFields(item, field.fields);
                return picked === undefined ? [] : [picked];
            });
        case 'records':
            return Array.isArray(value) ? value.map((item) => pickFields(item, field.fields)) : undefined;
    }
}
/** One CloudTrail record as ALPHA keeps it; `requestParameters` is parsed only when something reads it. */
class PickedRecord {
    eventVersion;
    eventTime;
    eventSource;
    eventName;
    awsRegion;
    eventID;
    eventType;
    eventCategory;
    managementEvent;
    readOnly;
    errorCode;
    errorMessage;
    recipientAccountId;
    userIdentity;
    resources;
    #requestParameters;
    /** eventTime as UsageAccumulator's timeKey number, worked out while the time was checked. */
    #timeKey;
    constructor(f, eventTime, timeKey) {
        // Assigned in one fixed order so every record shares one hidden class (faster property reads).
        this.eventVersion = f.eventVersion;
        this.eventTime = eventTime;
        this.eventSource = f.eventSource;
        this.eventName = f.eventName;
        this.awsRegion = f.awsRegion;
        this.eventID = f.eventID;
        this.eventType = f.eventType;
        this.eventCategory = f.eventCategory;
        this.managementEvent = f.managementEvent;
        this.readOnly = f.readOnly;
        this.errorCode = f.errorCode;
        this.errorMessage = f.errorMessage;
        this.recipientAccountId = f.recipientAccountId;
        this.userIdentity = f.userIdentity;
        this.resources = f.resources;
        this.#requestParameters = f.requestParameters;
        this.#timeKey = timeKey;
    }
    static timeKeyOf(record) {
        return #timeKey in record ? record.#timeKey : undefined;
    }
    static parametersOf(record) {
        if (#requestParameters in record) {
            const value = record.#requestParameters;
            if (value instanceof IndexedParameters)
                return value;
        }
        return record.requestParameters;
    }
    get requestParameters() {
        const value = this.#requestParameters;
        if (value instanceof RawJson || value instanceof IndexedParameters)
            return (this.#requestParameters = JSON.parse(value.text));
        return value;
    }
    toJSON() {
        return plainRecord(this);
    }
}
/**
 * The record's eventTime as the sortable number YYYYMMDDhhmmss, when a reader made the record and so already has
 * it; undefined for records from elsewhere.
 */
function knownTimeKey(record) {
    return PickedRecord.timeKeyOf(record);
}
/**
 * The record's request parameters for reading key by key: an IndexedParameters when the record index found their
 * keys, otherwise the parsed value. Throws when a lazily parsed value is not JSON.
 */
function parametersForLookup(record) {
    return PickedRecord.parametersOf(record);
}
/** A plain object with exactly the record's present fields (tests, JSON output, worker messages). */
function plainRecord(record) {
    const out = {};
    for (const key of RECORD_SPEC.keys()) {
        const value = record[key];
        if (value !== undefined)
            out[key] = value;
    }
    return out;
}
/** Required fields and a usable time, or the reason the record cannot be used. */
function toCloudTrailRecord(picked) {
    if (picked === undefined)
        return { reason: 'record is not a JSON object' };
    const { eventTime: time, eventSource, eventName } = picked;
    if (typeof time !== 'string' ||
        time === '' ||
        typeof eventSource !== 'string' ||
        eventSource === '' ||
        typeof eventName !== 'string' ||
        eventName === '') {
        const missing = REQUIRED.filter((k) => typeof picked[k] !== 'string' || picked[k] === '');
        return {
            reason: `record has no ${missing.join(', ')} (eventTime, eventSource and eventName are required strings)`,
        };
    }
    let key = canonicalTimeKey(time);
    const eventTime = key >= 0 ? time : normalizeEventTime(time);
    if (eventTime === undefined)
        return { reason: `eventTime ${JSON.stringify(truncate(picked.eventTime))} is not an ISO 8601 time` };
    if (key < 0)
        key = canonicalTimeKey(eventTime);
    return { record: new PickedRecord(picked, eventTime, key) };
}
const REQUIRED = ['eventTime', 'eventSource', 'eventName'];
/** Digits of `YYYY-MM-DDTHH:MM:SSZ`, and the separator every other position must hold. */
const CANONICAL_SEPARATORS = '    -  -  T  :  :  Z';
/**
 * `YYYY-MM-DDTHH:MM:SSZ` (what CloudTrail writes) with a day that exists in its month, hour 00–23, minute and
 * second 00–59, as the number YYYYMMDDhhmmss (exact in a double); -1 for anything else. Checked once per record,
 * so by character codes and arithmetic: a regular expression, or a Date round trip for days 29–31, cost more
 * than the rest of reading the time, and the accumulator needs the number anyway.
 */
function canonicalTimeKey(value) {
    if (value.length !== 20)
        return -1;
    let key = 0;
    for (let i = 0; i < 20; i++) {
        const c = value.charCodeAt(i);
        const separator = CANONICAL_SEPARATORS.charCodeAt(i);
        if (separator !== 32) {
            if (c !== separator)
                return -1;
        }
        else if (c >= 48 && c <= 57)
            key = key * 10 + (c - 48);
        else
            return -1;
    }
    const hhmmss = key % 1e6;
    const day = Math.floor(key / 1e6) % 100;
    const month = Math.floor(key / 1e8) % 100;
    if (hhmmss > 235959 || hhmmss % 1e4 > 5959 || hhmmss % 100 > 59 || month < 1 || month > 12 || day < 1)
        return -1;
    if (day <= 28)
        return key;
    if (month !== 2)
        return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31) ? key : -1;
    const year = Math.floor(key / 1e10);
    return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? key : -1;
}
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;
/**
 * CloudTrail writes `2026-10-01T12:00:00Z`; exports (Athena, SIEMs) sometimes write a space, fractions or an
 * offset. All become the canonical UTC second so times compare as strings; a zone-less time is UTC, because
 * CloudTrail times are. Returns undefined for anything that is not a real ISO 8601 time.
 */
function normalizeEventTime(value) {
    if (canonicalTimeKey(value) >= 0)
        return value;
    const m = ISO_TIME.exec(value);
    if (!m)
        return undefined;
    const [, day, time, , zone] = m;
    const offset = zone === undefined || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    const ms = Date.parse(`${day}T${time}${offset}`);
    if (Number.isNaN(ms))
        return undefined;
    const local = new Date(Date.parse(`${day}T${time}Z`)).toISOString().slice(0, 19);
    if (local !== `${day}T${time}`)
        return undefined; // Date.parse rolls 2026-02-30 over to March
    return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
function truncate(text) {
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

;// CONCATENATED MODULE: ./src/core/cloudtrail/resources.ts
/**
 * Resource ARNs a call touched: `resources[]` plus the well-known request parameters that name a resource
 * (bucket + key, table, function, queue…). Request parameters are untrusted, service-specific JSON: only strings
 * are read, lengths and counts are capped, and an odd shape yields nothing rather than an exception.
 */


const resources_MAX_ARN = 2048;
const MAX_VALUES = 100;
const resources_ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,4}$/;
function partitionOfArn(arn) {
    if (typeof arn !== 'string')
        return undefined;
    if (arn.startsWith('arn:aws:'))
        return 'aws'; // per record: the common partition without a regex
    return /^arn:(aws(?:-[a-z]+)*):/.exec(arn)?.[1];
}
/**
 * Verdicts of a pattern on the few distinct Regions and accounts a log holds, so a record costs a lookup (the
 * scanner hands out one shared string per distinct value, with its hash already known) instead of a regex.
 * Bounded: hostile input only stops the memo from growing.
 */
function memoTest(pattern) {
    const verdicts = new Map();
    return (value) => {
        let verdict = verdicts.get(value);
        if (verdict === undefined) {
            verdict = pattern.test(value);
            if (verdicts.size < 4096)
                verdicts.set(` ${value}`.slice(1), verdict);
        }
        return verdict;
    };
}
const isRegion = memoTest(REGION);
const isAccount = memoTest(resources_ACCOUNT);
function partitionOfRegion(region) {
    if (region?.startsWith('cn-'))
        return 'aws-cn';
    if (region?.startsWith('us-gov-'))
        return 'aws-us-gov';
    if (region?.startsWith('us-isob-'))
        return 'aws-iso-b';
    if (region?.startsWith('us-iso-'))
        return 'aws-iso';
    return 'aws';
}
/** Partition from the caller's ARN (then the Region), account from the recipient (then the caller). */
function callContextOf(record) {
    const identity = typeof record.userIdentity === 'object' && record.userIdentity !== null ? record.userIdentity : undefined;
    const region = typeof record.awsRegion === 'string' && isRegion(record.awsRegion) ? record.awsRegion : undefined;
    const partition = partitionOfArn(identity?.arn) ??
        partitionOfArn(identity?.sessionContext?.sessionIssuer?.arn) ??
        partitionOfRegion(region);
    const recipient = record.recipientAccountId;
    const caller = identity?.accountId;
    const accountId = typeof recipient === 'string' && isAccount(recipient)
        ? recipient
        : typeof caller === 'string' && isAccount(caller)
            ? caller
            : undefined;
    return { partition, accountId, region };
}
/** Key lookup that tolerates the casing differences between services' CloudTrail request parameters. */
function field(obj, key) {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        return undefined;
    if (obj instanceof IndexedParameters) {
        const value = obj.get(key);
        if (value !== NOT_INDEXED)
            return value;
        return field(JSON.parse(obj.text), key);
    }
    const record = obj;
    if (Object.hasOwn(record, key))
        return record[key];
    // Most misses are keys that are simply absent (every S3 call asks for x-amz-copy-source): compare lengths
    // first so nothing is lower-cased or allocated for them. for…in visits own keys in Object.keys order.
    const length = key.length;
    let lower;
    for (const k in record) {
        if (k.length !== length || !Object.hasOwn(record, k))
            continue;
        lower ??= key.toLowerCase();
        if (k.toLowerCase() === lower)
            return record[k];
    }
    return undefined;
}
/**
 * Every string at a path of keys; `[]` steps into each item of an array. Non-strings, empty and over-long
 * strings are skipped; at most MAX_VALUES values come back.
 */
function stringsAt(obj, path) {
    // Hot path: one plain key (bucketName, key, tableName…) needs none of the intermediate arrays.
    if (path.length === 1 && path[0] !== '[]') {
        const value = field(obj, path[0]);
        return typeof value === 'string' && value.length > 0 && value.length <= resources_MAX_ARN ? [value] : [];
    }
    let current = [obj];
    for (const step of path) {
        const next = [];
        for (const value of current) {
            if (step === '[]') {
                if (Array.isArray(value))
                    next.push(...value.slice(0, MAX_VALUES));
            }
            else {
                const child = field(value, step);
                if (child !== undefined)
                    next.push(child);
            }
        }
        current = next.slice(0, MAX_VALUES);
    }
    return current.filter((v) => typeof v === 'string' && v.length > 0 && v.length <= resources_MAX_ARN);
}
/**
 * The record's request parameters for `stringsAt`, or undefined when reading them fails (a lazily parsed raw
 * value). Not necessarily the parsed value: see parametersForLookup.
 */
function requestParametersOf(record) {
    try {
        return parametersForLookup(record);
    }
    catch {
        return undefined;
    }
}
const ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/s;
/** Control characters never belong in a name or ARN (they would corrupt reports and policies). */
function hasControlCharacter(value) {
    for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code < 0x20 || code === 0x7f)
            return true;
    }
    return false;
}
function isArn(value) {
    return value.length <= resources_MAX_ARN && ARN.test(value) && !hasControlCharacter(value);
}
function regional(ctx, service, resource) {
    if (!ctx.region || !ctx.accountId)
        return undefined;
    const arn = `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
    return arn.length <= resources_MAX_ARN ? arn : undefined;
}
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;
function s3Resources(params, ctx) {
    const out = [];
    for (const bucket of stringsAt(params, ['bucketName'])) {
        if (!BUCKET.test(bucket))
            continue;
        const keys = stringsAt(params, ['key']);
        // An object call is never scoped to its bucket: an unusable key yields nothing rather than the bucket ARN.
        if (keys.length === 0 && field(params, 'key') === undefined)
            out.push(`arn:${ctx.partition}:s3:::${bucket}`);
        // Keys may hold spaces and any printable character; control characters are refused.
        for (const key of keys)
            if (!hasControlCharacter(key))
                out.push(`arn:${ctx.partition}:s3:::${bucket}/${key}`);
    }
    // CopyObject / UploadPartCopy name their source as `bucket/key[?versionId=…]`, sometimes URL-encoded.
    for (const source of stringsAt(params, ['x-amz-copy-source'])) {
        let decoded = source;
        try {
            decoded = decodeURIComponent(source);
        }
        catch {
            // keep the raw text
        }
        const path = decoded.replace(/^\//, '').split('?')[0] ?? '';
        const slash = path.indexOf('/');
        if (slash > 0 && BUCKET.test(path.slice(0, slash)) && !hasControlCharacter(path))
            out.push(`arn:${ctx.partition}:s3:::${path}`);
    }
    return out;
}
/**
 * Lambda accepts a name (`fn`, `fn:alias`), a partial ARN (`123456789012:function:fn`) or a full ARN. A version
 * or alias is kept: IAM evaluates a qualified call against the qualified ARN, so dropping it would scope a policy
 * to a resource the call never matched.
 */
function lambdaFunctionArns(params, ctx) {
    const qualifier = stringsAt(params, ['qualifier']).find((q) => /^[\w$-]{1,128}$/.test(q));
    const out = [];
    for (const value of stringsAt(params, ['functionName'])) {
        const m = /^(?:arn:(aws(?:-[a-z]+)*):lambda:([a-z0-9-]+):)?(?:(\d{12}):)?(?:function:)?([\w-]{1,140})(?::([\w$-]{1,128}))?$/.exec(value);
        if (!m)
            continue;
        const [, partition, region, account, name, suffix] = m;
        const base = partition
            ? `arn:${partition}:lambda:${region}:${account}:function:${name}`
            : regional(account ? { ...ctx, accountId: account } : ctx, 'lambda', `function:${name}`);
        if (!base)
            continue;
        const q = suffix ?? qualifier;
        out.push(q ? `${base}:${q}` : base);
    }
    return out;
}
function sqsQueueArns(params, ctx) {
    return stringsAt(params, ['queueUrl']).flatMap((url) => {
        const m = /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|queue\.amazonaws\.com|([a-z0-9-]+)\.queue\.amazonaws\.com)\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)$/.exec(url);
        if (!m)
            return [];
        const region = m[1] ?? m[2] ?? ctx.region;
        return region ? [`arn:${ctx.partition}:sqs:${region}:${m[3]}:${m[4]}`] : [];
    });
}
const KMS_ALIAS_OPERATIONS = new Set(['CreateAlias', 'DeleteAlias', 'UpdateAlias']);
/**
 * Key IDs become key ARNs. An alias used in a cryptographic call is not the resource IAM checks (the key is,
 * and CloudTrail lists it in `resources[]`), so alias ARNs come only from the alias operations.
 */
function kmsResources(params, ctx, operation) {
    const out = [];
    for (const path of [['keyId'], ['sourceKeyId'], ['destinationKeyId'], ['targetKeyId']]) {
        for (const id of stringsAt(params, path)) {
            if (isArn(id) && /:kms:/.test(id)) {
                if (!/:alias\//.test(id) || KMS_ALIAS_OPERATIONS.has(operation))
                    out.push(id);
            }
            else if (/^(mrk-)?[0-9a-f-]{32,36}$/.test(id)) {
                const arn = regional(ctx, 'kms', `key/${id}`);
                if (arn)
                    out.push(arn);
            }
        }
    }
    if (KMS_ALIAS_OPERATIONS.has(operation)) {
        for (const alias of stringsAt(params, ['aliasName'])) {
            if (!/^alias\/[\w/-]{1,250}$/.test(alias))
                continue;
            const arn = regional(ctx, 'kms', alias);
            if (arn)
                out.push(arn);
        }
    }
    return out;
}
/**
 * A secret's ARN ends in a random six-character suffix that a name does not carry; `-??????` is the form AWS
 * documents for policies that name a secret without knowing the suffix.
 */
function secretArns(params, ctx) {
    return stringsAt(params, ['secretId']).flatMap((id) => {
        if (isArn(id))
            return /:secretsmanager:/.test(id) ? [id] : [];
        if (!/^[\w/+=.@-]{1,512}$/.test(id))
            return [];
        const arn = regional(ctx, 'secretsmanager', `secret:${id}-??????`);
        return arn ? [arn] : [];
    });
}
function ssmResources(params, ctx, operation) {
    const out = [];
    if (/Parameter/.test(operation)) {
        for (const name of [
            ...stringsAt(params, ['name']),
            ...stringsAt(params, ['names', '[]']),
            ...stringsAt(params, ['path']),
        ]) {
            if (isArn(name)) {
                out.push(name);
                continue;
            }
            if (!/^\/?[\w.\-/]{1,2048}$/.test(name))
                continue;
            const arn = regional(ctx, 'ssm', `parameter/${name.replace(/^\//, '')}`);
            if (arn)
                out.push(arn);
        }
    }
    return out;
}
function logsResources(params, ctx) {
    const out = [];
    const streams = stringsAt(params, ['logStreamName']).filter((s) => /^[^:*\s]{1,512}$/.test(s));
    for (const group of stringsAt(params, ['logGroupName'])) {
        if (!/^[\w.\-/#]{1,512}$/.test(group))
            continue;
        const arn = regional(ctx, 'logs', `log-group:${group}`);
        if (!arn)
            continue;
        out.push(arn);
        for (const stream of streams)
            out.push(`${arn}:log-stream:${stream}`);
    }
    return out;
}
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
function iamResources(params, ctx) {
    const out = [];
    const account = ctx.accountId;
    for (const path of [['roleArn'], ['policyArn'], ['userArn'], ['groupArn']]) {
        for (const arn of stringsAt(params, path))
            if (isArn(arn) && /:iam::/.test(arn))
                out.push(arn);
    }
    if (!account)
        return out;
    // A bare name does not carry the path; the ARN is written as IAM would for the root path.
    const named = [
        ['roleName', 'role'],
        ['userName', 'user'],
        ['groupName', 'group'],
        ['instanceProfileName', 'instance-profile'],
    ];
    for (const [key, kind] of named) {
        for (const name of stringsAt(params, [key])) {
            if (IAM_NAME.test(name))
                out.push(`arn:${ctx.partition}:iam::${account}:${kind}/${name}`);
        }
    }
    return out;
}
function arnsAt(params, keys, service) {
    return keys.flatMap((k) => stringsAt(params, [k])).filter((v) => isArn(v) && v.includes(`:${service}:`));
}
/** Per event source: the request parameters that name a resource, as ARNs. */
function requestResources(record, params, ctx) {
    // Only KMS, SSM and STS look at the operation; the others skip the regex (no closure: it costs per record).
    switch (record.eventSource) {
        case 's3.amazonaws.com':
            return s3Resources(params, ctx);
        case 'dynamodb.amazonaws.com':
            return stringsAt(params, ['tableName']).flatMap((t) => {
                if (isArn(t))
                    return /:dynamodb:/.test(t) ? [t] : [];
                const arn = /^[\w.-]{3,255}$/.test(t) ? regional(ctx, 'dynamodb', `table/${t}`) : undefined;
                return arn ? [arn] : [];
            });
        case 'lambda.amazonaws.com':
            return lambdaFunctionArns(params, ctx);
        case 'sqs.amazonaws.com':
            return sqsQueueArns(params, ctx);
        case 'sns.amazonaws.com':
            return arnsAt(params, ['topicArn', 'targetArn'], 'sns');
        case 'kms.amazonaws.com':
            return kmsResources(params, ctx, withoutVersionSuffix(record.eventName));
        case 'secretsmanager.amazonaws.com':
            return secretArns(params, ctx);
        case 'ssm.amazonaws.com':
            return ssmResources(params, ctx, withoutVersionSuffix(record.eventName));
        case 'states.amazonaws.com':
            return arnsAt(params, ['stateMachineArn', 'executionArn', 'activityArn'], 'states');
        case 'logs.amazonaws.com':
            return logsResources(params, ctx);
        case 'iam.amazonaws.com':
            return iamResources(params, ctx);
        case 'sts.amazonaws.com':
            return withoutVersionSuffix(record.eventName) === 'AssumeRole' ? arnsAt(params, ['roleArn'], 'iam') : [];
        default:
            return [];
    }
}
const SERVICES_WITH_PARAMETERS = new Set([
    's3.amazonaws.com',
    'dynamodb.amazonaws.com',
    'lambda.amazonaws.com',
    'sqs.amazonaws.com',
    'sns.amazonaws.com',
    'kms.amazonaws.com',
    'secretsmanager.amazonaws.com',
    'ssm.amazonaws.com',
    'states.amazonaws.com',
    'logs.amazonaws.com',
    'iam.amazonaws.com',
    'sts.amazonaws.com',
]);
/** Resource ARNs a call touched: `resources[]` plus well-known `requestParameters` (bucketName+key, tableName…). */
function resourcesOf(record) {
    const resources = record.resources;
    const hasListed = Array.isArray(resources) && resources.length > 0;
    // Reading requestParameters parses them; only services with something to read pay for it.
    const readParameters = typeof record.eventSource === 'string' &&
        typeof record.eventName === 'string' &&
        SERVICES_WITH_PARAMETERS.has(record.eventSource);
    // Hot path: most records name nothing, so they cost no Set, no copy and no sort.
    if (!hasListed && !readParameters)
        return [];
    const out = [];
    if (hasListed) {
        const n = Math.min(resources.length, MAX_VALUES);
        for (let i = 0; i < n; i++) {
            const r = resources[i];
            const arn = typeof r === 'object' && r !== null ? r.ARN : undefined;
            if (typeof arn === 'string' && isArn(arn))
                out.push(arn);
        }
    }
    if (readParameters) {
        const params = requestParametersOf(record);
        if (typeof params === 'object' && params !== null) {
            const named = requestResources(record, params, callContextOf(record));
            const n = Math.min(named.length, MAX_VALUES);
            for (let i = 0; i < n; i++)
                out.push(named[i]);
        }
    }
    return sortedDistinct(out);
}
/**
 * Sorted (UTF-16 order, as `sort()`), without duplicates: resources[] and the request often name the same ARN.
 * Insertion sort: a record names a handful of resources, where Array.prototype.sort's set-up costs the most.
 */
function sortedDistinct(arns) {
    const n = arns.length;
    if (n <= 1)
        return arns;
    if (n > 16) {
        arns.sort();
    }
    else {
        for (let i = 1; i < n; i++) {
            const arn = arns[i];
            let j = i - 1;
            while (j >= 0 && arns[j] > arn) {
                arns[j + 1] = arns[j];
                j--;
            }
            arns[j + 1] = arn;
        }
    }
    let kept = 1;
    for (let i = 1; i < n; i++)
        if (arns[i] !== arns[kept - 1])
            arns[kept++] = arns[i];
    arns.length = kept;
    return arns;
}

;// CONCATENATED MODULE: ./src/core/cloudtrail/implied.ts
/**
 * `iam:PassRole` is never logged as its own event: the service that receives the role checks it inside the call
 * that names the role (RunInstances, CreateFunction, RunTask, CreateStack…). This reads the role from the
 * request parameters of those calls.
 *
 * Instance profiles: EC2 (and Auto Scaling, EMR) take an instance PROFILE, and PassRole is checked on the role
 * inside it, which the event does not name. Writing a guessed role ARN would scope a policy to the wrong
 * resource, and `role/*` would hand out privilege escalation, so the profile's own ARN
 * (`arn:…:iam::ACCT:instance-profile/Name`) is returned as the honest stand-in: `isInstanceProfileArn` tells
 * it apart, and the profile builder reports it as an iam:PassRole whose role is still to be resolved
 * (`iam:GetInstanceProfile` names it).
 *
 * Every record is answered, failed ones included; the profile builder decides (a denied call grants nothing).
 */



const role = (...path) => ({ path, kind: 'role' });
const profile = (...path) => ({ path, kind: 'instance-profile' });
/** `eventSource operation` → fields. Operation names have any API version suffix removed. */
const PASSED_ROLE_FIELDS = {
    'ec2.amazonaws.com RunInstances': [profile('iamInstanceProfile')],
    'ec2.amazonaws.com RequestSpotInstances': [profile('launchSpecification', 'iamInstanceProfile')],
    'ec2.amazonaws.com AssociateIamInstanceProfile': [
        profile('AssociateIamInstanceProfileRequest', 'IamInstanceProfile'),
        profile('iamInstanceProfile'),
    ],
    'ec2.amazonaws.com ReplaceIamInstanceProfileAssociation': [
        profile('ReplaceIamInstanceProfileAssociationRequest', 'IamInstanceProfile'),
        profile('iamInstanceProfile'),
    ],
    'autoscaling.amazonaws.com CreateLaunchConfiguration': [profile('iamInstanceProfile')],
    'elasticmapreduce.amazonaws.com RunJobFlow': [role('serviceRole'), role('autoScalingRole'), profile('jobFlowRole')],
    'lambda.amazonaws.com CreateFunction': [role('role')],
    'lambda.amazonaws.com UpdateFunctionConfiguration': [role('role')],
    'ecs.amazonaws.com RegisterTaskDefinition': [role('taskRoleArn'), role('executionRoleArn')],
    'ecs.amazonaws.com RunTask': [role('overrides', 'taskRoleArn'), role('overrides', 'executionRoleArn')],
    'ecs.amazonaws.com StartTask': [role('overrides', 'taskRoleArn'), role('overrides', 'executionRoleArn')],
    'ecs.amazonaws.com CreateService': [role('role')],
    'cloudformation.amazonaws.com CreateStack': [role('roleARN')],
    'cloudformation.amazonaws.com UpdateStack': [role('roleARN')],
    'cloudformation.amazonaws.com CreateChangeSet': [role('roleARN')],
    'cloudformation.amazonaws.com CreateStackSet': [role('administrationRoleARN')],
    'cloudformation.amazonaws.com UpdateStackSet': [role('administrationRoleARN')],
    'glue.amazonaws.com CreateJob': [role('role')],
    'glue.amazonaws.com UpdateJob': [role('jobUpdate', 'role')],
    'glue.amazonaws.com CreateCrawler': [role('role')],
    'glue.amazonaws.com UpdateCrawler': [role('role')],
    'glue.amazonaws.com CreateDevEndpoint': [role('roleArn')],
    'glue.amazonaws.com CreateSession': [role('role')],
    'glue.amazonaws.com CreateMLTransform': [role('role')],
    'sagemaker.amazonaws.com CreateTrainingJob': [role('roleArn')],
    'sagemaker.amazonaws.com CreateProcessingJob': [role('roleArn')],
    'sagemaker.amazonaws.com CreateModel': [role('executionRoleArn')],
    'sagemaker.amazonaws.com CreateNotebookInstance': [role('roleArn')],
    'sagemaker.amazonaws.com CreateHyperParameterTuningJob': [role('trainingJobDefinition', 'roleArn')],
    'sagemaker.amazonaws.com CreateCompilationJob': [role('roleArn')],
    'sagemaker.amazonaws.com CreateLabelingJob': [role('roleArn')],
    'sagemaker.amazonaws.com CreatePipeline': [role('roleArn')],
    'sagemaker.amazonaws.com CreateDomain': [role('defaultUserSettings', 'executionRole')],
    'states.amazonaws.com CreateStateMachine': [role('roleArn')],
    'states.amazonaws.com UpdateStateMachine': [role('roleArn')],
    'codebuild.amazonaws.com CreateProject': [role('serviceRole')],
    'codebuild.amazonaws.com UpdateProject': [role('serviceRole')],
    'codepipeline.amazonaws.com CreatePipeline': [role('pipeline', 'roleArn')],
    'codepipeline.amazonaws.com UpdatePipeline': [role('pipeline', 'roleArn')],
    'events.amazonaws.com PutTargets': [role('targets', '[]', 'roleArn')],
    'events.amazonaws.com PutRule': [role('roleArn')],
    'scheduler.amazonaws.com CreateSchedule': [role('target', 'roleArn')],
    'scheduler.amazonaws.com UpdateSchedule': [role('target', 'roleArn')],
    'cloudtrail.amazonaws.com CreateTrail': [role('cloudWatchLogsRoleArn')],
    'cloudtrail.amazonaws.com UpdateTrail': [role('cloudWatchLogsRoleArn')],
    'config.amazonaws.com PutConfigurationRecorder': [role('configurationRecorder', 'roleARN')],
    'rds.amazonaws.com AddRoleToDBInstance': [role('roleArn')],
    'rds.amazonaws.com AddRoleToDBCluster': [role('roleArn')],
    'rds.amazonaws.com CreateDBInstance': [role('monitoringRoleArn')],
    'rds.amazonaws.com ModifyDBInstance': [role('monitoringRoleArn')],
    'rds.amazonaws.com CreateDBInstanceReadReplica': [role('monitoringRoleArn')],
    'rds.amazonaws.com StartExportTask': [role('iamRoleArn')],
    'eks.amazonaws.com CreateCluster': [role('roleArn')],
    'eks.amazonaws.com CreateNodegroup': [role('nodeRole')],
    'eks.amazonaws.com CreateFargateProfile': [role('podExecutionRoleArn')],
    'batch.amazonaws.com CreateComputeEnvironment': [role('serviceRole')],
    'batch.amazonaws.com RegisterJobDefinition': [
        role('containerProperties', 'jobRoleArn'),
        role('containerProperties', 'executionRoleArn'),
    ],
    'ssm.amazonaws.com SendCommand': [role('serviceRoleArn')],
};
/** PASSED_ROLE_FIELDS as eventSource → operation → fields, built once so a record costs two Map lookups. */
const FIELDS_BY_SOURCE = (() => {
    const bySource = new Map();
    for (const [key, fields] of Object.entries(PASSED_ROLE_FIELDS)) {
        const space = key.indexOf(' ');
        const source = key.slice(0, space);
        let byName = bySource.get(source);
        if (byName === undefined)
            bySource.set(source, (byName = new Map()));
        byName.set(key.slice(space + 1), fields);
    }
    return bySource;
})();
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;
/** A role (or instance profile) named by ARN or by bare name in the caller's account; undefined when unusable. */
function toArn(value, kind, ctx) {
    const parsed = principal_parseIamArn(value);
    if (parsed)
        return parsed.kind === kind ? value : undefined;
    if (value.startsWith('arn:') || !ctx.accountId)
        return undefined;
    if (!(kind === 'role' ? ROLE_NAME : PROFILE_NAME).test(value))
        return undefined;
    return `arn:${ctx.partition}:iam::${ctx.accountId}:${kind}/${value}`;
}
/** Instance profiles appear as `{arn}` or `{name}` objects (EC2) or as plain strings (Auto Scaling, EMR). */
function profileValues(params, path) {
    return [...stringsAt(params, path), ...stringsAt(params, [...path, 'arn']), ...stringsAt(params, [...path, 'name'])];
}
/** Whether a passed-role entry is an instance profile standing in for the (unknown) role inside it. */
function isInstanceProfileArn(arn) {
    return parseIamArn(arn)?.kind === 'instance-profile';
}
/**
 * Role ARNs passed to a service by this call (RunInstances with a profile, CreateFunction, RunTask,
 * CreateStack…), sorted; instance profiles appear as their own ARN (see the module comment).
 */
function passedRolesOf(record) {
    const source = record.eventSource;
    const name = record.eventName;
    if (typeof source !== 'string' || typeof name !== 'string')
        return [];
    // Hot path: most records come from a source with no rule, so they leave before any regex or string building.
    const byName = FIELDS_BY_SOURCE.get(source);
    if (byName === undefined)
        return [];
    const fields = byName.get(name) ?? byName.get(withoutVersionSuffix(name));
    if (!fields || fields.length === 0)
        return [];
    const params = requestParametersOf(record);
    if (typeof params !== 'object' || params === null)
        return [];
    const ctx = callContextOf(record);
    const out = new Set();
    for (const { path, kind } of fields) {
        const values = kind === 'instance-profile' ? profileValues(params, path) : stringsAt(params, path);
        for (const value of values) {
            const arn = toArn(value, kind, ctx);
            if (arn)
                out.add(arn);
        }
    }
    return [...out].sort();
}

;// CONCATENATED MODULE: ./src/core/usage/accumulate.ts
/**
 * Records → usage: one CallAggregate per (principal, event source, event name, error code), so the mapping to
 * IAM actions later runs once per distinct call instead of once per record.
 *
 * Every choice here is order-independent (minimum, maximum, union, the K smallest resources), so worker
 * threads can each accumulate a share of the files and `mergeSnapshots` gives exactly the snapshot one pass
 * over all records would have given.
 */




const DEFAULT_MAX_RESOURCES_PER_CALL = 1000;
/**
 * A string the accumulator keeps. Strings from the scanner are slices of a whole log file's text, and V8 keeps
 * the whole text alive as long as one slice of it is: copying what is retained lets each file be collected.
 * Called only when a value is first stored, never per record.
 */
function retained(text) {
    return ` ${text}`.slice(1);
}
/**
 * Time as a sortable number, YYYYMMDDhhmmss (exact in a double). Comparing numbers is far cheaper than comparing
 * sliced strings, and numbers retain no text. Records from the scanner carry the canonical
 * `YYYY-MM-DDThh:mm:ssZ`; anything else is parsed (sub-second precision is dropped, as the scanner does).
 */
function timeKey(time) {
    if (time.length === 20 && time.charCodeAt(19) === 90 /* Z */) {
        let key = 0;
        let digits = 0;
        for (let i = 0; i < 19; i++) {
            const c = time.charCodeAt(i) - 48;
            if (c >= 0 && c <= 9) {
                key = key * 10 + c;
                digits++;
            }
        }
        if (digits === 14)
            return key;
    }
    const ms = Date.parse(time);
    if (Number.isNaN(ms))
        throw new RangeError(`eventTime ${JSON.stringify(time)} is not an ISO 8601 time`);
    const d = new Date(ms);
    return (d.getUTCFullYear() * 1e10 +
        (d.getUTCMonth() + 1) * 1e8 +
        d.getUTCDate() * 1e6 +
        d.getUTCHours() * 1e4 +
        d.getUTCMinutes() * 100 +
        d.getUTCSeconds());
}
const pad2 = (n) => (n < 10 ? `0${n}` : `${n}`);
function timeText(key) {
    const seconds = key % 100;
    const minutes = Math.floor(key / 100) % 100;
    const hours = Math.floor(key / 1e4) % 100;
    return `${dayText(Math.floor(key / 1e6))}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}Z`;
}
function dayText(day) {
    return `${String(Math.floor(day / 1e4)).padStart(4, '0')}-${pad2(Math.floor(day / 100) % 100)}-${pad2(day % 100)}`;
}
function dayKey(text) {
    return Math.floor(timeKey(`${text}T00:00:00Z`) / 1e6);
}
/**
 * The K smallest distinct ARNs with how often each was referenced. `overflow` counts references (one per
 * record and ARN) to every other ARN: unlike a count of distinct ARNs, that stays exact when partial results
 * from several workers are merged without keeping every ARN in memory.
 *
 * Kept lazily: ARNs go into a map until it holds a quarter more than the cap, then the map is cut back to the
 * K smallest and the largest kept ARN becomes a limit. An ARN above the limit can never be among the K smallest
 * (K smaller ones were already seen), so it overflows at the cost of one comparison. Keeping a sorted array
 * instead cost a binary search and a splice per new ARN (S3 object keys are mostly new).
 */
class CappedResources {
    cap;
    counts = new Map();
    /** The largest kept ARN once the map has been cut back; anything greater overflows. */
    limit;
    overflow = 0;
    /**
     * @param limit a limit already known to hold: the main accumulator's, for a file's accumulator (fork), whose
     * ARNs above it could never be kept when folded in; it only saves a file from counting them one by one.
     */
    constructor(cap, limit) {
        this.cap = cap;
        this.limit = limit;
    }
    /** See the constructor. */
    get knownLimit() {
        return this.limit;
    }
    /** @param copied the ARN is already a copy of its own (see retained), e.g. one kept by another cap. */
    add(arn, references, copied = false) {
        const limit = this.limit;
        if (limit !== undefined && arn > limit) {
            this.overflow += references;
            return;
        }
        const counts = this.counts;
        const known = counts.get(arn);
        if (known !== undefined) {
            counts.set(arn, known + references);
            return;
        }
        if (this.cap === 0) {
            this.overflow += references;
            return;
        }
        counts.set(copied ? arn : retained(arn), references);
        // A quarter of slack: selection makes cutting back cheap, and every kept ARN is memory per call.
        if (counts.size > this.cap + (this.cap >>> 2) + 32)
            this.cutBack();
    }
    /** Keeps the K smallest ARNs (found by selection, not sorting: ARNs share long prefixes, so compares cost). */
    cutBack() {
        const cap = this.cap;
        if (this.counts.size <= cap)
            return;
        const arns = [...this.counts.keys()];
        selectSmallest(arns, cap - 1);
        for (let i = cap; i < arns.length; i++) {
            const arn = arns[i];
            this.overflow += this.counts.get(arn) ?? 0;
            this.counts.delete(arn);
        }
        this.limit = arns[cap - 1];
    }
    /** Folds another cap's ARNs and overflow in; equal to having added their references here. */
    absorb(other) {
        for (const [arn, references] of other.counts)
            this.add(arn, references, true);
        this.overflow += other.overflow;
    }
    /** The kept ARNs, sorted, with their reference counts. */
    entries() {
        this.cutBack();
        const list = [...this.counts.keys()].sort(); // default sort: UTF-16 code units, the order of `<`
        return { list, references: list.map((arn) => this.counts.get(arn) ?? 0) };
    }
}
/**
 * Reorders `items` so that `items[k]` is the k-th smallest, everything before it smaller and everything after
 * it greater (Wirth's selection: linear on average, and the items here are distinct).
 */
function selectSmallest(items, k) {
    let left = 0;
    let right = items.length - 1;
    while (left < right) {
        const pivot = items[k];
        let i = left;
        let j = right;
        do {
            while (items[i] < pivot)
                i++;
            while (pivot < items[j])
                j--;
            if (i <= j) {
                const swap = items[i];
                items[i] = items[j];
                items[j] = swap;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < k)
            left = i;
        if (k < i)
            right = j;
    }
}
/** The deterministic sample: the smallest event id among the earliest records (records without an id lose). */
function takeEarliest(state, time, eventId) {
    if (time < state.first) {
        state.first = time;
        state.sampleEventId = retained(eventId);
    }
    else if (time === state.first && eventId !== '' && (state.sampleEventId === '' || eventId < state.sampleEventId)) {
        state.sampleEventId = retained(eventId);
    }
}
function addRetained(set, value) {
    if (!set.has(value))
        set.add(retained(value));
}
class UsageAccumulator {
    options;
    parent;
    principals = new Map();
    regions = new Set();
    filterVerdicts = new Map();
    resolved = new WeakMap();
    principalFilter;
    cap;
    eventsRead = 0;
    eventsIgnored = 0;
    eventsOutsideWindow = 0;
    windowStart = -Infinity;
    windowEnd = Infinity;
    oldest = Infinity;
    newest = -Infinity;
    sawDataEvents = false;
    constructor(options = {}, 
    /** The accumulator this one was forked from, whose resource limits already hold here (see fork). */
    parent) {
        this.options = options;
        this.parent = parent;
        this.principalFilter = options.principalFilter;
        this.cap = options.maxResourcesPerCall ?? DEFAULT_MAX_RESOURCES_PER_CALL;
        if (options.window) {
            this.windowStart = timeKey(options.window.start);
            this.windowEnd = timeKey(options.window.end);
        }
        if (!Number.isInteger(this.cap) || this.cap < 0)
            throw new RangeError(`maxResourcesPerCall must be a whole number ≥ 0, got ${this.cap}`);
    }
    /** Throws RangeError for a record whose eventTime is not ISO 8601 (the reader rejects those before). */
    add(record) {
        const time = knownTimeKey(record) ?? timeKey(record.eventTime);
        this.eventsRead++;
        if (time < this.windowStart || time > this.windowEnd) {
            this.eventsOutsideWindow++;
            return;
        }
        if (time < this.oldest)
            this.oldest = time;
        if (time > this.newest)
            this.newest = time;
        const region = record.awsRegion;
        if (region)
            addRetained(this.regions, region);
        const dataEvent = record.eventCategory === 'Data' || record.managementEvent === false;
        if (dataEvent)
            this.sawDataEvents = true;
        const principal = this.principalOf(record.userIdentity);
        if (principal === undefined) {
            this.eventsIgnored++;
            return;
        }
        if (!this.accepts(principal.arn))
            return;
        const owner = this.principalState(principal.arn);
        const state = this.callState(owner, record.eventSource, record.eventName, record.errorCode || undefined, time);
        state.count++;
        takeEarliest(state, time, record.eventID ?? '');
        if (time > state.last)
            state.last = time;
        if (dataEvent)
            state.dataEvent = true;
        if (region)
            addRetained(state.regions, region);
        for (const resource of resourcesOf(record))
            state.resources.add(resource, 1);
        for (const role of passedRolesOf(record))
            addRetained(state.passedRoles, role);
        const day = Math.floor(time / 1e6);
        if (day !== owner.lastDay) {
            owner.days.add(day);
            owner.lastDay = day;
        }
    }
    /** An empty accumulator with the same options: its snapshot can be folded into this one (addSnapshot). */
    fork() {
        return new UsageAccumulator(this.options, this);
    }
    /** The resource limit of a call here, if it has one (see CappedResources). */
    resourceLimit(arn, source, name, errorCode) {
        const states = this.principals.get(arn)?.calls.get(source)?.get(name);
        if (states !== undefined)
            for (const state of states)
                if (state.errorCode === errorCode)
                    return state.resources.knownLimit;
        return undefined;
    }
    /**
     * Folds in an accumulator made by fork() (one file's records), state by state: equal to having added its
     * records here, without building and re-reading a snapshot (no sorting, no time formatting).
     */
    absorb(other) {
        this.eventsRead += other.eventsRead;
        this.eventsIgnored += other.eventsIgnored;
        this.eventsOutsideWindow += other.eventsOutsideWindow;
        if (other.oldest < this.oldest)
            this.oldest = other.oldest;
        if (other.newest > this.newest)
            this.newest = other.newest;
        for (const region of other.regions)
            addRetained(this.regions, region);
        if (other.sawDataEvents)
            this.sawDataEvents = true;
        for (const from of other.principals.values()) {
            const owner = this.principalState(from.arn);
            for (const day of from.days)
                owner.days.add(day);
            for (const byName of from.calls.values())
                for (const states of byName.values())
                    for (const call of states) {
                        const state = this.callState(owner, call.eventSource, call.eventName, call.errorCode, call.first);
                        state.count += call.count;
                        takeEarliest(state, call.first, call.sampleEventId);
                        if (call.last > state.last)
                            state.last = call.last;
                        if (call.dataEvent)
                            state.dataEvent = true;
                        for (const region of call.regions)
                            addRetained(state.regions, region);
                        state.resources.absorb(call.resources);
                        for (const role of call.passedRoles)
                            addRetained(state.passedRoles, role);
                    }
        }
    }
    /** Folds a snapshot in (merging worker results); equal to having added its records. */
    addSnapshot(snapshot) {
        this.eventsRead += snapshot.eventsRead;
        this.eventsIgnored += snapshot.eventsIgnored;
        this.eventsOutsideWindow += snapshot.eventsOutsideWindow ?? 0;
        if (snapshot.oldestEvent !== undefined)
            this.oldest = Math.min(this.oldest, timeKey(snapshot.oldestEvent));
        if (snapshot.newestEvent !== undefined)
            this.newest = Math.max(this.newest, timeKey(snapshot.newestEvent));
        for (const region of snapshot.regions)
            addRetained(this.regions, region);
        if (snapshot.sawDataEvents)
            this.sawDataEvents = true;
        for (const [arn, days] of Object.entries(snapshot.activeDays)) {
            const owner = this.principalState(arn);
            for (const day of days)
                owner.days.add(dayKey(day));
        }
        for (const call of snapshot.calls) {
            const owner = this.principalState(call.principalArn);
            const first = timeKey(call.firstSeen);
            const state = this.callState(owner, call.eventSource, call.eventName, call.errorCode, first);
            state.count += call.count;
            takeEarliest(state, first, call.sampleEventId);
            state.last = Math.max(state.last, timeKey(call.lastSeen));
            if (call.dataEvent)
                state.dataEvent = true;
            for (const region of call.regions)
                addRetained(state.regions, region);
            call.resources.forEach((arn, i) => state.resources.add(arn, call.resourceReferences?.[i] ?? 1));
            state.resources.overflow += call.resourcesOverflow;
            for (const role of call.passedRoles)
                addRetained(state.passedRoles, role);
        }
    }
    snapshot() {
        const calls = [];
        const activeDays = {};
        for (const owner of [...this.principals.values()].sort((a, b) => compare(a.arn, b.arn))) {
            if (owner.days.size > 0)
                activeDays[owner.arn] = [...owner.days].sort((a, b) => a - b).map(dayText);
            for (const byName of owner.calls.values())
                for (const states of byName.values())
                    for (const s of states) {
                        const resources = s.resources.entries();
                        calls.push({
                            principalArn: s.principalArn,
                            eventSource: s.eventSource,
                            eventName: s.eventName,
                            ...(s.errorCode === undefined ? {} : { errorCode: s.errorCode }),
                            count: s.count,
                            firstSeen: timeText(s.first),
                            lastSeen: timeText(s.last),
                            regions: [...s.regions].sort(),
                            resources: resources.list,
                            resourcesOverflow: s.resources.overflow,
                            resourceReferences: resources.references,
                            passedRoles: [...s.passedRoles].sort(),
                            sampleEventId: s.sampleEventId,
                            dataEvent: s.dataEvent,
                        });
                    }
        }
        calls.sort(compareCalls);
        return {
            calls,
            activeDays,
            eventsRead: this.eventsRead,
            eventsIgnored: this.eventsIgnored,
            ...(this.eventsOutsideWindow === 0 ? {} : { eventsOutsideWindow: this.eventsOutsideWindow }),
            ...(this.oldest === Infinity ? {} : { oldestEvent: timeText(this.oldest) }),
            ...(this.newest === -Infinity ? {} : { newestEvent: timeText(this.newest) }),
            sawDataEvents: this.sawDataEvents,
            regions: [...this.regions].sort(),
        };
    }
    /**
     * resolvePrincipal is pure and the scanner hands every record of a session the same (immutable) identity
     * object, so one resolution per object is exact and saves most of its per-record cost.
     */
    principalOf(identity) {
        if (typeof identity !== 'object' || identity === null)
            return resolvePrincipal(identity);
        const known = this.resolved.get(identity);
        if (known !== undefined)
            return known ?? undefined;
        const principal = resolvePrincipal(identity);
        this.resolved.set(identity, principal ?? null);
        return principal;
    }
    accepts(arn) {
        const filter = this.principalFilter;
        if (filter === undefined)
            return true;
        let verdict = this.filterVerdicts.get(arn);
        if (verdict === undefined) {
            verdict = filter(arn);
            this.filterVerdicts.set(retained(arn), verdict);
        }
        return verdict;
    }
    principalState(arn) {
        let state = this.principals.get(arn);
        if (state === undefined) {
            const kept = retained(arn);
            state = { arn: kept, calls: new Map(), days: new Set(), lastDay: -1 };
            this.principals.set(kept, state);
        }
        return state;
    }
    callState(owner, source, name, errorCode, time) {
        let byName = owner.calls.get(source);
        if (byName === undefined)
            owner.calls.set(retained(source), (byName = new Map()));
        let states = byName.get(name);
        if (states === undefined)
            byName.set(retained(name), (states = []));
        for (const state of states)
            if (state.errorCode === errorCode)
                return state;
        const state = {
            principalArn: owner.arn,
            eventSource: retained(source),
            eventName: retained(name),
            errorCode: errorCode === undefined ? undefined : retained(errorCode),
            count: 0,
            first: time,
            last: time,
            sampleEventId: '',
            dataEvent: false,
            regions: new Set(),
            resources: new CappedResources(this.cap, this.parent?.resourceLimit(owner.arn, source, name, errorCode)),
            passedRoles: new Set(),
        };
        states.push(state);
        return state;
    }
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function compareCalls(a, b) {
    return (compare(a.principalArn, b.principalArn) ||
        compare(a.eventSource, b.eventSource) ||
        compare(a.eventName, b.eventName) ||
        (a.errorCode === undefined ? 0 : 1) - (b.errorCode === undefined ? 0 : 1) ||
        compare(a.errorCode ?? '', b.errorCode ?? ''));
}
/** Snapshots of disjoint sets of records (one per worker) → the snapshot of all of them; order does not matter. */
function mergeSnapshots(snapshots, options = {}) {
    const merged = new UsageAccumulator(options);
    for (const snapshot of snapshots)
        merged.addSnapshot(snapshot);
    return merged.snapshot();
}
/** The snapshot with only the accepted principals' calls and active days; equal to filtering while adding. */
function filterSnapshot(snapshot, accepts) {
    const verdicts = new Map();
    const keep = (arn) => {
        let verdict = verdicts.get(arn);
        if (verdict === undefined)
            verdicts.set(arn, (verdict = accepts(arn)));
        return verdict;
    };
    return {
        ...snapshot,
        calls: snapshot.calls.filter((c) => keep(c.principalArn)),
        activeDays: Object.fromEntries(Object.entries(snapshot.activeDays).filter(([arn]) => keep(arn))),
    };
}

;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/core/cloudtrail/scan-bytes.ts
/**
 * What the raw bytes of a log file say before any decoding. Nearly every CloudTrail file is compact ASCII JSON:
 * no byte above 0x7f (so Latin-1 decoding is exact and far cheaper than UTF-8) and no byte below 0x20 (so no
 * string can hold a control character, and the scanner can skip its own check). Checking both on the bytes,
 * 16 at a time with WebAssembly SIMD (4 at a time in plain JavaScript where that is unavailable), costs a
 * fraction of the scanner's regular expression over the decoded text.
 */
const HIGH = 0x80808080;
const SPACES = 0x20202020;
/**
 * One pass over the bytes; the unaligned head and tail byte by byte, the middle as 32-bit words, where a byte
 * lane below 0x20 shows up as bit 7 of `(w - 0x20202020) & ~w` (exact for "some lane": a borrow only starts at
 * such a lane).
 */
/**
 * The same check with WebAssembly SIMD, 16 bytes per step (several times faster than the word loop): OR of
 * all bytes (bit 7: a byte ≥ 0x80) and OR of `byte <u 0x20` lanes. The module is small enough to write out:
 * `classify(n)` reads memory [0, n), n a multiple of 16, and returns bit 0 = non-ASCII, bit 1 = control.
 */
/** A section or body with its size in front (all of them are under 128 bytes: one LEB128 byte). */
const sized = (...bytes) => [bytes.length, ...bytes];
const CLASSIFY_BODY = sized(...[0x02, 0x01, 0x7f, 0x03, 0x7b], // locals: i (i32); high, low, v (v128)
...[0x02, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x00], // block; br_if n == 0
...[0x03, 0x40], // loop
...[0x20, 0x01, 0xfd, 0x00, 0x04, 0x00, 0x21, 0x04], // v = v128.load(i)
...[0x20, 0x02, 0x20, 0x04, 0xfd, 0x50, 0x21, 0x02], // high |= v
...[0x20, 0x03, 0x20, 0x04, 0xfd, 0x0c, ...new Array(16).fill(0x20)], // low, v, splat(0x20)
...[0xfd, 0x26, 0xfd, 0x50, 0x21, 0x03], // low |= v <u 0x20
...[0x20, 0x01, 0x41, 0x10, 0x6a, 0x22, 0x01, 0x20, 0x00, 0x49, 0x0d, 0x00], // i += 16; loop while i < n
...[0x0b, 0x0b], // end loop, end block
...[0x20, 0x02, 0xfd, 0x64, 0x41, 0x00, 0x47], // bitmask(high) != 0
...[0x20, 0x03, 0xfd, 0x53, 0x41, 0x01, 0x74, 0x72], // | any_true(low) << 1
0x0b);
const ascii = (name) => [name.length, ...Array.from(name, (c) => c.charCodeAt(0))];
const SIMD_MODULE = Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
    ...[0x01, ...sized(0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f)], // types: (i32) -> i32
    ...[0x03, ...sized(0x01, 0x00)], // functions: one of that type
    ...[0x05, ...sized(0x01, 0x00, 0x11)], // memory: 17 pages (1 MiB chunks + padding)
    ...[0x07, ...sized(0x02, ...ascii('memory'), 0x02, 0x00, ...ascii('classify'), 0x00, 0x00)], // exports
    ...[0x0a, ...sized(0x01, ...CLASSIFY_BODY)], // code
]);
/** Bytes copied into the module's memory per call. */
const SIMD_CHUNK = 1 << 20;
/** Below this, the word loop is as fast as copying into the module. */
const SIMD_MIN = 4096;
let simd;
/** Compiled on first use; null where WebAssembly SIMD is unavailable (the word loop is used instead). */
function simdClassifier() {
    if (simd === undefined) {
        try {
            const wasm = globalThis.WebAssembly;
            simd = wasm ? new wasm.Instance(new wasm.Module(SIMD_MODULE)).exports : null;
        }
        catch {
            simd = null;
        }
    }
    return simd;
}
function classifyWithSimd(bytes, classifier) {
    const memory = new Uint8Array(classifier.memory.buffer);
    let found = 0;
    for (let start = 0; start < bytes.length && found !== 3; start += SIMD_CHUNK) {
        const chunk = bytes.subarray(start, start + SIMD_CHUNK);
        const padded = (chunk.length + 15) & ~15;
        memory.set(chunk);
        memory.fill(0x20, chunk.length, padded); // spaces: neither high nor control
        found |= classifier.classify(padded);
    }
    return { ascii: (found & 1) === 0, controlFree: (found & 2) === 0 };
}
/** Whether classifyBytes runs on WebAssembly SIMD here (for tests and the bench). */
function usesSimd() {
    return simdClassifier() !== null;
}
/** `allowSimd: false` forces the plain JavaScript loop (tests compare the two). */
function classifyBytes(bytes, allowSimd = true) {
    if (allowSimd && bytes.length >= SIMD_MIN) {
        const classifier = simdClassifier();
        if (classifier !== null)
            return classifyWithSimd(bytes, classifier);
    }
    return classifyWords(bytes);
}
function classifyWords(bytes) {
    const n = bytes.length;
    let high = 0;
    let low = 0;
    let head = (4 - (bytes.byteOffset & 3)) & 3;
    if (head > n)
        head = n;
    for (let i = 0; i < head; i++) {
        const c = bytes[i];
        high |= c;
        if (c < 0x20)
            low = 1;
    }
    const words = (n - head) >>> 2;
    if (words > 0) {
        const u = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
        let hi = 0;
        let lo = 0;
        let j = 0;
        for (; j + 4 <= words; j += 4) {
            const a = u[j];
            const b = u[j + 1];
            const c = u[j + 2];
            const d = u[j + 3];
            hi |= a | b | c | d;
            lo |= ((a - SPACES) & ~a) | ((b - SPACES) & ~b) | ((c - SPACES) & ~c) | ((d - SPACES) & ~d);
        }
        for (; j < words; j++) {
            const a = u[j];
            hi |= a;
            lo |= (a - SPACES) & ~a;
        }
        if ((hi & HIGH) !== 0)
            high |= 0x80;
        if ((lo & HIGH) !== 0)
            low = 1;
    }
    for (let i = head + words * 4; i < n; i++) {
        const c = bytes[i];
        high |= c;
        if (c < 0x20)
            low = 1;
    }
    return { ascii: (high & 0x80) === 0, controlFree: low === 0 };
}

;// CONCATENATED MODULE: ./src/core/cloudtrail/record-index-module.ts
// Generated by scripts/build-record-index.sh from native/record-index.c (Debian clang version 14.0.6). Do not edit.
/** SHA-256 of the C source this module was built from (a test checks that it is the current one). */
const RECORD_INDEX_SOURCE_SHA256 = '8ef24d6bb0a2c0694561733910be1737f7c3084e800b16ab4236c9448138da5e';
const RECORD_INDEX_WASM_BASE64 = [
    'AGFzbQEAAAABHwVgAAF/YAJ/fwF/YAF/AX9gAn9/AGAGf39/f39/AX8DDw4AAQACAAAAAgMAAAIBBAQFAXABAQEFAwEAEAYIAX8B',
    'QfCBPgsHkwEMBm1lbW9yeQIACGtleV9zbG90AAAHYWRkX2tleQABEnBhcmFtZXRlcl9rZXlfc2xvdAACEWFkZF9wYXJhbWV0ZXJf',
    'a2V5AAMEdGFwZQAEDXRhcGVfY2FwYWNpdHkABQxtYXhfaW50ZXJuZWQABgdyZXNlcnZlAAcFYmVnaW4ACAlhcnJheV9lbmQACQRu',
    'ZXh0AAoK6DYOFQBBACgCgJiAgABBBXRBgIiAgABqC4EBAQR/QX8hAgJAIAFBA0sNACAAQWBqQWFJDQBBACgCgJiAgAAiA0E/Sw0A',
    'IABBkJiAgABqIgQtAAAiBUEHSw0AIAQgBUEBajoAACADQbCagIAAaiABOgAAQQAgA0EBajYCgJiAgAAgAEEDdCAFakGwmICAAGog',
    'AzoAACADIQILIAILFQBBACgC8MqAgABBMGxB8JqAgABqC4QDAwR/BHsBf0F/IQECQCAAQVBqQVFJDQBBACgC8MqAgAAiAkH/AEsN',
    'ACAAQYDLgIAAai0AACIDQQ9LDQAgAkEwbCEBQQAhBAJAAkAgAEEQSQ0AIAFBsMuAgABqIAFB8JqAgABq/QAEACIF/QwgICAgICAg',
    'ICAgICAgICAgIgb9UCAFIAX9DL+/v7+/v7+/v7+/v7+/v78iB/1u/QwaGhoaGhoaGhoaGhoaGhoaIgj9Jv1S/QsEAAJAIABBcHEi',
    'BEEQRg0AIAFBwMuAgABqIAFBgJuAgABq/QAEACIFIAb9UCAFIAUgB/1uIAj9Jv1S/QsEAAsgBCAARg0BCyAEIAFqIQEgACAEayEJ',
    'A0AgAUGwy4CAAGogAUHwmoCAAGotAAAiBEEgciAEIARBv39qQf8BcUEaSRs6AAAgAUEBaiEBIAlBf2oiCQ0ACwsgAEGAy4CAAGog',
    'A0EBajoAAEEAIAJBAWo2AvDKgIAAIABBBHQgA2pBsPuAgABqIAI6AAAgAiEBCyABCwgAQbCBgYAACwYAQYCAAQsGAEGAwAALWAED',
    'f0EAIQECQEHwgb6AACAAakHAAGoiAkHwgb6AAEkNAEHwgb6AACEBIAI/AEEQdCIDTQ0AQfCBvoAAIQFB8IG+gAAgAGogA2tBv4AE',
    'akEQdkAAGgsgAQv1BQEDf0EAIQJB8IG+gAAgAWoiAUEAOgAAIAFBADoAASABQQA6AAIgAUEAOgADIAFBADoABCABQQA6AAUgAUEA',
    'OgAGIAFBADoAByABQQA6AAggAUEAOgAJIAFBADoACiABQQA6AAsgAUEAOgAMIAFBADoADSABQQA6AA4gAUEAOgAPIAFBADoAECAB',
    'QQA6ABEgAUEAOgASIAFBADoAEyABQQA6ABQgAUEAOgAVIAFBADoAFiABQQA6ABcgAUEAOgAYIAFBADoAGSABQQA6ABogAUEAOgAb',
    'IAFBADoAHCABQQA6AB0gAUEAOgAeIAFBADoAHyABQQA6ACAgAUEAOgAhIAFBADoAIiABQQA6ACMgAUEAOgAkIAFBADoAJSABQQA6',
    'ACYgAUEAOgAnIAFBADoAKCABQQA6ACkgAUEAOgAqIAFBADoAKyABQQA6ACwgAUEAOgAtIAFBADoALiABQQA6AC8gAUEAOgAwIAFB',
    'ADoAMSABQQA6ADIgAUEAOgAzIAFBADoANCABQQA6ADUgAUEAOgA2IAFBADoANyABQQA6ADggAUEAOgA5IAFBADoAOiABQQA6ADsg',
    'AUEAOgA8IAFBADoAPSABQQA6AD5BAEHwgb6AADYCsIGFgAAgAUEAOgA/AkBBACgCtIGPgAAiAUUNACABQQNxIQMCQCABQX9qQQNJ',
    'DQAgAUF8cSEEQeCBhYAAIQFBACECA0AgAUFgaigCAEEBdEG0gY2AAGpBADsBACABQXBqKAIAQQF0QbSBjYAAakEAOwEAIAEoAgBB',
    'AXRBtIGNgABqQQA7AQAgAUEQaigCAEEBdEG0gY2AAGpBADsBACABQcAAaiEBIAQgAkEEaiICRw0ACwsgA0UNACACQQR0QcCBhYAA',
    'aiEBA0AgASgCAEEBdEG0gY2AAGpBADsBACABQRBqIQEgA0F/aiIDDQALC0EAQQE6ALyBj4AAQQBBfzYCwIGPgABBAEHwgb6AACAA',
    'ajYCuIGPgABBAEEANgK0gY+AAAsLAEEAKALAgY+AAAvzFQESf0EAIQBBAEGwgYGAADYCxIGPgAACQEEAKALAgY+AAEF/Sg0AQQAo',
    'AriBj4AAIgFBAWohAAJAA0AgAS0AACICQXdqIgNBF0sNAUEBIAN0QZOAgARxRQ0BIABBAWohACABQQFqIQEMAAsLAkACQAJAQQAt',
    'ALyBj4AARQ0AIAJB3QBGDQELQQBBfzYCyIGPgABBACgCsIGFgAAhBEGwgYGAACEFQbyBgYAAIQAMAQtBACAAQQAoArCBhYAAazYC',
    'wIGPgABBAA8LAkACQAJAA0AgBSABIARrIgY2AgBBACAANgLEgY+AAEEAQQA2AsyBj4AAAkACQAJAAkACQCABLQAAQfsARw0AQQAh',
    'AANAIAEgAGoiB0EBaiIILQAAIgJBd2oiA0EZSw0CAkBBASADdEGTgIAEcQ0AIANBGUcNAyAIEIuAgIAAIgJFDQVBACEGQQAhCQNA',
    'QX8hBAJAAkBBACgC0IGPgABFDQBBAiEJDAELAkAgB0ECaiIKQX9zIAJqIgdBH00NAEF/IQQMAQsCQCAHQZCYgIAAai0AACILDQBB',
    'fyEEDAELAkAgB0UNAEEAIQwDQCAHQQN0IAxqQbCYgIAAai0AACIEQQV0QYCIgIAAaiEAIAohAyAHIQgDQAJAIAAtAAAgAy0AAEYN',
    'ACAIRQ0EIAxBAWoiDCALRw0CQX8hBAwECyAAQQFqIQAgA0EBaiEDIAhBf2oiCA0ADAMLCwtBAC0AsJiAgAAhBAsgAkF/cyEDIAJB',
    'AWohAAJAA0ACQCACLQAAQXdqDjIAAAkJAAkJCQkJCQkJCQkJCQkJCQkJCQAJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJAgkLIANB',
    'f2ohAyAAQQFqIQAgAkEBaiECDAALCwJAA0AgAC0AACIIQXdqIgJBF0sNAUEBIAJ0QZOAgARxRQ0BIANBf2ohAyAAQQFqIQAMAAsL',
    'AkACQAJAAkACQCAEQQBIDQACQCAEQbCagIAAaiIHLQAAQQNHDQAgCEH7AEcNAEEAKALEgY+AACIKQQxqIgJBsIGFgABLDQ8gCiAE',
    'NgIAQQAgAjYCxIGPgAAgCkEAQQAoArCBhYAAIgcgA2prNgIEIAZBAWohBgNAIAAiCEEBaiIALQAAIgJBd2oiA0EZSw0EQQEgA3RB',
    'k4CABHENAAsgA0EZRw0DIAhBAWoQi4CAgAAiAkUNDANAQX8hBAJAAkACQEEAKALQgY+AAA0AIAhBAmoiDSEAIA1Bf3MgAmoiDCED',
    'AkAgDA0AQQAtAIDLgIAAIgANAkF/IQQMAwsDQCAALAAAQQBIDQEgAEEBaiEAIANBf2oiAw0AC0F/IQQgDEEvSw0CIAxBgMuAgABq',
    'LQAAIg5FDQJBfyEEQQAhC0EBIQ8DQCAEIRADQCAQIQQgDEEEdCALakGw+4CAAGotAAAiEEEwbCIRQbDLgIAAaiEIIA0hAyAMIQcC',
    'QAJAAkADQCADLQAAIgBBIHIgACAAQb9/akH/AXFBGkkbQf8BcSAILQAARw0BIANBAWohAyAIQQFqIQggB0F/aiIHRQ0CDAALCyAE',
    'IRAMAQsgEUHwmoCAAGohACANIQMgDCEIA0ACQCAALQAAIAMtAABGDQAgCEUNAkEAIQ8gC0EBaiILIA5HDQQMBQsgAEEBaiEAIANB',
    'AWohAyAIQX9qIggNAAsLIAtBAWoiCyAORw0ACwsgECEEIA9BAXENAgsgCiAKKAIAQYACcjYCAAwBCyAAQa/7gIAAai0AACEECyAC',
    'QQFqIgAhAwJAA0ACQCACLQAAQXdqDjIAABAQABAQEBAQEBAQEBAQEBAQEBAQEAAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQAhAL',
    'IABBAWohACADQQFqIQMgAkEBaiECDAALCwJAA0AgAC0AAEF3aiICQRdLDQFBASACdEGTgIAEcUUNASAAQQFqIQAgA0EBaiEDDAAL',
    'CyAAQQIQjICAgAAiAkUNDQJAIARBAEgNAEEAKALEgY+AACIIQQxqIgdBsIGFgABLDREgAC0AACEAQQAgBzYCxIGPgAAgCCACQQAo',
    'ArCBhYAAIgdrNgIIIAggAyAHazYCBCAIQQAoAtCBj4AAQQBHQQh0QQAgAEEiRhsgBEHAAGpyNgIAIAZBAWohBgsgAkEBaiEAAkAC',
    'QANAAkAgAi0AACIDQXdqDiQAABERABEREREREREREREREREREREREQAREREREREREREREQIDCyAAQQFqIQAgAkEBaiECDAALCwNA',
    'IAAtAABBd2oiA0EZSw0PAkBBASADdEGTgIAEcUUNACAAQQFqIQAMAQsLIANBGUcNDiAAQX9qIQggABCLgICAACICRQ0ODAELCyAD',
    'Qf0ARg0CDAwLIABBARCMgICAACICRQ0LQQAoAsSBj4AAQQxqQbCBhYAASw0OQQAhCEEAKALQgY+AACILQQBHQQh0QQAgAC0AACIM',
    'QSJGGyAEciEKIAIgA2ohBAJAAkACQCAHLQAAQX9qDgIAAQILIARBwgBLDQEgDEEiRw0BIAsNAUHUgY+AAEHggZmAAEHggbqAAEGA',
    'gCEgACAEEI2AgIAAIQgMAQsgBEGAEEsNACAMQfsARw0AQbSBhYAAQQBBAEEAIAAgBBCNgICAACEIC0EAKALEgY+AACIAIAogCEEJ',
    'dHI2AgAgACACQQAoArCBhYAAIghrNgIIQQAgAEEMajYCxIGPgAAgAEEAIAggA2prNgIEIAZBAWohBgwECyAAQQEQjICAgAAiAg0D',
    'DAoLIAJBAWohAkEAKAKwgYWAACEHDAELIAJB/QBHDQggCEECaiECCyAKIAIgB2s2AggLIAJBAWoiACEDAkACQANAAkAgAi0AACII',
    'QXdqDiQAAAoKAAoKCgoKCgoKCgoKCgoKCgoKCgAKCgoKCgoKCgoKCgIDCyAAQQFqIQAgA0EBaiEDIAJBAWohAgwACwsDQCAALQAA',
    'QXdqIgNBGUsNCAJAQQEgA3RBk4CABHFFDQAgAEEBaiEADAELCyADQRlHDQcgAEF/aiEHIAAQi4CAgAAiAkUNBwwBCwsgCEH9AEcN',
    'BSAFIANBACgCsIGFgAAiBGs2AgQgAkEBaiEAQYCAgBghAQJAQQAoAsyBj4AADQAgCUEYdCEBCyABIAZyIQEMBAsgAEEBaiEADAAL',
    'CyABQQEQjICAgAAiAEUNAiAFIABBACgCsIGFgAAiBGs2AgRBgICAGEGAgIAIQQAoAsyBj4AAGyEBDAELIAJB/QBHDQEgBSAGIABq',
    'QQJqNgIEIAEgAGpBAmohAEEAQQByIQELIAUgATYCCEEAQQA6ALyBj4AAIABBAWoiASAEayEDAkACQAJAAkADQAJAIAAtAAAiAkF3',
    'ag4kAAAEBAAEBAQEBAQEBAQEBAQEBAQEBAQABAQEBAQEBAQEBAQCAwsgAUEBaiEBIANBAWohAyAAQQFqIQAMAAsLA0AgAS0AAEF3',
    'aiIAQRdLDQVBASAAdEGTgIAEcUUNBSABQQFqIQEMAAsLIAJB3QBGDQELQX8hAAwHC0EAIAM2AsCBj4AAQQAoAsSBj4AAIQUgACEB',
    'DAULQQAgBTYCxIGPgABBACgCyIGPgAAiAEF9Rw0FDAMLQQBBfzYCyIGPgABBACgCxIGPgAAiBUEMaiIAQbCBhYAATQ0ACwtBACAF',
    'NgLEgY+AAEEAQX02AsiBj4AACyAFQbCBgYAARw0AQX4PC0EAIAE2AriBj4AAIAVBsIGBgABrQQJ1DwsgAAuVBAMDfwF7An8gAEEB',
    'aiEBQQAhAkEAKALMgY+AACEDA0AgAUEGaiEAAkADQCADIABBemr9AAAAIgT9ZHIhAyAE/QxcXFxcXFxcXFxcXFxcXFxc/SMgBP0M',
    'IiIiIiIiIiIiIiIiIiIiIv0j/VAgBP0MICAgICAgICAgICAgICAgIP0m/VD9ZCIBDQEgAEEQaiEADAALCwJAAkAgACABaCIFaiIB',
    'QXpqLQAAIgZB3ABGDQAgBkEiRw0BQQAgAjYC0IGPgABBACADNgLMgY+AACABQXtqDwsCQAJAIAFBe2otAABBXmoOVAECAgICAgIC',
    'AgICAgIBAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIBAgICAgIBAgICAQICAgICAgIBAgICAQIB',
    'AAILAkAgAUF8ai0AACIAQUZqQf8BcUH1AUsNACAAQSByQZl/akH/AXFB+gFJDQILAkAgAUF9ai0AACIAQUZqQf8BcUH1AUsNACAA',
    'QSByQZl/akH/AXFB+gFJDQILAkAgAUF+ai0AACIAQUZqQf8BcUH1AUsNACAAQSByQZl/akH/AXFB+gFJDQILAkAgAUF/ai0AACIA',
    'QUZqQf8BcUH1AUsNACAAQSByQZl/akH/AXFB+gFJDQILQQEhAgwCCyAAIAVqQXxqIQFBASECDAELC0EAIAM2AsyBj4AAQQAL+QkB',
    'A38CQAJAAkACQAJAAkACQAJAAkACQCAALQAAIgJBpX9qDiEHAgICAgICAgICAgUCAgICAgICBAICAgICBgICAgICAgEACwJAIAJB',
    'XmoODAACAgICAgICAgICAwILIAAQi4CAgAAPCwJAIAFB/wNKDQAgAUEBaiEDIABBAWohAANAIAAtAAAiAUF3aiICQRlLDQgCQEEB',
    'IAJ0QZOAgARxDQAgAkEZRw0JQQAhASAAEIuAgIAAIgBFDQoDQAJAAkAgAC0AAEF3ag4yAAANDQANDQ0NDQ0NDQ0NDQ0NDQ0NDQ0A',
    'DQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQENCyAAQQFqIQAMAQsgAEEBaiEAAkADQCAALQAAQXdqIgJBF0sNAUEBIAJ0QZOAgARx',
    'RQ0BIABBAWohAAwACwsgACADEIyAgIAAIgJFDQsgAkEBaiEAAkACQANAAkAgAi0AACIEQXdqDiQAAAMDAAMDAwMDAwMDAwMDAwMD',
    'AwMDAwADAwMDAwMDAwMDAwIDCyAAQQFqIQAgAkEBaiECDAALCwNAIAAtAABBd2oiAkEZSw0NAkBBASACdEGTgIAEcUUNACAAQQFq',
    'IQAMAQsLIAJBGUcNDCAAEIuAgIAAIgBFDQwMAQsLIAJBAWpBACAEQf0ARhsPCyAAQQFqIQAMAAsLQQBBfjYCyIGPgABBAA8LQQAh',
    'ASACQUZqQf8BcUH2AUkNBgsCQAJAIAAgAkEtRmoiAi0AACIAQTBHDQAgAkEBaiEAIAItAAEhAgwBC0EAIQEgAEFPakH/AXFBCEsN',
    'BiACIQADQCAAQQFqIgAtAAAiAkFGakH/AXFB9QFLDQALCwJAIAJB/wFxQS5HDQBBACEBIAAtAAFBRmpB/wFxQfYBSQ0GIABBAWoh',
    'AANAIABBAWoiAC0AACICQUZqQf8BcUH1AUsNAAsLAkAgAkEgckH/AXFB5QBGDQAgAA8LIABBAWohBAJAAkAgAC0AASICQVVqDgMA',
    'AQABCyAAQQJqIQQgAC0AAiECC0EAIQEgAkFGakH/AXFB9gFJDQUgBCEBA0AgAUEBaiIBLQAAQUZqQf8BcUH2AU8NAAwGCwtBACEB',
    'IAAtAAFB9QBHDQQgAC0AAkHsAEcNBCAAQQRqQQAgAC0AA0HsAEYbDwtBACEBIAAtAAFB4QBHDQMgAC0AAkHsAEcNAyAALQADQfMA',
    'Rw0DIABBBWpBACAALQAEQeUARhsPC0EAIQEgAC0AAUHyAEcNAiAALQACQfUARw0CIABBBGpBACAALQADQeUARhsPCwJAAkAgAUH/',
    'A0oNACABQQFqIQQgAEEBaiEAA0AgAC0AACIBQXdqIgJBF0sNAkEBIAJ0QZOAgARxRQ0CIABBAWohAAwACwtBAEF+NgLIgY+AAEEA',
    'DwsCQAJAIAFB3QBGDQBBACEBIAAgBBCMgICAACIARQ0DDAELIABBAWoPCwNAAkACQAJAAkAgAC0AACICQXdqDiQAAAICAAICAgIC',
    'AgICAgICAgICAgICAgACAgICAgICAgICAgECCyAAQQFqIQAMAwsgAEEBaiEAA0AgAC0AAEF3aiICQRdLDQJBASACdEGTgIAEcUUN',
    'AiAAQQFqIQAMAAsLIABBAWpBACACQd0ARhsPCyAAIAQQjICAgAAiAEUNAgwACwsCQCABQf0ARw0AIABBAWoPC0EAIQELIAELtgcE',
    'AXsDfwN+Cn/9DAAAAAAAAAAAT+vUJz2ussIgBa1Clfip+pe33puef4X9HgAhBgJAAkAgBUEQTw0AQQAhBwwBC0EAIQgDQCAEIAhq',
    '/QAAACAG/VH9DM2MVe3Xr1H/U+yFGv65zsT91QEiBkEd/c0BIAb9USEGIAhBIGohCSAIQRBqIgchCCAJIAVNDQALCyAG/R0BIQog',
    'Bv0dACELAkAgBSAHayIIRQ0AIAQgB2oiCSkAAEJ/QcAAIAhBCCAIQQhJG0EDdGutiIMgC4UhC0IAIQwCQCAIQQlJDQAgCSkACEJ/',
    'QYABIAhBA3RrrYiDIQwLIAtCzZnW6v7666h/fiELIAwgCoVC09iX1OG/rudEfiEKC0EAKAKwgYWAACENAkACQCAAIAsgCkIfiYVC',
    'lfip+pe33puef34iCkIgiCAKhaciDkH//wBxIg9BAXRqQYCACGoiCS8BACIIRQ0AIAEgDSABGyEQA0ACQCAAIAhB//8DcSIRQX9q',
    'QQR0aiIJKAIAIA5HDQAgCSgCCCAFRw0AQQAhCCAQIAkoAgRqIhIhCSAEIQcgBSETAkADQCAIQRBqIhQgBUsNASAEIAhqIRUgEiAI',
    'aiEWIAlBEGohCSAHQRBqIQcgE0FwaiETIBQhCCAW/QAAACAV/QAAAP0j/WNFDQIMAAsLIAggBU8NAwNAIAktAAAgBy0AAEcNASAJ',
    'QQFqIQkgB0EBaiEHIBNBf2oiE0UNBAwACwsgACAPQQFqQf//AHEiD0EBdGpBgIAIaiIJLwEAIggNAAsLQQAhESAAKAKAgAoiCEH/',
    'P0sNACAAIAhBBHRqIgcgDzYCDCAHIAU2AgggByAONgIAAkACQCABRQ0AIAIoAgAiByAFaiADSw0CIAAgCEEEdGogBzYCBAJAIAVF',
    'DQAgBUEDcSETQQAhCAJAIAVBf2pBA0kNACAFQXxxIRRBACEIA0AgASAIIAIoAgBqaiAEIAhqIgctAAA6AAAgASAIIAIoAgBqakEB',
    'aiAHQQFqLQAAOgAAIAEgCCACKAIAampBAmogB0ECai0AADoAACABIAggAigCAGpqQQNqIAdBA2otAAA6AAAgFCAIQQRqIghHDQAL',
    'CyATRQ0AIAQgCGohByABIAhqIQgDQCAIIAIoAgBqIActAAA6AAAgB0EBaiEHIAhBAWohCCATQX9qIhMNAAsLIAIgAigCACAFajYC',
    'ACAAKAKAgAohCAwBCyAHIAQgDWs2AgQLIAkgCEEBaiIROwEAIAAgETYCgIAKCyARCw==',
].join('');

;// CONCATENATED MODULE: ./src/core/cloudtrail/record-index.ts
/**
 * The record index (native/record-index.c, compiled to WebAssembly) from JavaScript. One pass in WebAssembly
 * validates a trail file's `Records` array and says where each record is and where the values of the wanted
 * top-level keys are; the scanner then builds those values without reading anything else (scan.ts). Stepping
 * over the unwanted bytes was most of the reading thread's work in JavaScript, and is a few instructions per
 * 16 bytes with SIMD.
 */

/** Kinds of array items on the tape. */
const ITEM_OBJECT = 0;
/** Not an object: no record. */
const ITEM_OTHER = 1;
/** An object with an escaped key (`"\u0065ventName"`): picked by the JavaScript scanner instead. */
const ITEM_ESCAPED_KEY = 2;
/** An item with a byte >= 0x80 (in a string): JavaScript decodes it as UTF-8 and picks it itself. */
const ITEM_NON_ASCII = 3;
/** How a field's values are interned (native/record-index.c): equal values get one id for every file. */
const INTERN_NONE = 0;
const INTERN_STRING = 1;
const INTERN_OBJECT = 2;
/** Not interned: request parameters, whose wanted keys (FieldSpec.keys) are written onto the tape after them. */
const INTERN_PARAMETERS = 3;
/** Tape field numbers from here on are FieldSpec.keys (bit 8 of the parameters' own word: read them parsed). */
const PARAMETER_FIELDS = 64;
/** The module reads the whole file from its own memory, which never shrinks: larger files take the JS path. */
const INDEX_MAX_BYTES = 16 * 1024 * 1024;
class RecordIndex {
    wasm;
    spec;
    /** The spec's keys and fields by the index the tape gives them. */
    keys = [];
    fields = [];
    /** INTERN_* by field index. */
    interning = [];
    /** The field whose keys are indexed (INTERN_PARAMETERS), or -1. */
    parametersField = -1;
    /**
     * Interned string values by id, shared by every file: they are copies (see JsonScanner.readCommonString), so
     * they keep no file's text alive. Filled up front for every id the module can hand out, so it stays packed.
     */
    strings;
    tapeView;
    constructor(wasm, spec) {
        this.wasm = wasm;
        this.spec = spec;
        for (const [key, field] of spec) {
            const intern = field.keys
                ? INTERN_PARAMETERS
                : !field.intern
                    ? INTERN_NONE
                    : field.kind === 'string'
                        ? INTERN_STRING
                        : field.kind === 'object'
                            ? INTERN_OBJECT
                            : INTERN_NONE;
            const bytes = asciiBytes(key);
            new Uint8Array(wasm.memory.buffer, wasm.key_slot(), bytes.length).set(bytes);
            if (wasm.add_key(bytes.length, intern) !== this.keys.length)
                throw new Error(`key ${key} does not fit the index`);
            if (field.keys) {
                if (this.parametersField >= 0)
                    throw new Error('only one field of a spec can have its keys indexed');
                this.parametersField = this.keys.length;
                field.keys.forEach((parameter, i) => {
                    const parameterBytes = asciiBytes(parameter);
                    new Uint8Array(wasm.memory.buffer, wasm.parameter_key_slot(), parameterBytes.length).set(parameterBytes);
                    if (wasm.add_parameter_key(parameterBytes.length) !== i)
                        throw new Error(`parameter key ${parameter} does not fit the index`);
                });
            }
            this.keys.push(key);
            this.fields.push(field);
            this.interning.push(intern);
        }
        this.strings = new Array(wasm.max_interned() + 1).fill(undefined);
        this.tapeView = this.view();
    }
    /** Compiled on first use; null where WebAssembly SIMD is unavailable. */
    static for(spec) {
        let index = indexes.get(spec);
        if (index === undefined) {
            try {
                const wasm = globalThis.WebAssembly;
                const bytes = Uint8Array.from(atob(RECORD_INDEX_WASM_BASE64), (c) => c.charCodeAt(0));
                index = wasm ? new RecordIndex(new wasm.Instance(new wasm.Module(bytes)).exports, spec) : null;
            }
            catch {
                index = null;
            }
            indexes.set(spec, index);
        }
        return index;
    }
    /** Copies the text in and starts at the array item after `arrayStart`; false when the file is too large. */
    begin(bytes, arrayStart) {
        if (bytes.length > INDEX_MAX_BYTES)
            return false;
        const at = this.wasm.reserve(bytes.length);
        if (at === 0)
            return false;
        new Uint8Array(this.wasm.memory.buffer, at, bytes.length).set(bytes);
        this.wasm.begin(arrayStart, bytes.length);
        if (this.tapeView.buffer !== this.wasm.memory.buffer)
            this.tapeView = this.view();
        return true;
    }
    /**
     * Indexes the next items onto `tape`: the number of words written, 0 once the array has ended, or negative
     * when the text is not valid JSON (or something the index does not handle, such as very deep nesting).
     */
    next() {
        return this.wasm.next();
    }
    get tape() {
        return this.tapeView;
    }
    /** Offset just after the array's `]`. */
    arrayEnd() {
        return this.wasm.array_end();
    }
    view() {
        return new Int32Array(this.wasm.memory.buffer, this.wasm.tape(), this.wasm.tape_capacity());
    }
}
const indexes = new WeakMap();
function asciiBytes(key) {
    const bytes = Uint8Array.from(key, (c) => c.charCodeAt(0));
    if (bytes.some((b) => b > 0x7f))
        throw new Error(`key ${key} is not ASCII`);
    return bytes;
}

;// CONCATENATED MODULE: ./src/core/cloudtrail/scan-json.ts
/**
 * A validating JSON scanner that builds only the fields a spec asks for and steps over everything else
 * without allocating it. Most of a CloudTrail record's bytes (responseElements, tlsDetails, userAgent…) are
 * never needed, and `JSON.parse` spends its time building them; this is where ALPHA's read speed comes from.
 *
 * It accepts exactly the JSON grammar (RFC 8259: no trailing commas, no control characters in strings,
 * valid escapes and numbers), so a document it accepts is one `JSON.parse` accepts. Anything it rejects goes
 * back to `JSON.parse` for the canonical error message (see scan.ts).
 */

class ScanError extends Error {
    position;
    constructor(message, position) {
        super(message);
        this.position = position;
        this.name = 'ScanError';
    }
}
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
// Global, used with lastIndex; the scanner is synchronous, so sharing it is safe.
// eslint-disable-next-line no-control-regex -- finding control characters is the point (JSON forbids them in strings)
const CONTROL = /[\u0000-\u001f]/g;
function isHexDigit(c) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isDigit(c) {
    return c >= 48 && c <= 57;
}
const MAX_KEY = 32;
const MAX_INTERNED = 4096;
/**
 * Strings of `intern` string fields, shared by every scanner (event sources, names, Regions, accounts: a few
 * hundred in a real log). Slots by length and three characters; bounded, so hostile input only stops sharing.
 */
const COMMON_SLOTS = 1024;
const MAX_COMMON_LENGTH = 64;
const MAX_COMMON_STRINGS = 4096;
const commonStrings = new Array(COMMON_SLOTS).fill(undefined);
let commonCount = 0;
const keyTables = new WeakMap();
/** Candidates per (key length, character at index 5 or the last): usually one, a few at most. */
function keyTable(spec) {
    let table = keyTables.get(spec);
    if (table === undefined) {
        // Filled up front so V8 keeps a packed array (a sparse one falls back to slow dictionary lookups).
        table = new Array(MAX_KEY * 128).fill(undefined);
        for (const [name, field] of spec) {
            const length = name.length;
            if (length === 0 || length >= MAX_KEY)
                throw new Error(`key ${name} cannot be looked up by the scanner`);
            const slot = length * 128 + (name.charCodeAt(length > 5 ? 5 : length - 1) & 127);
            (table[slot] ??= []).push({ name, field });
        }
        keyTables.set(spec, table);
    }
    return table;
}
class JsonScanner {
    text;
    interned;
    end;
    pos;
    /** Index in the current `records` array, for error messages ("while reading record 17"). */
    recordIndex = -1;
    escaped = false;
    internedCount = 0;
    nextBackslash = -1;
    nextControl = -1;
    /**
     * @param interned values of `intern` fields by their exact text; pass one map to the scanners of one file so
     * JSON lines share it too. Treat interned objects as immutable: several records hold the same one.
     */
    constructor(text, interned = new Map(), end = text.length) {
        this.text = text;
        this.interned = interned;
        this.end = end;
        this.pos = 0;
    }
    /**
     * The caller checked that the text holds no character below U+0020 at all (cheaper on the raw bytes, see
     * scan-bytes.ts), so strings need no control-character check.
     */
    assumeNoControlCharacters() {
        this.nextControl = Infinity;
    }
    fail(what) {
        throw new ScanError(`${what} at position ${this.pos}`, this.pos);
    }
    /** Skips whitespace and returns the next character code, or -1 at the end. */
    peek() {
        const t = this.text;
        const n = this.end;
        let i = this.pos;
        while (i < n) {
            const c = t.charCodeAt(i);
            if (c === 32 || c === 10 || c === 13 || c === 9)
                i++;
            else {
                this.pos = i;
                return c;
            }
        }
        this.pos = i;
        return -1;
    }
    /**
     * Index of the closing quote of the string at `pos`. The common string (no escape, no control character) is
     * found with one `indexOf`, which V8 runs far faster than a character loop; the positions of the next
     * backslash and the next control character are remembered, so checking that the string holds neither costs
     * two comparisons, not a rescan.
     */
    stringEnd() {
        const t = this.text;
        const start = this.pos + 1;
        const quote = t.indexOf('"', start);
        if (quote === -1 || quote >= this.end)
            return this.stringEndSlow();
        let backslash = this.nextBackslash;
        if (backslash < start) {
            backslash = t.indexOf('\\', start);
            this.nextBackslash = backslash = backslash === -1 ? Infinity : backslash;
        }
        if (backslash < quote)
            return this.stringEndSlow();
        let control = this.nextControl;
        if (control < start) {
            CONTROL.lastIndex = start;
            const found = CONTROL.exec(t);
            this.nextControl = control = found === null ? Infinity : found.index;
        }
        if (control < quote) {
            this.pos = control;
            this.fail('control character in string');
        }
        this.escaped = false;
        return quote;
    }
    /** Character by character, validating escapes: strings with a backslash, and unterminated ones. */
    stringEndSlow() {
        const t = this.text;
        const n = this.end;
        let i = this.pos + 1;
        let escaped = false;
        while (i < n) {
            const c = t.charCodeAt(i);
            if (c === QUOTE) {
                this.escaped = escaped;
                return i;
            }
            if (c === BACKSLASH) {
                escaped = true;
                const e = t.charCodeAt(i + 1);
                if (e === 117) {
                    if (!(isHexDigit(t.charCodeAt(i + 2)) &&
                        isHexDigit(t.charCodeAt(i + 3)) &&
                        isHexDigit(t.charCodeAt(i + 4)) &&
                        isHexDigit(t.charCodeAt(i + 5)))) {
                        this.pos = i;
                        this.fail('invalid \\u escape');
                    }
                    i += 6;
                }
                else if (e === QUOTE ||
                    e === BACKSLASH ||
                    e === 47 ||
                    e === 98 ||
                    e === 102 ||
                    e === 110 ||
                    e === 114 ||
                    e === 116) {
                    i += 2;
                }
                else {
                    this.pos = i;
                    this.fail('invalid escape');
                }
                continue;
            }
            if (c < 32) {
                this.pos = i;
                this.fail('control character in string');
            }
            i++;
        }
        this.pos = n;
        return this.fail('unterminated string');
    }
    skipString() {
        this.pos = this.stringEnd() + 1;
    }
    readString() {
        const start = this.pos;
        const end = this.stringEnd();
        this.pos = end + 1;
        return this.escapedOrPlain(start, end);
    }
    /**
     * readString for a field with few distinct values: a value seen before is found by comparing it in place
     * and returned as the same string, so nothing is allocated and its hash is already known downstream.
     */
    readCommonString() {
        const start = this.pos;
        const end = this.stringEnd();
        this.pos = end + 1;
        return this.escaped ? this.escapedOrPlain(start, end) : this.commonString(start + 1, end);
    }
    /** The unescaped string text in [from, to), shared as readCommonString describes. */
    commonString(from, to) {
        const t = this.text;
        const length = to - from;
        if (length > MAX_COMMON_LENGTH)
            return t.slice(from, to);
        if (length === 0)
            return '';
        const slot = (length * 31 + t.charCodeAt(from) * 7 + t.charCodeAt(from + (length >> 1)) * 3 + t.charCodeAt(to - 1)) &
            (COMMON_SLOTS - 1);
        const bucket = commonStrings[slot];
        if (bucket !== undefined)
            for (let k = 0; k < bucket.length; k++) {
                const candidate = bucket[k];
                if (candidate.length !== length)
                    continue;
                if (t.startsWith(candidate, from))
                    return candidate;
            }
        // A copy, not a slice: a slice would keep this whole window of text alive as long as the table lives.
        const value = ` ${t.slice(from, to)}`.slice(1);
        if (commonCount < MAX_COMMON_STRINGS) {
            commonCount++;
            if (bucket === undefined)
                commonStrings[slot] = [value];
            else
                bucket.push(value);
        }
        return value;
    }
    escapedOrPlain(start, end) {
        // Escapes are rare in CloudTrail; JSON.parse decodes them exactly (lone surrogates included).
        return this.escaped ? JSON.parse(this.text.slice(start, end + 1)) : this.text.slice(start + 1, end);
    }
    literal(word) {
        if (!this.text.startsWith(word, this.pos) || this.pos + word.length > this.end)
            this.fail('unexpected token');
        this.pos += word.length;
    }
    skipNumber() {
        const t = this.text;
        let i = this.pos;
        if (t.charCodeAt(i) === MINUS)
            i++;
        const first = t.charCodeAt(i);
        if (first === 48)
            i++;
        else if (first >= 49 && first <= 57) {
            i++;
            while (isDigit(t.charCodeAt(i)))
                i++;
        }
        else {
            this.pos = i;
            this.fail('invalid number');
        }
        if (t.charCodeAt(i) === 46) {
            i++;
            if (!isDigit(t.charCodeAt(i))) {
                this.pos = i;
                this.fail('invalid number');
            }
            while (isDigit(t.charCodeAt(i)))
                i++;
        }
        const e = t.charCodeAt(i);
        if (e === 101 || e === 69) {
            i++;
            const sign = t.charCodeAt(i);
            if (sign === 43 || sign === MINUS)
                i++;
            if (!isDigit(t.charCodeAt(i))) {
                this.pos = i;
                this.fail('invalid number');
            }
            while (isDigit(t.charCodeAt(i)))
                i++;
        }
        if (i > this.end) {
            this.pos = this.end;
            this.fail('unexpected end');
        }
        this.pos = i;
    }
    /** Steps over one value (after whitespace), validating it. */
    skipValue() {
        const c = this.peek();
        if (c === QUOTE)
            this.skipString();
        else if (c === OPEN_BRACE)
            this.skipObject();
        else if (c === OPEN_BRACKET)
            this.skipArray();
        else if (c === 116)
            this.literal('true');
        else if (c === 102)
            this.literal('false');
        else if (c === 110)
            this.literal('null');
        else if (c === MINUS || isDigit(c))
            this.skipNumber();
        else
            this.fail(c === -1 ? 'unexpected end' : 'unexpected character');
    }
    skipObject() {
        this.pos++;
        let c = this.peek();
        if (c === CLOSE_BRACE) {
            this.pos++;
            return;
        }
        for (;;) {
            if (c !== QUOTE)
                this.fail('expected a property name');
            this.skipString();
            if (this.peek() !== COLON)
                this.fail("expected ':'");
            this.pos++;
            this.skipValue();
            c = this.peek();
            if (c === COMMA) {
                this.pos++;
                c = this.peek();
            }
            else if (c === CLOSE_BRACE) {
                this.pos++;
                return;
            }
            else
                this.fail("expected ',' or '}'");
        }
    }
    skipArray() {
        this.pos++;
        let c = this.peek();
        if (c === CLOSE_BRACKET) {
            this.pos++;
            return;
        }
        for (;;) {
            this.skipValue();
            c = this.peek();
            if (c === COMMA)
                this.pos++;
            else if (c === CLOSE_BRACKET) {
                this.pos++;
                return;
            }
            else
                this.fail("expected ',' or ']'");
        }
    }
    /** The object at `pos` with only `spec`'s fields; later duplicate keys win, as in JSON.parse. */
    pickObject(spec) {
        const out = {};
        const t = this.text;
        const table = keyTable(spec);
        this.pos++;
        let c = this.peek();
        if (c === CLOSE_BRACE) {
            this.pos++;
            return out;
        }
        for (;;) {
            if (c !== QUOTE)
                this.fail('expected a property name');
            const start = this.pos;
            const end = this.stringEnd();
            this.pos = end + 1;
            let key;
            let field;
            if (this.escaped) {
                key = JSON.parse(t.slice(start, end + 1));
                field = spec.get(key);
            }
            else {
                // Find the wanted key by length and one character, then compare in place: no substring per key.
                const length = end - start - 1;
                const candidates = length < MAX_KEY
                    ? table[length * 128 + (t.charCodeAt(start + 1 + (length > 5 ? 5 : length - 1)) & 127)]
                    : undefined;
                if (candidates !== undefined)
                    for (let k = 0; k < candidates.length; k++) {
                        const candidate = candidates[k];
                        if (t.startsWith(candidate.name, start + 1)) {
                            key = candidate.name;
                            field = candidate.field;
                            break;
                        }
                    }
            }
            if (this.peek() !== COLON)
                this.fail("expected ':'");
            this.pos++;
            if (field === undefined || key === undefined)
                this.skipValue();
            else {
                const value = this.pickValue(field);
                if (value !== undefined)
                    out[key] = value;
                else if (Object.hasOwn(out, key))
                    delete out[key];
            }
            c = this.peek();
            if (c === COMMA) {
                this.pos++;
                c = this.peek();
            }
            else if (c === CLOSE_BRACE) {
                this.pos++;
                return out;
            }
            else
                this.fail("expected ',' or '}'");
        }
    }
    /** One value per `field`, or undefined (value skipped) when it has another type. */
    pickValue(field) {
        const c = this.peek();
        switch (field.kind) {
            case 'string':
                if (c === QUOTE)
                    return field.intern ? this.readCommonString() : this.readString();
                break;
            case 'boolean':
                if (c === 116) {
                    this.literal('true');
                    return true;
                }
                if (c === 102) {
                    this.literal('false');
                    return false;
                }
                break;
            case 'raw': {
                if (c === 110) {
                    this.literal('null');
                    return null;
                }
                const start = this.pos;
                this.skipValue();
                return new RawJson(this.text.slice(start, this.pos));
            }
            case 'object':
                if (c === OPEN_BRACE)
                    return field.intern
                        ? this.pickInterned(field.fields)
                        : this.pickObject(field.fields);
                break;
            case 'objects':
            case 'records':
                if (c === OPEN_BRACKET)
                    return this.pickArray(field);
                break;
        }
        this.skipValue();
        return undefined;
    }
    /**
     * pickValue for a value the record index already validated and measured ([start, end), `escaped`: a string
     * with an escape): strings, literals and `raw` are taken from their span without reading them again; objects
     * and arrays are picked as usual.
     */
    pickSpan(field, start, end, escaped) {
        const t = this.text;
        const c = t.charCodeAt(start);
        switch (field.kind) {
            case 'string':
                if (c !== QUOTE)
                    return undefined;
                if (escaped)
                    return JSON.parse(t.slice(start, end));
                return field.intern ? this.commonString(start + 1, end - 1) : t.slice(start + 1, end - 1);
            case 'boolean':
                return c === 116 ? true : c === 102 ? false : undefined;
            case 'raw':
                return c === 110 ? null : new RawJson(t.slice(start, end));
            default:
                this.pos = start;
                return this.pickValue(field);
        }
    }
    /** The character code at `at` (NaN past the end). */
    charAt(at) {
        return this.text.charCodeAt(at);
    }
    /**
     * A value seen before is recognized by its text: a fingerprint of its first 128 characters finds candidates,
     * and a candidate matches when the text here starts with it. A JSON object ends at its own closing brace, so
     * a text that starts with a complete, already validated object holds exactly that object: the scanner jumps
     * over it without reading it again. On a miss the object is picked normally and remembered.
     */
    pickInterned(spec) {
        const t = this.text;
        const start = this.pos;
        let fingerprint = 0;
        for (let i = 0; i < 128; i += 2)
            fingerprint = (Math.imul(fingerprint, 31) + t.charCodeAt(start + i)) | 0;
        const candidates = this.interned.get(fingerprint);
        if (candidates !== undefined)
            for (const candidate of candidates)
                // slice + === compares like memcmp; startsWith goes character by character.
                if (t.slice(start, start + candidate.text.length) === candidate.text &&
                    start + candidate.text.length <= this.end) {
                    this.pos = start + candidate.text.length;
                    return candidate.value;
                }
        const value = this.pickObject(spec);
        // Bounded: a file with more distinct identities than this just stops sharing.
        if (this.internedCount < MAX_INTERNED) {
            this.internedCount++;
            const entry = { text: t.slice(start, this.pos), value };
            if (candidates === undefined)
                this.interned.set(fingerprint, [entry]);
            else
                candidates.push(entry);
        }
        return value;
    }
    pickArray(field) {
        const spec = field.fields;
        const keepGaps = field.kind === 'records';
        const out = [];
        this.pos++;
        let c = this.peek();
        if (c === CLOSE_BRACKET) {
            this.pos++;
            return out;
        }
        for (;;) {
            if (keepGaps)
                this.recordIndex = out.length;
            if (c === OPEN_BRACE)
                out.push(this.pickObject(spec));
            else {
                this.skipValue();
                if (keepGaps)
                    out.push(undefined);
            }
            c = this.peek();
            if (c === COMMA) {
                this.pos++;
                c = this.peek();
            }
            else if (c === CLOSE_BRACKET) {
                this.pos++;
                return out;
            }
            else
                this.fail("expected ',' or ']'");
        }
    }
}

;// CONCATENATED MODULE: ./src/core/cloudtrail/scan.ts



const ARRAY_OF_LOG_VALUES = { kind: 'records', fields: LOG_VALUE_SPEC };
const NOT_CLOUDTRAIL = 'not a CloudTrail log: expected {"Records": [...]}, a JSON array of records, one record per line, or lookup-events output';
/** Collects records (or hands them to a sink) and problems, numbering every entry of the file in order. */
class Collector {
    sink;
    records = [];
    problems = [];
    index = 0;
    constructor(sink) {
        this.sink = sink;
    }
    add(picked, context = '') {
        const verdict = toCloudTrailRecord(picked);
        if ('record' in verdict) {
            if (this.sink)
                this.sink(verdict.record);
            else
                this.records.push(verdict.record);
        }
        else
            this.problems.push({ recordIndex: this.index, reason: context + verdict.reason });
        this.index++;
    }
    reject(reason) {
        this.problems.push({ recordIndex: this.index, reason });
        this.index++;
    }
}
function scanCloudTrailText(input, options = {}) {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.trim() === '')
        return { records: [], problems: [{ reason: 'file is empty' }] };
    if (!options.jsonLines) {
        const scanner = new JsonScanner(text);
        if (options.controlFree)
            scanner.assumeNoControlCharacters();
        try {
            const values = readLogValues(scanner);
            if (scanner.peek() === -1) {
                const out = new Collector();
                if (!expandDocument(values, out))
                    return { records: [], problems: [{ reason: NOT_CLOUDTRAIL }] };
                return out;
            }
        }
        catch {
            // Invalid JSON, or a limit of the scanner (e.g. nesting deeper than the stack): JSON.parse decides below.
        }
        if (!looksLikeJsonLines(text))
            return parseDocumentReference(text, scanner.recordIndex);
    }
    return scanLines(text);
}
/**
 * Characters decoded at a time by scanCloudTrailAscii: small strings are cheap, large ones are not (see there).
 * Measured on the bench corpus: 32 KiB kept peak memory ~10 MB lower than 64 KiB at the same speed.
 */
const ASCII_WINDOW = 32 * 1024;
/**
 * Like scanCloudTrailText, for a text the caller knows is ASCII, handed over as bytes and a way to decode a
 * range of them (Latin-1: one byte, one character). A trail file (`{"Records":[...]}`) is then read through
 * small decoded windows instead of one string of the whole file: V8 places a string of a few hundred KB in
 * freshly mapped memory, and paying the page faults for every file cost more than the rest of the decoding.
 * A window is also all that a record's strings keep alive.
 *
 * Any other shape, and anything the window reader does not accept, goes to scanCloudTrailText with the whole
 * text, so the result is always exactly scanCloudTrailText's. Trail files are first offered to the record index
 * (scanTrailBytes); this is the reader for what it refuses.
 */
function scanCloudTrailAscii(bytes, decode, options = {}) {
    const arrayStart = options.jsonLines ? -1 : recordsArrayStart(bytes);
    if (arrayStart >= 0) {
        const windowChars = options.windowChars ?? ASCII_WINDOW;
        const read = scanRecordsInWindows(bytes, arrayStart, decode, windowChars, options);
        if (read !== undefined)
            return { records: read.records, problems: read.problems, streamed: !!options.onRecord };
    }
    const whole = scanCloudTrailText(decode(0, bytes.length), options);
    return { records: whole.records, problems: whole.problems, streamed: false };
}
function skipWhitespace(bytes, from) {
    let i = from;
    for (;;) {
        const c = bytes[i];
        if (c === 32 || c === 10 || c === 13 || c === 9)
            i++;
        else
            return i;
    }
}
const RECORDS_KEY = '"Records"';
/** Index after `{ "Records" : [` (whitespace allowed), or -1 when the document does not start that way. */
function recordsArrayStart(bytes) {
    let i = skipWhitespace(bytes, 0);
    if (bytes[i] !== 123)
        return -1;
    i = skipWhitespace(bytes, i + 1);
    for (let k = 0; k < RECORDS_KEY.length; k++)
        if (bytes[i + k] !== RECORDS_KEY.charCodeAt(k))
            return -1;
    i = skipWhitespace(bytes, i + RECORDS_KEY.length);
    if (bytes[i] !== 58)
        return -1;
    i = skipWhitespace(bytes, i + 1);
    return bytes[i] === 91 ? i + 1 : -1;
}
/**
 * `{"Records":[...]}` and nothing else, record by record. A record is taken only once the `,` or `]` after it
 * is inside the same window (a number cut by the window's end would otherwise pass for a shorter one). When
 * the window ends first (a record longer than the margin), or the scanner rejects something, the record is
 * read again from a window that starts at it, doubling in size while that is still not enough. A rejection in
 * a window that reaches the end of the file is a real one: undefined hands the file to the whole-text path,
 * for JSON.parse's verdict.
 */
function scanRecordsInWindows(bytes, arrayStart, decode, windowChars, { controlFree, onRecord }) {
    const n = bytes.length;
    let pos = arrayStart;
    const out = new Collector(onRecord);
    const interned = new Map();
    let base = 0;
    let end = 0;
    let scanner;
    const open = (from, size) => {
        base = from;
        end = Math.min(n, from + Math.max(1, size));
        const opened = new JsonScanner(decode(from, end), interned);
        if (controlFree)
            opened.assumeNoControlCharacters();
        return opened;
    };
    // A record is read from the current window only while an eighth of it is left (4 KiB, a few records):
    // re-decoding that much is cheaper than the exception a record cut by the window's end costs.
    const margin = windowChars >>> 3;
    let first = true;
    for (;;) {
        if (scanner === undefined || (end - pos < margin && end < n))
            scanner = open(pos, windowChars);
        let picked;
        let c;
        try {
            scanner.pos = pos - base;
            c = scanner.peek();
            if (c === -1)
                throw new ScanError('window ended', scanner.pos);
            if (first && c === 93) {
                pos = base + scanner.pos + 1;
                break;
            }
            scanner.recordIndex = out.index;
            if (c === 123)
                picked = scanner.pickObject(RECORD_SPEC);
            else {
                scanner.skipValue();
                picked = undefined;
            }
            c = scanner.peek();
            if (c !== 44 && c !== 93)
                scanner.fail("expected ',' or ']'");
        }
        catch {
            if (end >= n)
                return undefined;
            // Started at this record already and still too small: double; otherwise a fresh window from the record.
            scanner = open(pos, pos === base ? (end - base) * 2 : windowChars);
            continue;
        }
        out.add(picked);
        first = false;
        pos = base + scanner.pos + 1;
        if (c === 93)
            break;
    }
    return endsAfterRecords(bytes, pos) ? out : undefined;
}
/** Only `}` and whitespace after the Records array, as the `{"Records":[...]}` shape requires. */
function endsAfterRecords(bytes, arrayEnd) {
    const pos = skipWhitespace(bytes, arrayEnd);
    return bytes[pos] === 125 && skipWhitespace(bytes, pos + 1) === bytes.length;
}
/**
 * scanRecordsInWindows with the record index: WebAssembly validates the array and finds each record and its
 * wanted values; JavaScript decodes windows of whole records and builds only those values. Undefined when the
 * index cannot read the text (see scanTrailBytes).
 */
function scanIndexedRecords(bytes, arrayStart, decode, windowChars, onRecord, index) {
    if (!index.begin(bytes, arrayStart))
        return undefined;
    const { fields, spec, interning, strings, parametersField } = index;
    const values = new Array(fields.length);
    const objects = new Map();
    const out = new Collector(onRecord);
    const interned = new Map();
    const n = bytes.length;
    let scanner;
    let base = 0;
    let end = 0;
    try {
        for (let words = index.next(); words !== 0; words = index.next()) {
            if (words < 0)
                return undefined;
            const tape = index.tape;
            for (let w = 0; w < words;) {
                const start = tape[w];
                const stop = tape[w + 1];
                const info = tape[w + 2];
                w += 3;
                if (scanner === undefined || stop > end) {
                    base = start;
                    end = Math.min(n, Math.max(stop, start + windowChars));
                    scanner = new JsonScanner(decode(base, end), interned);
                    scanner.assumeNoControlCharacters(); // the index checked every string
                }
                const pairs = info & 0xffffff;
                const kind = info >>> 24;
                let picked;
                if (kind === ITEM_OBJECT) {
                    values.fill(undefined);
                    let parameters;
                    // In document order, duplicates included: the last one wins, and one of the wrong type removes the field.
                    for (const last = w + 3 * pairs; w < last; w += 3) {
                        const word = tape[w];
                        const f = word & 255;
                        if (f >= PARAMETER_FIELDS) {
                            // A key of the request parameters just before: they are an object read by key, or it is ignored.
                            const valueStart = tape[w + 1] - base;
                            parameters?.set(f - PARAMETER_FIELDS, valueStart, tape[w + 2] - base, (word & 256) !== 0);
                            continue;
                        }
                        if (f === parametersField) {
                            const valueStart = tape[w + 1] - base;
                            const valueEnd = tape[w + 2] - base;
                            // An object whose keys the index could all match (bit 8 clear) is read by key; anything else is parsed.
                            parameters =
                                (word & 256) === 0 && scanner.charAt(valueStart) === 123
                                    ? new IndexedParameters(scanner.text, valueStart, valueEnd)
                                    : undefined;
                            values[f] = parameters ?? scanner.pickSpan(fields[f], valueStart, valueEnd, false);
                            continue;
                        }
                        const id = word >>> 9;
                        const internKind = id === 0 ? INTERN_NONE : interning[f];
                        let value = internKind === INTERN_STRING ? strings[id] : internKind === INTERN_OBJECT ? objects.get(id) : undefined;
                        if (value === undefined) {
                            const field = fields[f];
                            const valueStart = tape[w + 1] - base;
                            const valueEnd = tape[w + 2] - base;
                            if (internKind === INTERN_STRING) {
                                // The index interns only strings without an escape.
                                value = strings[id] = scanner.pickSpan(field, valueStart, valueEnd, false);
                            }
                            else if (internKind === INTERN_OBJECT) {
                                // The index already matched equal texts: no need for the scanner's own interning (pickInterned).
                                scanner.pos = valueStart;
                                value = scanner.pickObject(field.fields);
                                objects.set(id, value);
                            }
                            else
                                value = scanner.pickSpan(field, valueStart, valueEnd, (word & 256) !== 0);
                        }
                        values[f] = value;
                    }
                    picked = pickedFromSpecOrder(values);
                }
                else {
                    w += 3 * pairs;
                    if (kind === ITEM_OTHER)
                        picked = undefined;
                    else if (kind === ITEM_ESCAPED_KEY) {
                        scanner.pos = start - base;
                        picked = scanner.pickObject(spec);
                    }
                    else if (kind === ITEM_NON_ASCII) {
                        // Throws for bytes that are not UTF-8: the whole file is then read (and rejected) another way.
                        const item = new JsonScanner(utf8.decode(bytes.subarray(start, stop)), interned);
                        item.assumeNoControlCharacters();
                        picked = item.peek() === 123 ? item.pickObject(spec) : undefined;
                    }
                    else
                        throw new Error(`record index: unknown item kind ${kind}`);
                }
                out.add(picked);
            }
        }
    }
    catch {
        // A record that is not UTF-8; anything else is not expected on text the index validated. Either way, the
        // other readers decide.
        return undefined;
    }
    return endsAfterRecords(bytes, index.arrayEnd()) ? out : undefined;
}
// Fatal: a file that is not UTF-8 is rejected as a whole, never read with U+FFFD in place of its bytes.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/**
 * A `{"Records":[...]}` file's bytes, UTF-8 but not known to be ASCII, read by the record index: records with a
 * byte >= 0x80 are decoded as UTF-8 one by one, the others as scanCloudTrailAscii reads them, so the file needs
 * no pass of its own to learn whether it is ASCII. Undefined when the index cannot read it (another shape, too
 * large, invalid JSON, not UTF-8): the caller then decodes and reads it the usual way, and drops whatever
 * `onRecord` received.
 */
function scanTrailBytes(bytes, decode, options = {}) {
    const arrayStart = recordsArrayStart(bytes);
    const index = RecordIndex.for(RECORD_SPEC);
    if (arrayStart < 0 || index === null)
        return undefined;
    const { onRecord, windowChars = ASCII_WINDOW } = options;
    const read = scanIndexedRecords(bytes, arrayStart, decode, windowChars, onRecord, index);
    return read ? { records: read.records, problems: read.problems, streamed: !!onRecord } : undefined;
}
/** The top-level value at the scanner: one object, or each item of an array. */
function readLogValues(scanner) {
    const c = scanner.peek();
    if (c === 123)
        return [scanner.pickObject(LOG_VALUE_SPEC)];
    if (c === 91)
        return scanner.pickValue(ARRAY_OF_LOG_VALUES);
    scanner.skipValue();
    return [undefined];
}
/** Whole-document shapes; false when the text is valid JSON but no CloudTrail shape at all (`{"foo": 1}`). */
function expandDocument(values, out) {
    const [first] = values;
    if (values.length === 1 && !isLogValue(first))
        return false;
    for (const value of values)
        expandValue(value, out);
    return true;
}
function isLogValue(value) {
    if (value === undefined)
        return false;
    return (Array.isArray(value.Records) ||
        value.Events !== undefined ||
        typeof value.CloudTrailEvent === 'string' ||
        RECORD_KEYS.some((k) => value[k] !== undefined));
}
const RECORD_KEYS = ['eventTime', 'eventSource', 'eventName', 'eventVersion', 'eventID', 'userIdentity'];
function expandValue(value, out) {
    if (value !== undefined && Array.isArray(value.Records)) {
        for (const record of value.Records)
            out.add(record);
        return;
    }
    if (value !== undefined && value.Events !== undefined) {
        const events = value.Events instanceof RawJson ? JSON.parse(value.Events.text) : value.Events;
        if (!Array.isArray(events)) {
            out.reject('"Events" is not an array of lookup-events results');
            return;
        }
        for (const event of events)
            expandLookupEvent(pickFields(event, LOG_VALUE_SPEC), out);
        return;
    }
    expandLookupEvent(value, out);
}
/** LookupEvents wraps each record as a JSON string in `CloudTrailEvent`; anything else is a record itself. */
function expandLookupEvent(value, out) {
    if (value === undefined || typeof value.CloudTrailEvent !== 'string') {
        out.add(value);
        return;
    }
    let inner;
    try {
        inner = JSON.parse(value.CloudTrailEvent);
    }
    catch (error) {
        out.reject(`CloudTrailEvent is not valid JSON: ${messageOf(error)}`);
        return;
    }
    out.add(pickFields(inner, RECORD_SPEC), 'CloudTrailEvent: ');
}
/** The reference path: what a plain `JSON.parse` reader produces. Also the fallback when the scanner gives up. */
function parseCloudTrailTextReference(input, options = {}) {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.trim() === '')
        return { records: [], problems: [{ reason: 'file is empty' }] };
    if (!options.jsonLines) {
        try {
            return fromParsed(JSON.parse(text));
        }
        catch (error) {
            if (!looksLikeJsonLines(text))
                return { records: [], problems: [{ reason: `invalid JSON: ${messageOf(error)}` }] };
        }
    }
    const out = new Collector();
    forEachLine(text, (line, lineNo) => {
        let parsed;
        try {
            parsed = JSON.parse(line);
        }
        catch (error) {
            out.reject(`line ${lineNo}: invalid JSON: ${messageOf(error)}`);
            return;
        }
        expandLine(valuesOf(parsed), lineNo, out);
    });
    return out;
}
function valuesOf(parsed) {
    return Array.isArray(parsed)
        ? parsed.map((item) => pickFields(item, LOG_VALUE_SPEC))
        : [pickFields(parsed, LOG_VALUE_SPEC)];
}
function fromParsed(parsed) {
    const out = new Collector();
    if (!expandDocument(valuesOf(parsed), out))
        return { records: [], problems: [{ reason: NOT_CLOUDTRAIL }] };
    return out;
}
function expandLine(values, lineNo, out) {
    if (values.length === 1 && !isLogValue(values[0]))
        out.reject(`line ${lineNo}: not a CloudTrail record`);
    else
        for (const value of values)
            expandValue(value, out);
}
function parseDocumentReference(text, recordIndex) {
    try {
        return fromParsed(JSON.parse(text));
    }
    catch (error) {
        const where = recordIndex >= 0 ? ` (while reading record ${recordIndex})` : '';
        return { records: [], problems: [{ reason: `invalid JSON: ${messageOf(error)}${where}` }] };
    }
}
function scanLines(text) {
    const out = new Collector();
    const interned = new Map();
    forEachLine(text, (line, lineNo) => {
        const scanner = new JsonScanner(line, interned);
        let values;
        try {
            values = readLogValues(scanner);
            if (scanner.peek() !== -1)
                scanner.fail('more than one JSON value on the line');
        }
        catch {
            let parsed;
            try {
                parsed = JSON.parse(line);
            }
            catch (error) {
                out.reject(`line ${lineNo}: invalid JSON: ${messageOf(error)}`);
                return;
            }
            expandLine(valuesOf(parsed), lineNo, out);
            return;
        }
        expandLine(values, lineNo, out);
    });
    return out;
}
function forEachLine(text, visit) {
    let start = 0;
    let lineNo = 1;
    while (start <= text.length) {
        let end = text.indexOf('\n', start);
        if (end === -1)
            end = text.length;
        const line = text.slice(start, end);
        if (line.trim() !== '')
            visit(line, lineNo);
        start = end + 1;
        lineNo++;
    }
}
/** JSON lines whose first line may be broken: some of the first lines are complete JSON values on their own. */
function looksLikeJsonLines(text) {
    const lines = text.split('\n', 4).filter((l) => l.trim() !== '');
    if (lines.length < 2)
        return false;
    return lines.slice(0, 3).some((line) => {
        try {
            const value = JSON.parse(line);
            return typeof value === 'object' && value !== null;
        }
        catch {
            return false;
        }
    });
}
function messageOf(error) {
    // Duck-typed: under test runners, JSON.parse's SyntaxError may come from another realm.
    const message = error?.message;
    return typeof message === 'string' ? message : String(error);
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/sources/local/log-files.ts
/**
 * Which files under the paths the user gave are CloudTrail logs. Directories are walked recursively in sorted
 * order, so the same tree always gives the same file list (and the same rejection order).
 */


const LOG_EXTENSIONS = (/* unused pure expression or super */ null && (['.json', '.json.gz', '.jsonl', '.jsonl.gz', '.ndjson', '.ndjson.gz']));
/** Digest files (`AWSLogs/<acct>/CloudTrail-Digest/...`) prove integrity; they hold no events. */
function isDigestFile(path) {
    return path.includes('CloudTrail-Digest') || path.includes('_CloudTrail-Digest_');
}
function isJsonLinesFile(path) {
    return /\.(jsonl|ndjson)(\.gz)?$/i.test(path);
}
function hasLogExtension(path) {
    const lower = path.toLowerCase();
    return LOG_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
async function listLogFiles(paths) {
    const files = [];
    const skipped = [];
    const problems = [];
    const seenDirs = new Set();
    const seenFiles = new Set();
    const addFile = (path, explicit) => {
        if (seenFiles.has(path))
            return;
        seenFiles.add(path);
        if (isDigestFile(path) || (!explicit && !hasLogExtension(path)))
            skipped.push(path);
        else
            files.push(path);
    };
    const walk = async (dir) => {
        let real;
        let entries;
        try {
            real = await realpath(dir);
            if (seenDirs.has(real))
                return; // a symlink loop, or the same folder given twice
            seenDirs.add(real);
            entries = await readdir(dir, { withFileTypes: true });
        }
        catch (error) {
            problems.push({ file: dir, reason: `could not list the folder: ${log_files_messageOf(error)}` });
            return;
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
            const path = join(dir, entry.name);
            let isDir = entry.isDirectory();
            let isFile = entry.isFile();
            if (entry.isSymbolicLink()) {
                try {
                    const target = await stat(path);
                    isDir = target.isDirectory();
                    isFile = target.isFile();
                }
                catch (error) {
                    problems.push({ file: path, reason: `broken symbolic link: ${log_files_messageOf(error)}` });
                    continue;
                }
            }
            if (isDir)
                await walk(path);
            else if (isFile)
                addFile(path, false);
        }
    };
    for (const path of paths) {
        let info;
        try {
            info = await stat(path);
        }
        catch (error) {
            problems.push({ file: path, reason: `cannot read: ${log_files_messageOf(error)}` });
            continue;
        }
        if (info.isDirectory())
            await walk(path);
        else
            addFile(path, true);
    }
    return { files, skipped, problems };
}
function log_files_messageOf(error) {
    // Duck-typed: fs errors can come from another realm under test runners.
    const message = error?.message;
    return typeof message === 'string' ? message : String(error);
}

;// CONCATENATED MODULE: ./src/sources/local/log-text.ts
/**
 * One log file's bytes → text → records into an accumulator. A file never throws: whatever is wrong with it
 * (truncated gzip, not UTF-8, invalid JSON, bad records) becomes rejections, and the other files still count.
 * Trail files (`{"Records":[...]}`, every file CloudTrail writes to S3) are read from their bytes by the record
 * index, which also finds the few records holding non-ASCII text, decoded alone as UTF-8 (scanTrailBytes). Other
 * files, and any the index cannot read, are decoded first; ASCII ones still skip UTF-8 decoding and are scanned a
 * small decoded window at a time (scanCloudTrailAscii).
 */




// Fatal: a non-UTF-8 byte rejects the file instead of turning into U+FFFD inside an ARN.
const log_text_utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Larger output chunks than zlib's 16 KiB default: fewer copies for multi-megabyte CloudTrail files.
const GUNZIP_OPTIONS = { chunkSize: 1 << 20 };
function isGzip(bytes) {
    return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
/** The message of anything thrown (duck-typed: errors from node internals may come from another realm). */
function describe(error) {
    const message = error?.message;
    return typeof message === 'string' ? message : String(error);
}
/** Bytes → text to scan (ASCII stays bytes), or why they are not UTF-8 text. */
function decodeLogText(bytes) {
    const classes = classifyBytes(bytes);
    // ASCII: Latin-1 decoding (one byte, one character) is exact and needs no validation.
    if (classes.ascii)
        return { ascii: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), controlFree: classes.controlFree };
    try {
        return { text: log_text_utf8.decode(bytes) };
    }
    catch {
        return { reason: 'not UTF-8 text (CloudTrail logs are UTF-8 JSON)' };
    }
}
/** Gzip is recognized by its magic bytes, not the name: `aws s3 sync` keeps `.gz`, other tools do not. */
function decodeLogBytes(bytes) {
    if (!isGzip(bytes))
        return undecoded(bytes);
    let plain;
    try {
        plain = (0,external_node_zlib_namespaceObject.gunzipSync)(bytes, GUNZIP_OPTIONS);
    }
    catch (error) {
        return { reason: `truncated or corrupt gzip: ${describe(error)}` };
    }
    return undecoded(plain);
}
function undecoded(bytes) {
    return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
/** Same as decodeLogBytes, with the gunzip on libuv's thread pool so it overlaps scanning the previous file. */
async function decodeLogBytesAsync(bytes) {
    if (!isGzip(bytes))
        return undecoded(bytes);
    // A tagged result, not `instanceof Error`: zlib's errors come from another realm under test runners.
    const plain = await new Promise((resolve) => gunzip(bytes, GUNZIP_OPTIONS, (error, result) => resolve(error ? { error } : { bytes: result })));
    if ('error' in plain)
        return { reason: `truncated or corrupt gzip: ${describe(plain.error)}` };
    return undecoded(plain.bytes);
}
/**
 * Records of one file into the accumulator. A trail file read window by window is streamed into a fresh
 * accumulator for this file, folded in at the end: its records die young (scanned, added, garbage), instead of
 * all living until the file is done, which kept each worker's heap growing. If the file turns out to need the
 * whole-text path after all (invalid JSON at its end, an odd shape), that accumulator is simply dropped, so no
 * record is counted twice or counted from a file that is rejected.
 */
function accumulateLogText(file, content, accumulator) {
    const jsonLines = isJsonLinesFile(file);
    let decoded = content;
    if ('bytes' in decoded) {
        if (!jsonLines) {
            const outcome = accumulateTrailBytes(file, decoded.bytes, accumulator);
            if (outcome !== undefined)
                return outcome;
        }
        decoded = decodeLogText(decoded.bytes);
    }
    if ('reason' in decoded)
        return { records: 0, rejections: [{ file, reason: decoded.reason }] };
    let scanned;
    try {
        if ('text' in decoded)
            scanned = scanCloudTrailText(decoded.text, { jsonLines });
        else {
            const bytes = decoded.ascii;
            const forFile = accumulator.fork();
            const streamed = addRecords(file, forFile);
            const ascii = scanCloudTrailAscii(bytes, latin1Of(bytes), {
                jsonLines,
                controlFree: decoded.controlFree,
                onRecord: streamed.add,
            });
            if (ascii.streamed) {
                accumulator.absorb(forFile);
                return { records: streamed.records(), rejections: [...problemsOf(file, ascii), ...streamed.rejections] };
            }
            scanned = ascii;
        }
    }
    catch (error) {
        // The scanner is total by design; if it ever is not, the file is rejected rather than the run aborted.
        return { records: 0, rejections: [{ file, reason: `could not read: ${describe(error)}` }] };
    }
    const added = addRecords(file, accumulator);
    for (const record of scanned.records)
        added.add(record);
    return { records: added.records(), rejections: [...problemsOf(file, scanned), ...added.rejections] };
}
/**
 * A trail file's bytes through the record index (scanTrailBytes), into an accumulator of its own that is folded in
 * only when the whole file was read; undefined when the index could not read it, and nothing is kept.
 */
function accumulateTrailBytes(file, bytes, accumulator) {
    const forFile = accumulator.fork();
    const streamed = addRecords(file, forFile);
    let scanned;
    try {
        scanned = scanTrailBytes(bytes, latin1Of(bytes), { onRecord: streamed.add });
    }
    catch {
        // Not expected (the reader catches what it can meet); the other readers decide.
        return undefined;
    }
    if (scanned === undefined)
        return undefined;
    accumulator.absorb(forFile);
    return { records: streamed.records(), rejections: [...problemsOf(file, scanned), ...streamed.rejections] };
}
/** Decodes a range of bytes one byte, one character: exact for the ASCII ranges the readers decode this way. */
function latin1Of(bytes) {
    return (start, end) => bytes.toString('latin1', start, end);
}
function problemsOf(file, scanned) {
    return scanned.problems.map((p) => ({ file, ...p }));
}
/** Adds records one by one; a record the accumulator cannot use becomes a rejection, not an aborted file. */
function addRecords(file, accumulator) {
    const rejections = [];
    let records = 0;
    return {
        rejections,
        records: () => records,
        add: (record) => {
            try {
                accumulator.add(record);
                records++;
            }
            catch (error) {
                // e.g. requestParameters that are parsed lazily; one odd record must not cost the whole run.
                rejections.push({
                    file,
                    reason: `record ${record.eventID ? `${record.eventID} ` : ''}at ${record.eventTime} could not be used: ${describe(error)}`,
                });
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/sources/local/scan-worker-protocol.ts
/** Messages between readLocalUsage and its worker threads (structured-clone safe: plain data only). */

/** The principal filter both sides build from `principalArns`, so workers filter exactly as in-process reading. */
function principalArnFilter(requested) {
    return (principalArn) => requested.some((arn) => principalMatches(arn, principalArn));
}

;// CONCATENATED MODULE: ./src/sources/local/scan-worker.ts
/**
 * Worker-thread entry (bundled as dist/scan-worker.js): reads, scans and accumulates the files it is handed,
 * asks for more, and posts its snapshot when told to finish. Reads synchronously: the thread is its own.
 */





const port = external_node_worker_threads_namespaceObject.parentPort;
if (port === null)
    throw new Error('scan-worker must run as a worker thread (node:worker_threads)');
const options = (external_node_worker_threads_namespaceObject.workerData ?? {});
const accumulator = new UsageAccumulator({
    ...(options.maxResourcesPerCall === undefined ? {} : { maxResourcesPerCall: options.maxResourcesPerCall }),
    ...(options.principalArns ? { principalFilter: principalArnFilter(options.principalArns) } : {}),
    ...(options.window ? { window: options.window } : {}),
});
const rejections = [];
const reply = (message) => port.postMessage(message);
/** Reads one file into the accumulator; returns records accepted and bytes read. */
function readOne(file) {
    let bytes = 0;
    let decoded;
    try {
        const raw = (0,external_node_fs_namespaceObject.readFileSync)(file);
        bytes = raw.length;
        decoded = decodeLogBytes(raw);
    }
    catch (error) {
        decoded = { reason: `cannot read: ${describe(error)}` };
    }
    const outcome = accumulateLogText(file, decoded, accumulator);
    rejections.push(...outcome.rejections);
    return { records: outcome.records, bytes };
}
port.on('message', (request) => {
    if (request.type === 'files') {
        let records = 0;
        let bytes = 0;
        for (const file of request.files) {
            const one = readOne(file);
            records += one.records;
            bytes += one.bytes;
        }
        reply({ type: 'need', files: request.files.length, records, bytes });
    }
    else {
        reply({ type: 'done', snapshot: accumulator.snapshot(), rejections });
        port.close();
    }
});
reply({ type: 'need', files: 0, records: 0, bytes: 0 });

