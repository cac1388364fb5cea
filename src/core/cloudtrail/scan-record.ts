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
  ['requestParameters', { kind: 'raw' }],
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

  constructor(f: Record<string, unknown>, eventTime: string) {
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
  }

  get requestParameters(): unknown {
    const value = this.#requestParameters;
    if (value instanceof RawJson) return (this.#requestParameters = JSON.parse(value.text));
    return value;
  }

  toJSON(): Record<string, unknown> {
    return plainRecord(this);
  }
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
  const eventTime = normalizeEventTime(time);
  if (eventTime === undefined)
    return { reason: `eventTime ${JSON.stringify(truncate(picked.eventTime as string))} is not an ISO 8601 time` };
  return { record: new PickedRecord(picked, eventTime) };
}

const REQUIRED = ['eventTime', 'eventSource', 'eventName'] as const;
/** Digits of `YYYY-MM-DDTHH:MM:SSZ`, and the separator every other position must hold. */
const CANONICAL_SEPARATORS = '    -  -  T  :  :  Z';

/**
 * `YYYY-MM-DDTHH:MM:SSZ` with month 01–12, day 01–31, hour 00–23, minute and second 00–59: what CloudTrail
 * writes, checked once per record, so by character codes rather than a regular expression.
 */
export function isCanonicalTime(value: string): boolean {
  if (value.length !== 20) return false;
  for (let i = 0; i < 20; i++) {
    const c = value.charCodeAt(i);
    const separator = CANONICAL_SEPARATORS.charCodeAt(i);
    if (separator === 32 ? c < 48 || c > 57 : c !== separator) return false;
  }
  const two = (at: number) => (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
  const month = two(5);
  const day = two(8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && two(11) <= 23 && two(14) <= 59 && two(17) <= 59;
}
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * CloudTrail writes `2026-10-01T12:00:00Z`; exports (Athena, SIEMs) sometimes write a space, fractions or an
 * offset. All become the canonical UTC second so times compare as strings; a zone-less time is UTC, because
 * CloudTrail times are. Returns undefined for anything that is not a real ISO 8601 time.
 */
export function normalizeEventTime(value: string): string | undefined {
  if (isCanonicalTime(value)) {
    // The check admits Feb 30; the round trip does not.
    const day = (value.charCodeAt(8) - 48) * 10 + value.charCodeAt(9) - 48;
    return day <= 28 || new Date(value).toISOString().slice(0, 19) === value.slice(0, 19) ? value : undefined;
  }
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
