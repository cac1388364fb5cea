/**
 * Resource ARNs a call touched: `resources[]` plus the well-known request parameters that name a resource
 * (bucket + key, table, function, queue…). Request parameters are untrusted, service-specific JSON: only strings
 * are read, lengths and counts are capped, and an odd shape yields nothing rather than an exception.
 */
import { withoutVersionSuffix } from './mapping/operation-name.js';
import type { CloudTrailRecord } from './record.js';
import { IndexedParameters, NOT_INDEXED, parametersForLookup } from './scan-record.js';

/** Where a call happened, for turning names into ARNs. */
export interface CallContext {
  readonly partition: string;
  /** Account the call was made in (the resource owner for names without an account). */
  readonly accountId: string | undefined;
  readonly region: string | undefined;
}

const MAX_ARN = 2048;
const MAX_VALUES = 100;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,4}$/;

function partitionOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  if (arn.startsWith('arn:aws:')) return 'aws'; // per record: the common partition without a regex
  return /^arn:(aws(?:-[a-z]+)*):/.exec(arn)?.[1];
}

/**
 * Verdicts of a pattern on the few distinct Regions and accounts a log holds, so a record costs a lookup (the
 * scanner hands out one shared string per distinct value, with its hash already known) instead of a regex.
 * Bounded: hostile input only stops the memo from growing.
 */
function memoTest(pattern: RegExp): (value: string) => boolean {
  const verdicts = new Map<string, boolean>();
  return (value) => {
    let verdict = verdicts.get(value);
    if (verdict === undefined) {
      verdict = pattern.test(value);
      if (verdicts.size < 4096) verdicts.set(` ${value}`.slice(1), verdict);
    }
    return verdict;
  };
}

const isRegion = memoTest(REGION);
const isAccount = memoTest(ACCOUNT);

function partitionOfRegion(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  if (region?.startsWith('us-isob-')) return 'aws-iso-b';
  if (region?.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** Partition from the caller's ARN (then the Region), account from the recipient (then the caller). */
export function callContextOf(record: CloudTrailRecord): CallContext {
  const identity =
    typeof record.userIdentity === 'object' && record.userIdentity !== null ? record.userIdentity : undefined;
  const region = typeof record.awsRegion === 'string' && isRegion(record.awsRegion) ? record.awsRegion : undefined;
  const partition =
    partitionOfArn(identity?.arn) ??
    partitionOfArn(identity?.sessionContext?.sessionIssuer?.arn) ??
    partitionOfRegion(region);
  const recipient = record.recipientAccountId;
  const caller = identity?.accountId;
  const accountId =
    typeof recipient === 'string' && isAccount(recipient)
      ? recipient
      : typeof caller === 'string' && isAccount(caller)
        ? caller
        : undefined;
  return { partition, accountId, region };
}

/** Key lookup that tolerates the casing differences between services' CloudTrail request parameters. */
function field(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  if (obj instanceof IndexedParameters) {
    const value = obj.get(key);
    if (value !== NOT_INDEXED) return value;
    return field(JSON.parse(obj.text), key);
  }
  const record = obj as Record<string, unknown>;
  if (Object.hasOwn(record, key)) return record[key];
  // Most misses are keys that are simply absent (every S3 call asks for x-amz-copy-source): compare lengths
  // first so nothing is lower-cased or allocated for them. for…in visits own keys in Object.keys order.
  const length = key.length;
  let lower: string | undefined;
  for (const k in record) {
    if (k.length !== length || !Object.hasOwn(record, k)) continue;
    lower ??= key.toLowerCase();
    if (k.toLowerCase() === lower) return record[k];
  }
  return undefined;
}

/**
 * Every string at a path of keys; `[]` steps into each item of an array. Non-strings, empty and over-long
 * strings are skipped; at most MAX_VALUES values come back.
 */
export function stringsAt(obj: unknown, path: readonly string[]): string[] {
  // Hot path: one plain key (bucketName, key, tableName…) needs none of the intermediate arrays.
  if (path.length === 1 && path[0] !== '[]') {
    const value = field(obj, path[0] as string);
    return typeof value === 'string' && value.length > 0 && value.length <= MAX_ARN ? [value] : [];
  }
  let current: unknown[] = [obj];
  for (const step of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step === '[]') {
        if (Array.isArray(value)) next.push(...value.slice(0, MAX_VALUES));
      } else {
        const child = field(value, step);
        if (child !== undefined) next.push(child);
      }
    }
    current = next.slice(0, MAX_VALUES);
  }
  return current.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ARN);
}

/**
 * The record's request parameters for `stringsAt`, or undefined when reading them fails (a lazily parsed raw
 * value). Not necessarily the parsed value: see parametersForLookup.
 */
export function requestParametersOf(record: CloudTrailRecord): unknown {
  try {
    return parametersForLookup(record);
  } catch {
    return undefined;
  }
}

const ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/s;

/** Control characters never belong in a name or ARN (they would corrupt reports and policies). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isArn(value: string): boolean {
  return value.length <= MAX_ARN && ARN.test(value) && !hasControlCharacter(value);
}

function regional(ctx: CallContext, service: string, resource: string): string | undefined {
  if (!ctx.region || !ctx.accountId) return undefined;
  const arn = `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
  return arn.length <= MAX_ARN ? arn : undefined;
}

const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;

function s3Resources(params: unknown, ctx: CallContext): string[] {
  const out: string[] = [];
  for (const bucket of stringsAt(params, ['bucketName'])) {
    if (!BUCKET.test(bucket)) continue;
    const keys = stringsAt(params, ['key']);
    // An object call is never scoped to its bucket: an unusable key yields nothing rather than the bucket ARN.
    if (keys.length === 0 && field(params, 'key') === undefined) out.push(`arn:${ctx.partition}:s3:::${bucket}`);
    // Keys may hold spaces and any printable character; control characters are refused.
    for (const key of keys) if (!hasControlCharacter(key)) out.push(`arn:${ctx.partition}:s3:::${bucket}/${key}`);
  }
  // CopyObject / UploadPartCopy name their source as `bucket/key[?versionId=…]`, sometimes URL-encoded.
  for (const source of stringsAt(params, ['x-amz-copy-source'])) {
    let decoded = source;
    try {
      decoded = decodeURIComponent(source);
    } catch {
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
function lambdaFunctionArns(params: unknown, ctx: CallContext): string[] {
  const qualifier = stringsAt(params, ['qualifier']).find((q) => /^[\w$-]{1,128}$/.test(q));
  const out: string[] = [];
  for (const value of stringsAt(params, ['functionName'])) {
    const m =
      /^(?:arn:(aws(?:-[a-z]+)*):lambda:([a-z0-9-]+):)?(?:(\d{12}):)?(?:function:)?([\w-]{1,140})(?::([\w$-]{1,128}))?$/.exec(
        value,
      );
    if (!m) continue;
    const [, partition, region, account, name, suffix] = m;
    const base = partition
      ? `arn:${partition}:lambda:${region}:${account}:function:${name}`
      : regional(account ? { ...ctx, accountId: account } : ctx, 'lambda', `function:${name}`);
    if (!base) continue;
    const q = suffix ?? qualifier;
    out.push(q ? `${base}:${q}` : base);
  }
  return out;
}

function sqsQueueArns(params: unknown, ctx: CallContext): string[] {
  return stringsAt(params, ['queueUrl']).flatMap((url) => {
    const m =
      /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|queue\.amazonaws\.com|([a-z0-9-]+)\.queue\.amazonaws\.com)\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)$/.exec(
        url,
      );
    if (!m) return [];
    const region = m[1] ?? m[2] ?? ctx.region;
    return region ? [`arn:${ctx.partition}:sqs:${region}:${m[3]}:${m[4]}`] : [];
  });
}

const KMS_ALIAS_OPERATIONS = new Set(['CreateAlias', 'DeleteAlias', 'UpdateAlias']);

/**
 * Key IDs become key ARNs. An alias used in a cryptographic call is not the resource IAM checks (the key is,
 * and CloudTrail lists it in `resources[]`), so alias ARNs come only from the alias operations.
 */
function kmsResources(params: unknown, ctx: CallContext, operation: string): string[] {
  const out: string[] = [];
  for (const path of [['keyId'], ['sourceKeyId'], ['destinationKeyId'], ['targetKeyId']]) {
    for (const id of stringsAt(params, path)) {
      if (isArn(id) && /:kms:/.test(id)) {
        if (!/:alias\//.test(id) || KMS_ALIAS_OPERATIONS.has(operation)) out.push(id);
      } else if (/^(mrk-)?[0-9a-f-]{32,36}$/.test(id)) {
        const arn = regional(ctx, 'kms', `key/${id}`);
        if (arn) out.push(arn);
      }
    }
  }
  if (KMS_ALIAS_OPERATIONS.has(operation)) {
    for (const alias of stringsAt(params, ['aliasName'])) {
      if (!/^alias\/[\w/-]{1,250}$/.test(alias)) continue;
      const arn = regional(ctx, 'kms', alias);
      if (arn) out.push(arn);
    }
  }
  return out;
}

/**
 * A secret's ARN ends in a random six-character suffix that a name does not carry; `-??????` is the form AWS
 * documents for policies that name a secret without knowing the suffix.
 */
function secretArns(params: unknown, ctx: CallContext): string[] {
  return stringsAt(params, ['secretId']).flatMap((id) => {
    if (isArn(id)) return /:secretsmanager:/.test(id) ? [id] : [];
    if (!/^[\w/+=.@-]{1,512}$/.test(id)) return [];
    const arn = regional(ctx, 'secretsmanager', `secret:${id}-??????`);
    return arn ? [arn] : [];
  });
}

function ssmResources(params: unknown, ctx: CallContext, operation: string): string[] {
  const out: string[] = [];
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
      if (!/^\/?[\w.\-/]{1,2048}$/.test(name)) continue;
      const arn = regional(ctx, 'ssm', `parameter/${name.replace(/^\//, '')}`);
      if (arn) out.push(arn);
    }
  }
  return out;
}

