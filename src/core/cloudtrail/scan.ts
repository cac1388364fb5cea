/**
 * CloudTrail log text → records, fast. Pure: a string in, records and problems out; the caller reads files.
 *
 * Accepted shapes: `{"Records": [...]}` (trail files in S3), one record per line (JSON lines), a JSON array of
 * records, and `aws cloudtrail lookup-events` output (`{"Events": [{"CloudTrailEvent": "<JSON string>"}]}`, as a
 * document or one event per line). The selective scanner (scan-json.ts) handles them all; whenever it rejects
 * the text, `JSON.parse` decides, so a malformed document is reported exactly as JSON.parse would, and a
 * scanner limitation only costs speed, never correctness.
 */
import type { CloudTrailRecord } from './record.js';
import { JsonScanner, type InternTable } from './scan-json.js';
import { LOG_VALUE_SPEC, RECORD_SPEC, RawJson, pickFields, toCloudTrailRecord, type FieldSpec } from './scan-record.js';

/** A record (or the whole text, when `recordIndex` is absent) that could not be used. */
export interface ScanProblem {
  readonly recordIndex?: number;
  readonly reason: string;
}

export interface ScanResult {
  readonly records: CloudTrailRecord[];
  readonly problems: ScanProblem[];
}

export interface ScanOptions {
  /** One JSON value per line (`.jsonl`, `.ndjson`); otherwise detected from the text. */
  readonly jsonLines?: boolean;
}

const ARRAY_OF_LOG_VALUES: FieldSpec = { kind: 'records', fields: LOG_VALUE_SPEC };
const NOT_CLOUDTRAIL =
  'not a CloudTrail log: expected {"Records": [...]}, a JSON array of records, one record per line, or lookup-events output';

type Picked = Record<string, unknown> | undefined;

/** Collects records and problems, numbering every entry of the file in order. */
class Collector implements ScanResult {
  readonly records: CloudTrailRecord[] = [];
  readonly problems: ScanProblem[] = [];
  index = 0;

  add(picked: Picked, context = ''): void {
    const verdict = toCloudTrailRecord(picked);
    if ('record' in verdict) this.records.push(verdict.record);
    else this.problems.push({ recordIndex: this.index, reason: context + verdict.reason });
    this.index++;
  }

  reject(reason: string): void {
    this.problems.push({ recordIndex: this.index, reason });
    this.index++;
  }
}

export function scanCloudTrailText(input: string, options: ScanOptions = {}): ScanResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') return { records: [], problems: [{ reason: 'file is empty' }] };
  if (!options.jsonLines) {
    const scanner = new JsonScanner(text);
    try {
      const values = readLogValues(scanner);
      if (scanner.peek() === -1) {
        const out = new Collector();
        if (!expandDocument(values, out)) return { records: [], problems: [{ reason: NOT_CLOUDTRAIL }] };
        return out;
      }
    } catch {
      // Invalid JSON, or a limit of the scanner (e.g. nesting deeper than the stack): JSON.parse decides below.
    }
    if (!looksLikeJsonLines(text)) return parseDocumentReference(text, scanner.recordIndex);
  }
  return scanLines(text);
}

/** The top-level value at the scanner: one object, or each item of an array. */
function readLogValues(scanner: JsonScanner): Picked[] {
  const c = scanner.peek();
  if (c === 123) return [scanner.pickObject(LOG_VALUE_SPEC)];
  if (c === 91) return scanner.pickValue(ARRAY_OF_LOG_VALUES) as Picked[];
  scanner.skipValue();
  return [undefined];
}

/** Whole-document shapes; false when the text is valid JSON but no CloudTrail shape at all (`{"foo": 1}`). */
function expandDocument(values: Picked[], out: Collector): boolean {
  const [first] = values;
  if (values.length === 1 && !isLogValue(first)) return false;
  for (const value of values) expandValue(value, out);
  return true;
}

function isLogValue(value: Picked): boolean {
  if (value === undefined) return false;
  return (
    Array.isArray(value.Records) ||
    value.Events !== undefined ||
    typeof value.CloudTrailEvent === 'string' ||
    RECORD_KEYS.some((k) => value[k] !== undefined)
  );
}

