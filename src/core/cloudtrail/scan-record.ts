/**
 * Which fields of a CloudTrail record ALPHA keeps, and how a picked record becomes a `CloudTrailRecord` or a
 * rejection. Shared by the fast scanner and the `JSON.parse` reference path, so both agree by construction on
 * everything except how the bytes are read.
 */
import type { CloudTrailRecord, RecordResource, UserIdentity } from './record.js';

/**
 * How a field's value is kept: strings/booleans only when they have that type, `raw` as any JSON value,
 * `objects` as the array's objects (other items dropped), `records` as one entry per item (non-objects become
 * `undefined` so the item can be rejected by its index).
 */
export type FieldKind = 'string' | 'boolean' | 'raw' | 'object' | 'objects' | 'records';

export interface FieldSpec {
  readonly kind: FieldKind;
  /** For `object`, `objects` and `records`. */
  readonly fields?: ObjectSpec;
  /**
   * Byte-identical values share one picked value. A session's userIdentity repeats in every record it made,
   * so this saves picking it again and lets per-identity work (principal resolution) run once per session.
   * For strings with few distinct values (event source and name, Region…): no new string per record, and the
   * one shared string's hash is computed once for every map lookup downstream.
   */
  readonly intern?: true;
  /**
   * For a `raw` object: its top-level keys that are read one by one (request parameters), which the record index
   * then finds in place, so that reading them needs no JSON.parse of the whole value (see IndexedParameters).
   */
  readonly keys?: readonly string[];
}

export type ObjectSpec = ReadonlyMap<string, FieldSpec>;

const S: FieldSpec = { kind: 'string' };
/** A string with few distinct values across a log (see `intern`). */
const COMMON: FieldSpec = { kind: 'string', intern: true };
const B: FieldSpec = { kind: 'boolean' };

const SESSION_ISSUER: ObjectSpec = new Map([
  ['type', S],
  ['arn', S],
  ['userName', S],
  ['accountId', S],
]);

