/**
 * CloudTrail log text → records, fast. Pure: a string in, records and problems out; the caller reads files.
 *
 * Accepted shapes: `{"Records": [...]}` (trail files in S3), one record per line (JSON lines), a JSON array of
 * records, and `aws cloudtrail lookup-events` output (`{"Events": [{"CloudTrailEvent": "<JSON string>"}]}`, as a
 * document or one event per line). The selective scanner (scan-json.ts) handles them all; whenever it rejects
 * the text, `JSON.parse` decides, so a malformed document is reported exactly as JSON.parse would, and a
 * scanner limitation only costs speed, never correctness. ASCII files can come as bytes (scanCloudTrailAscii),
 * decoded a window at a time.
 */
import type { CloudTrailRecord } from './record.js';
import {
  INTERN_NONE,
  INTERN_OBJECT,
  INTERN_STRING,
  ITEM_ESCAPED_KEY,
  ITEM_NON_ASCII,
  ITEM_OBJECT,
  ITEM_OTHER,
  PARAMETER_FIELDS,
  RecordIndex,
} from './record-index.js';
import { JsonScanner, ScanError, type InternTable } from './scan-json.js';
import {
  IndexedParameters,
  LOG_VALUE_SPEC,
  RECORD_SPEC,
  RawJson,
  pickFields,
  pickedFromSpecOrder,
  toCloudTrailRecord,
  type FieldSpec,
  type ObjectSpec,
} from './scan-record.js';

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
  /**
   * The caller checked that the text holds no character below U+0020 (see classifyBytes): the scanner skips
   * its own check. Wrong when set for a text that has one: such a string would be accepted.
   */
  readonly controlFree?: boolean;
}

const ARRAY_OF_LOG_VALUES: FieldSpec = { kind: 'records', fields: LOG_VALUE_SPEC };
const NOT_CLOUDTRAIL =
  'not a CloudTrail log: expected {"Records": [...]}, a JSON array of records, one record per line, or lookup-events output';

type Picked = Record<string, unknown> | undefined;

/** Collects records (or hands them to a sink) and problems, numbering every entry of the file in order. */
class Collector implements ScanResult {
  readonly records: CloudTrailRecord[] = [];
  readonly problems: ScanProblem[] = [];
  index = 0;

  constructor(private readonly sink?: (record: CloudTrailRecord) => void) {}