const RECORD_KEYS = ['eventTime', 'eventSource', 'eventName', 'eventVersion', 'eventID', 'userIdentity'] as const;

function expandValue(value: Picked, out: Collector): void {
  if (value !== undefined && Array.isArray(value.Records)) {
    for (const record of value.Records as Picked[]) out.add(record);
    return;
  }
  if (value !== undefined && value.Events !== undefined) {
    const events = value.Events instanceof RawJson ? (JSON.parse(value.Events.text) as unknown) : value.Events;
    if (!Array.isArray(events)) {
      out.reject('"Events" is not an array of lookup-events results');
      return;
    }
    for (const event of events) expandLookupEvent(pickFields(event, LOG_VALUE_SPEC), out);
    return;
  }
  expandLookupEvent(value, out);
}

/** LookupEvents wraps each record as a JSON string in `CloudTrailEvent`; anything else is a record itself. */
function expandLookupEvent(value: Picked, out: Collector): void {
  if (value === undefined || typeof value.CloudTrailEvent !== 'string') {
    out.add(value);
    return;
  }
  let inner: unknown;
  try {
    inner = JSON.parse(value.CloudTrailEvent);
  } catch (error) {
    out.reject(`CloudTrailEvent is not valid JSON: ${messageOf(error)}`);
    return;
  }
  out.add(pickFields(inner, RECORD_SPEC), 'CloudTrailEvent: ');
}

/** The reference path: what a plain `JSON.parse` reader produces. Also the fallback when the scanner gives up. */
export function parseCloudTrailTextReference(input: string, options: ScanOptions = {}): ScanResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') return { records: [], problems: [{ reason: 'file is empty' }] };
  if (!options.jsonLines) {
    try {
      return fromParsed(JSON.parse(text));
    } catch (error) {
      if (!looksLikeJsonLines(text))
        return { records: [], problems: [{ reason: `invalid JSON: ${messageOf(error)}` }] };
    }
  }
  const out = new Collector();
  forEachLine(text, (line, lineNo) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      out.reject(`line ${lineNo}: invalid JSON: ${messageOf(error)}`);
      return;
    }
    expandLine(valuesOf(parsed), lineNo, out);
  });
  return out;
}

function valuesOf(parsed: unknown): Picked[] {
  return Array.isArray(parsed)
    ? parsed.map((item) => pickFields(item, LOG_VALUE_SPEC))
    : [pickFields(parsed, LOG_VALUE_SPEC)];
}

function fromParsed(parsed: unknown): ScanResult {
  const out = new Collector();
  if (!expandDocument(valuesOf(parsed), out)) return { records: [], problems: [{ reason: NOT_CLOUDTRAIL }] };
  return out;
}

function expandLine(values: Picked[], lineNo: number, out: Collector): void {
  if (values.length === 1 && !isLogValue(values[0])) out.reject(`line ${lineNo}: not a CloudTrail record`);
  else for (const value of values) expandValue(value, out);
}

function parseDocumentReference(text: string, recordIndex: number): ScanResult {
  try {
    return fromParsed(JSON.parse(text));
  } catch (error) {
    const where = recordIndex >= 0 ? ` (while reading record ${recordIndex})` : '';
    return { records: [], problems: [{ reason: `invalid JSON: ${messageOf(error)}${where}` }] };
  }
}

function scanLines(text: string): ScanResult {
  const out = new Collector();
  const interned: InternTable = new Map();
  forEachLine(text, (line, lineNo) => {
    const scanner = new JsonScanner(line, interned);
    let values: Picked[];
    try {
      values = readLogValues(scanner);
      if (scanner.peek() !== -1) scanner.fail('more than one JSON value on the line');
    } catch {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
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

function forEachLine(text: string, visit: (line: string, lineNo: number) => void): void {
  let start = 0;
  let lineNo = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== '') visit(line, lineNo);
    start = end + 1;
    lineNo++;
  }
}

/** JSON lines whose first line may be broken: some of the first lines are complete JSON values on their own. */
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split('\n', 4).filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  return lines.slice(0, 3).some((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null;
    } catch {
      return false;
    }
  });
}

function messageOf(error: unknown): string {
  // Duck-typed: under test runners, JSON.parse's SyntaxError may come from another realm.
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