function logsResources(params: unknown, ctx: CallContext): string[] {
  const out: string[] = [];
  const streams = stringsAt(params, ['logStreamName']).filter((s) => /^[^:*\s]{1,512}$/.test(s));
  for (const group of stringsAt(params, ['logGroupName'])) {
    if (!/^[\w.\-/#]{1,512}$/.test(group)) continue;
    const arn = regional(ctx, 'logs', `log-group:${group}`);
    if (!arn) continue;
    out.push(arn);
    for (const stream of streams) out.push(`${arn}:log-stream:${stream}`);
  }
  return out;
}

const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

function iamResources(params: unknown, ctx: CallContext): string[] {
  const out: string[] = [];
  const account = ctx.accountId;
  for (const path of [['roleArn'], ['policyArn'], ['userArn'], ['groupArn']]) {
    for (const arn of stringsAt(params, path)) if (isArn(arn) && /:iam::/.test(arn)) out.push(arn);
  }
  if (!account) return out;
  // A bare name does not carry the path; the ARN is written as IAM would for the root path.
  const named: readonly [string, string][] = [
    ['roleName', 'role'],
    ['userName', 'user'],
    ['groupName', 'group'],
    ['instanceProfileName', 'instance-profile'],
  ];
  for (const [key, kind] of named) {
    for (const name of stringsAt(params, [key])) {
      if (IAM_NAME.test(name)) out.push(`arn:${ctx.partition}:iam::${account}:${kind}/${name}`);
    }
  }
  return out;
}

function arnsAt(params: unknown, keys: readonly string[], service: string): string[] {
  return keys.flatMap((k) => stringsAt(params, [k])).filter((v) => isArn(v) && v.includes(`:${service}:`));
}

/** Per event source: the request parameters that name a resource, as ARNs. */
function requestResources(record: CloudTrailRecord, params: unknown, ctx: CallContext): string[] {
  // Only KMS, SSM and STS look at the operation; the others skip the regex (no closure: it costs per record).
  switch (record.eventSource) {
    case 's3.amazonaws.com':
      return s3Resources(params, ctx);
    case 'dynamodb.amazonaws.com':
      return stringsAt(params, ['tableName']).flatMap((t) => {
        if (isArn(t)) return /:dynamodb:/.test(t) ? [t] : [];
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
export function resourcesOf(record: CloudTrailRecord): string[] {
  const resources = record.resources;
  const hasListed = Array.isArray(resources) && resources.length > 0;
  // Reading requestParameters parses them; only services with something to read pay for it.
  const readParameters =
    typeof record.eventSource === 'string' &&
    typeof record.eventName === 'string' &&
    SERVICES_WITH_PARAMETERS.has(record.eventSource);
  // Hot path: most records name nothing, so they cost no Set, no copy and no sort.
  if (!hasListed && !readParameters) return [];
  const out: string[] = [];
  if (hasListed) {
    const n = Math.min(resources.length, MAX_VALUES);
    for (let i = 0; i < n; i++) {
      const r = resources[i];
      const arn: unknown = typeof r === 'object' && r !== null ? r.ARN : undefined;
      if (typeof arn === 'string' && isArn(arn)) out.push(arn);
    }
  }
  if (readParameters) {
    const params = requestParametersOf(record);
    if (typeof params === 'object' && params !== null) {
      const named = requestResources(record, params, callContextOf(record));
      const n = Math.min(named.length, MAX_VALUES);
      for (let i = 0; i < n; i++) out.push(named[i] as string);
    }
  }
  return sortedDistinct(out);
}

/**
 * Sorted (UTF-16 order, as `sort()`), without duplicates: resources[] and the request often name the same ARN.
 * Insertion sort: a record names a handful of resources, where Array.prototype.sort's set-up costs the most.
 */
function sortedDistinct(arns: string[]): string[] {
  const n = arns.length;
  if (n <= 1) return arns;
  if (n > 16) {
    arns.sort();
  } else {
    for (let i = 1; i < n; i++) {
      const arn = arns[i] as string;
      let j = i - 1;
      while (j >= 0 && (arns[j] as string) > arn) {
        arns[j + 1] = arns[j] as string;
        j--;
      }
      arns[j + 1] = arn;
    }
  }
  let kept = 1;
  for (let i = 1; i < n; i++) if (arns[i] !== arns[kept - 1]) arns[kept++] = arns[i] as string;
  arns.length = kept;
  return arns;
}