  add(picked: Picked, context = ''): void {
    const verdict = toCloudTrailRecord(picked);
    if ('record' in verdict) {
      if (this.sink) this.sink(verdict.record);
      else this.records.push(verdict.record);
    } else this.problems.push({ recordIndex: this.index, reason: context + verdict.reason });
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
    if (options.controlFree) scanner.assumeNoControlCharacters();
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

/**
 * Characters decoded at a time by scanCloudTrailAscii: small strings are cheap, large ones are not (see there).
 * Measured on the bench corpus: 32 KiB kept peak memory ~10 MB lower than 64 KiB at the same speed.
 */
export const ASCII_WINDOW = 32 * 1024;

export interface AsciiScanOptions extends ScanOptions {
  /** Characters per decoded window (tests use tiny ones so that records straddle every boundary). */
  readonly windowChars?: number;
  /**
   * Receives each record as soon as it is read, so that records die young instead of living until the file
   * is done (less garbage collection, flat memory). Only a trail file read window by window is streamed, and
   * then the result says `streamed` and holds no records; otherwise the records come back as usual, and
   * whatever the sink did with records of this file must be discarded (see accumulateLogText).
   */
  readonly onRecord?: (record: CloudTrailRecord) => void;
}

export interface AsciiScanResult extends ScanResult {
  /** The records went to `onRecord` (all of them: the file was read to its end). */
  readonly streamed: boolean;
}

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
export function scanCloudTrailAscii(
  bytes: Uint8Array,
  decode: (start: number, end: number) => string,
  options: AsciiScanOptions = {},
): AsciiScanResult {
  const arrayStart = options.jsonLines ? -1 : recordsArrayStart(bytes);
  if (arrayStart >= 0) {
    const windowChars = options.windowChars ?? ASCII_WINDOW;
    const read = scanRecordsInWindows(bytes, arrayStart, decode, windowChars, options);
    if (read !== undefined) return { records: read.records, problems: read.problems, streamed: !!options.onRecord };
  }
  const whole = scanCloudTrailText(decode(0, bytes.length), options);
  return { records: whole.records, problems: whole.problems, streamed: false };
}

function skipWhitespace(bytes: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    const c = bytes[i];
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

const RECORDS_KEY = '"Records"';

/** Index after `{ "Records" : [` (whitespace allowed), or -1 when the document does not start that way. */
function recordsArrayStart(bytes: Uint8Array): number {
  let i = skipWhitespace(bytes, 0);
  if (bytes[i] !== 123) return -1;
  i = skipWhitespace(bytes, i + 1);
  for (let k = 0; k < RECORDS_KEY.length; k++) if (bytes[i + k] !== RECORDS_KEY.charCodeAt(k)) return -1;
  i = skipWhitespace(bytes, i + RECORDS_KEY.length);
  if (bytes[i] !== 58) return -1;
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
function scanRecordsInWindows(
  bytes: Uint8Array,
  arrayStart: number,
  decode: (start: number, end: number) => string,
  windowChars: number,
  { controlFree, onRecord }: AsciiScanOptions,
): ScanResult | undefined {
  const n = bytes.length;
  let pos = arrayStart;
  const out = new Collector(onRecord);
  const interned: InternTable = new Map();
  let base = 0;
  let end = 0;
  let scanner: JsonScanner | undefined;
  const open = (from: number, size: number): JsonScanner => {
    base = from;
    end = Math.min(n, from + Math.max(1, size));
    const opened = new JsonScanner(decode(from, end), interned);
    if (controlFree) opened.assumeNoControlCharacters();
    return opened;
  };
  // A record is read from the current window only while an eighth of it is left (4 KiB, a few records):
  // re-decoding that much is cheaper than the exception a record cut by the window's end costs.
  const margin = windowChars >>> 3;
  let first = true;
  for (;;) {
    if (scanner === undefined || (end - pos < margin && end < n)) scanner = open(pos, windowChars);
    let picked: Picked;
    let c: number;
    try {
      scanner.pos = pos - base;
      c = scanner.peek();
      if (c === -1) throw new ScanError('window ended', scanner.pos);
      if (first && c === 93) {
        pos = base + scanner.pos + 1;
        break;
      }
      scanner.recordIndex = out.index;
      if (c === 123) picked = scanner.pickObject(RECORD_SPEC);
      else {
        scanner.skipValue();
        picked = undefined;
      }
      c = scanner.peek();
      if (c !== 44 && c !== 93) scanner.fail("expected ',' or ']'");
    } catch {
      if (end >= n) return undefined;
      // Started at this record already and still too small: double; otherwise a fresh window from the record.
      scanner = open(pos, pos === base ? (end - base) * 2 : windowChars);
      continue;
    }
    out.add(picked);
    first = false;
    pos = base + scanner.pos + 1;
    if (c === 93) break;
  }
  return endsAfterRecords(bytes, pos) ? out : undefined;
}

/** Only `}` and whitespace after the Records array, as the `{"Records":[...]}` shape requires. */
function endsAfterRecords(bytes: Uint8Array, arrayEnd: number): boolean {
  const pos = skipWhitespace(bytes, arrayEnd);
  return bytes[pos] === 125 && skipWhitespace(bytes, pos + 1) === bytes.length;
}

/**
 * scanRecordsInWindows with the record index: WebAssembly validates the array and finds each record and its
 * wanted values; JavaScript decodes windows of whole records and builds only those values. Undefined when the
 * index cannot read the text (see scanTrailBytes).
 */
function scanIndexedRecords(
  bytes: Uint8Array,
  arrayStart: number,
  decode: (start: number, end: number) => string,
  windowChars: number,
  onRecord: ((record: CloudTrailRecord) => void) | undefined,
  index: RecordIndex,
): ScanResult | undefined {
  if (!index.begin(bytes, arrayStart)) return undefined;
  const { fields, spec, interning, strings, parametersField } = index;
  const values = new Array<unknown>(fields.length);
  const objects = new Map<number, unknown>();
  const out = new Collector(onRecord);
  const interned: InternTable = new Map();
  const n = bytes.length;
  let scanner: JsonScanner | undefined;
  let base = 0;
  let end = 0;
  try {
    for (let words = index.next(); words !== 0; words = index.next()) {
      if (words < 0) return undefined;
      const tape = index.tape;
      for (let w = 0; w < words;) {
        const start = tape[w] as number;
        const stop = tape[w + 1] as number;
        const info = tape[w + 2] as number;
        w += 3;
        if (scanner === undefined || stop > end) {
          base = start;
          end = Math.min(n, Math.max(stop, start + windowChars));
          scanner = new JsonScanner(decode(base, end), interned);
          scanner.assumeNoControlCharacters(); // the index checked every string
        }
        const pairs = info & 0xffffff;
        const kind = info >>> 24;
        let picked: Picked;
        if (kind === ITEM_OBJECT) {
          values.fill(undefined);
          let parameters: IndexedParameters | undefined;
          // In document order, duplicates included: the last one wins, and one of the wrong type removes the field.
          for (const last = w + 3 * pairs; w < last; w += 3) {
            const word = tape[w] as number;
            const f = word & 255;
            if (f >= PARAMETER_FIELDS) {
              // A key of the request parameters just before: they are an object read by key, or it is ignored.
              const valueStart = (tape[w + 1] as number) - base;
              parameters?.set(f - PARAMETER_FIELDS, valueStart, (tape[w + 2] as number) - base, (word & 256) !== 0);
              continue;
            }
            if (f === parametersField) {
              const valueStart = (tape[w + 1] as number) - base;
              const valueEnd = (tape[w + 2] as number) - base;
              // An object whose keys the index could all match (bit 8 clear) is read by key; anything else is parsed.
              parameters =
                (word & 256) === 0 && scanner.charAt(valueStart) === 123
                  ? new IndexedParameters(scanner.text, valueStart, valueEnd)
                  : undefined;
              values[f] = parameters ?? scanner.pickSpan(fields[f] as FieldSpec, valueStart, valueEnd, false);
              continue;
            }
            const id = word >>> 9;
            const internKind = id === 0 ? INTERN_NONE : (interning[f] as number);
            let value =
              internKind === INTERN_STRING ? strings[id] : internKind === INTERN_OBJECT ? objects.get(id) : undefined;
            if (value === undefined) {
              const field = fields[f] as FieldSpec;
              const valueStart = (tape[w + 1] as number) - base;
              const valueEnd = (tape[w + 2] as number) - base;
              if (internKind === INTERN_STRING) {
                // The index interns only strings without an escape.
                value = strings[id] = scanner.pickSpan(field, valueStart, valueEnd, false) as string;
              } else if (internKind === INTERN_OBJECT) {
                // The index already matched equal texts: no need for the scanner's own interning (pickInterned).
                scanner.pos = valueStart;
                value = scanner.pickObject(field.fields as ObjectSpec);
                objects.set(id, value);
              } else value = scanner.pickSpan(field, valueStart, valueEnd, (word & 256) !== 0);
            }
            values[f] = value;
          }
          picked = pickedFromSpecOrder(values);
        } else {
          w += 3 * pairs;
          if (kind === ITEM_OTHER) picked = undefined;
          else if (kind === ITEM_ESCAPED_KEY) {
            scanner.pos = start - base;
            picked = scanner.pickObject(spec);
          } else if (kind === ITEM_NON_ASCII) {
            // Throws for bytes that are not UTF-8: the whole file is then read (and rejected) another way.
            const item = new JsonScanner(utf8.decode(bytes.subarray(start, stop)), interned);
            item.assumeNoControlCharacters();
            picked = item.peek() === 123 ? item.pickObject(spec) : undefined;
          } else throw new Error(`record index: unknown item kind ${kind}`);
        }
        out.add(picked);
      }
    }
  } catch {
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
export function scanTrailBytes(
  bytes: Uint8Array,
  decode: (start: number, end: number) => string,
  options: Pick<AsciiScanOptions, 'onRecord' | 'windowChars'> = {},
): AsciiScanResult | undefined {
  const arrayStart = recordsArrayStart(bytes);
  const index = RecordIndex.for(RECORD_SPEC);
  if (arrayStart < 0 || index === null) return undefined;
  const { onRecord, windowChars = ASCII_WINDOW } = options;
  const read = scanIndexedRecords(bytes, arrayStart, decode, windowChars, onRecord, index);
  return read ? { records: read.records, problems: read.problems, streamed: !!onRecord } : undefined;
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