const USER_IDENTITY: ObjectSpec = new Map<string, FieldSpec>([
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
export const PARAMETER_KEYS: readonly string[] = [
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
export const RECORD_SPEC: ObjectSpec = new Map<string, FieldSpec>([
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
export function pickedFromSpecOrder(v: readonly unknown[]): Record<string, unknown> {
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
export const LOG_VALUE_SPEC: ObjectSpec = new Map<string, FieldSpec>([
  ...RECORD_SPEC,
  ['Records', { kind: 'records', fields: RECORD_SPEC }],
  ['Events', { kind: 'raw' }],
  ['CloudTrailEvent', S],
]);

/** A `raw` value the scanner sliced but did not parse: parsed on first read, so filtered-out records cost nothing. */
export class RawJson {
  constructor(readonly text: string) {}
}

const PARAMETER_INDEX: ReadonlyMap<string, number> = new Map(PARAMETER_KEYS.map((key, i) => [key, i]));

/** What IndexedParameters.get says for a key that is not in PARAMETER_KEYS: ask the parsed object. */
export const NOT_INDEXED: unique symbol = Symbol('not indexed');

/**
 * Request parameters (an object) as the record index read them: where they are in a decoded window, and where
 * the value of each key of PARAMETER_KEYS that is present is. Made only when no key of the object differs from
 * one of those in letter case alone, so a key absent here is absent, without the case-insensitive search that
 * reading the parsed object needs (resources.ts, `field`). Nothing is sliced or parsed until it is read: most
 * records' parameters never are.
 */
export class IndexedParameters {
  /** PARAMETER_KEYS index, value start, value end (negative: a string with an escape), for each key present. */
  private readonly found: number[] = [];
  private values: unknown[] | undefined;

  constructor(
    private readonly window: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** Their JSON text. */
  get text(): string {
    return this.window.slice(this.start, this.end);
  }

  /** A key by its PARAMETER_KEYS index, with its value's span in the window; a later one wins, as in JSON.parse. */
  set(index: number, start: number, end: number, escaped: boolean): void {
    const found = this.found;
    let at = 0;
    while (at < found.length && found[at] !== index) at += 3;
    found[at] = index;
    found[at + 1] = start;
    found[at + 2] = escaped ? -end : end;
  }

  /** The value of a PARAMETER_KEYS key (undefined when absent), or NOT_INDEXED for any other key. */
  get(key: string): unknown {
    const index = PARAMETER_INDEX.get(key);
    if (index === undefined) return NOT_INDEXED;
    const found = this.found;
    for (let at = 0; at < found.length; at += 3) {
      if (found[at] !== index) continue;
      const values = (this.values ??= []);
      let value = values[at];
      if (value === undefined) value = values[at] = this.valueAt(found[at + 1] as number, found[at + 2] as number);
      return value;
    }
    return undefined;
  }

  private valueAt(start: number, signedEnd: number): unknown {
    const end = Math.abs(signedEnd);
    if (this.window.charCodeAt(start) === 34 /* " */ && signedEnd > 0) return this.window.slice(start + 1, end - 1);
    return JSON.parse(this.window.slice(start, end));
  }
}

/**
 * What `JSON.parse` followed by picking `spec`'s fields gives: the reference the scanner must equal. Values of
 * the wrong type are left out (a `null` errorCode is no error code); later duplicate keys win, as in JSON.parse.
 */
export function pickFields(value: unknown, spec: ObjectSpec): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, field] of spec) {
    if (!Object.hasOwn(value, key)) continue;
    const picked = pickValue((value as Record<string, unknown>)[key], field);
    if (picked !== undefined) out[key] = picked;
  }
  return out;
}

function pickValue(value: unknown, field: FieldSpec): unknown {
  switch (field.kind) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'raw':
      return value;
    case 'object':
      return pickFields(value, field.fields as ObjectSpec);
    case 'objects':
      if (!Array.isArray(value)) return undefined;
      return value.flatMap((item) => {
        const picked = pickFields(item, field.fields as ObjectSpec);
        return picked === undefined ? [] : [picked];
      });
    case 'records':
      return Array.isArray(value) ? value.map((item) => pickFields(item, field.fields as ObjectSpec)) : undefined;
  }
}

/** One CloudTrail record as ALPHA keeps it; `requestParameters` is parsed only when something reads it. */
class PickedRecord implements CloudTrailRecord {
  readonly eventVersion?: string;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion?: string;
  readonly eventID?: string;
  readonly eventType?: string;
  readonly eventCategory?: string;
  readonly managementEvent?: boolean;
  readonly readOnly?: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly recipientAccountId?: string;
  readonly userIdentity?: UserIdentity;
  readonly resources?: readonly RecordResource[];
  #requestParameters: unknown;
  /** eventTime as UsageAccumulator's timeKey number, worked out while the time was checked. */
  readonly #timeKey: number;

  constructor(f: Record<string, unknown>, eventTime: string, timeKey: number) {
    // Assigned in one fixed order so every record shares one hidden class (faster property reads).
    this.eventVersion = f.eventVersion as string;
    this.eventTime = eventTime;
    this.eventSource = f.eventSource as string;
    this.eventName = f.eventName as string;
    this.awsRegion = f.awsRegion as string;
    this.eventID = f.eventID as string;
    this.eventType = f.eventType as string;
    this.eventCategory = f.eventCategory as string;
    this.managementEvent = f.managementEvent as boolean;
    this.readOnly = f.readOnly as boolean;
    this.errorCode = f.errorCode as string;
    this.errorMessage = f.errorMessage as string;
    this.recipientAccountId = f.recipientAccountId as string;
    this.userIdentity = f.userIdentity as UserIdentity;
    this.resources = f.resources as readonly RecordResource[];
    this.#requestParameters = f.requestParameters;
    this.#timeKey = timeKey;
  }

  static timeKeyOf(record: CloudTrailRecord): number | undefined {
    return #timeKey in record ? record.#timeKey : undefined;
  }

  static parametersOf(record: CloudTrailRecord): unknown {
    if (#requestParameters in record) {
      const value = record.#requestParameters;
      if (value instanceof IndexedParameters) return value;
    }
    return record.requestParameters;
  }

  get requestParameters(): unknown {
    const value = this.#requestParameters;
    if (value instanceof RawJson || value instanceof IndexedParameters)
      return (this.#requestParameters = JSON.parse(value.text));
    return value;
  }

  toJSON(): Record<string, unknown> {
    return plainRecord(this);
  }
}

/**
 * The record's eventTime as the sortable number YYYYMMDDhhmmss, when a reader made the record and so already has
 * it; undefined for records from elsewhere.
 */
export function knownTimeKey(record: CloudTrailRecord): number | undefined {
  return PickedRecord.timeKeyOf(record);
}

/**
 * The record's request parameters for reading key by key: an IndexedParameters when the record index found their
 * keys, otherwise the parsed value. Throws when a lazily parsed value is not JSON.
 */
export function parametersForLookup(record: CloudTrailRecord): unknown {
  return PickedRecord.parametersOf(record);
}

/** A plain object with exactly the record's present fields (tests, JSON output, worker messages). */
export function plainRecord(record: CloudTrailRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RECORD_SPEC.keys()) {
    const value = (record as unknown as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export type RecordVerdict = { readonly record: CloudTrailRecord } | { readonly reason: string };

/** Required fields and a usable time, or the reason the record cannot be used. */
export function toCloudTrailRecord(picked: Record<string, unknown> | undefined): RecordVerdict {
  if (picked === undefined) return { reason: 'record is not a JSON object' };
  const { eventTime: time, eventSource, eventName } = picked;
  if (
    typeof time !== 'string' ||
    time === '' ||
    typeof eventSource !== 'string' ||
    eventSource === '' ||
    typeof eventName !== 'string' ||
    eventName === ''
  ) {
    const missing = REQUIRED.filter((k) => typeof picked[k] !== 'string' || picked[k] === '');
    return {
      reason: `record has no ${missing.join(', ')} (eventTime, eventSource and eventName are required strings)`,
    };
  }
  let key = canonicalTimeKey(time);
  const eventTime = key >= 0 ? time : normalizeEventTime(time);
  if (eventTime === undefined)
    return { reason: `eventTime ${JSON.stringify(truncate(picked.eventTime as string))} is not an ISO 8601 time` };
  if (key < 0) key = canonicalTimeKey(eventTime);
  return { record: new PickedRecord(picked, eventTime, key) };
}

const REQUIRED = ['eventTime', 'eventSource', 'eventName'] as const;
/** Digits of `YYYY-MM-DDTHH:MM:SSZ`, and the separator every other position must hold. */
const CANONICAL_SEPARATORS = '    -  -  T  :  :  Z';

/**
 * `YYYY-MM-DDTHH:MM:SSZ` (what CloudTrail writes) with a day that exists in its month, hour 00–23, minute and
 * second 00–59, as the number YYYYMMDDhhmmss (exact in a double); -1 for anything else. Checked once per record,
 * so by character codes and arithmetic: a regular expression, or a Date round trip for days 29–31, cost more
 * than the rest of reading the time, and the accumulator needs the number anyway.
 */
export function canonicalTimeKey(value: string): number {
  if (value.length !== 20) return -1;
  let key = 0;
  for (let i = 0; i < 20; i++) {
    const c = value.charCodeAt(i);
    const separator = CANONICAL_SEPARATORS.charCodeAt(i);
    if (separator !== 32) {
      if (c !== separator) return -1;
    } else if (c >= 48 && c <= 57) key = key * 10 + (c - 48);
    else return -1;
  }
  const hhmmss = key % 1e6;
  const day = Math.floor(key / 1e6) % 100;
  const month = Math.floor(key / 1e8) % 100;
  if (hhmmss > 235959 || hhmmss % 1e4 > 5959 || hhmmss % 100 > 59 || month < 1 || month > 12 || day < 1) return -1;
  if (day <= 28) return key;
  if (month !== 2) return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31) ? key : -1;
  const year = Math.floor(key / 1e10);
  return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? key : -1;
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * CloudTrail writes `2026-10-01T12:00:00Z`; exports (Athena, SIEMs) sometimes write a space, fractions or an
 * offset. All become the canonical UTC second so times compare as strings; a zone-less time is UTC, because
 * CloudTrail times are. Returns undefined for anything that is not a real ISO 8601 time.
 */
export function normalizeEventTime(value: string): string | undefined {
  if (canonicalTimeKey(value) >= 0) return value;
  const m = ISO_TIME.exec(value);
  if (!m) return undefined;
  const [, day, time, , zone] = m;
  const offset =
    zone === undefined || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${day}T${time}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  const local = new Date(Date.parse(`${day}T${time}Z`)).toISOString().slice(0, 19);
  if (local !== `${day}T${time}`) return undefined; // Date.parse rolls 2026-02-30 over to March
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
