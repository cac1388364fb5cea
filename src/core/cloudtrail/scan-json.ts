/**
 * A validating JSON scanner that builds only the fields a spec asks for and steps over everything else
 * without allocating it. Most of a CloudTrail record's bytes (responseElements, tlsDetails, userAgent…) are
 * never needed, and `JSON.parse` spends its time building them; this is where ALPHA's read speed comes from.
 *
 * It accepts exactly the JSON grammar (RFC 8259: no trailing commas, no control characters in strings,
 * valid escapes and numbers), so a document it accepts is one `JSON.parse` accepts. Anything it rejects goes
 * back to `JSON.parse` for the canonical error message (see scan.ts).
 */
import { RawJson, type FieldSpec, type ObjectSpec } from './scan-record.js';

export class ScanError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
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

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface KeyCandidate {
  readonly name: string;
  readonly field: FieldSpec;
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
const commonStrings: (string[] | undefined)[] = new Array<string[] | undefined>(COMMON_SLOTS).fill(undefined);
let commonCount = 0;

/** Values of `intern` fields by fingerprint; see pickInterned. */
export type InternTable = Map<number, { readonly text: string; readonly value: unknown }[]>;
const keyTables = new WeakMap<ObjectSpec, (KeyCandidate[] | undefined)[]>();

/** Candidates per (key length, character at index 5 or the last): usually one, a few at most. */
function keyTable(spec: ObjectSpec): (KeyCandidate[] | undefined)[] {
  let table = keyTables.get(spec);
  if (table === undefined) {
    // Filled up front so V8 keeps a packed array (a sparse one falls back to slow dictionary lookups).
    table = new Array<KeyCandidate[] | undefined>(MAX_KEY * 128).fill(undefined);
    for (const [name, field] of spec) {
      const length = name.length;
      if (length === 0 || length >= MAX_KEY) throw new Error(`key ${name} cannot be looked up by the scanner`);
      const slot = length * 128 + (name.charCodeAt(length > 5 ? 5 : length - 1) & 127);
      (table[slot] ??= []).push({ name, field });
    }
    keyTables.set(spec, table);
  }
  return table;
}

export class JsonScanner {
  pos: number;
  /** Index in the current `records` array, for error messages ("while reading record 17"). */
  recordIndex = -1;
  private escaped = false;
  private internedCount = 0;
  private nextBackslash = -1;
  private nextControl = -1;

  /**
   * @param interned values of `intern` fields by their exact text; pass one map to the scanners of one file so
   * JSON lines share it too. Treat interned objects as immutable: several records hold the same one.
   */
  constructor(
    readonly text: string,
    private readonly interned: InternTable = new Map(),
    private readonly end = text.length,
  ) {
    this.pos = 0;
  }

  /**
   * The caller checked that the text holds no character below U+0020 at all (cheaper on the raw bytes, see
   * scan-bytes.ts), so strings need no control-character check.
   */
  assumeNoControlCharacters(): void {
    this.nextControl = Infinity;
  }

  fail(what: string): never {
    throw new ScanError(`${what} at position ${this.pos}`, this.pos);
  }

  /** Skips whitespace and returns the next character code, or -1 at the end. */
  peek(): number {
    const t = this.text;
    const n = this.end;
    let i = this.pos;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
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
  private stringEnd(): number {
    const t = this.text;
    const start = this.pos + 1;
    const quote = t.indexOf('"', start);
    if (quote === -1 || quote >= this.end) return this.stringEndSlow();
    let backslash = this.nextBackslash;
    if (backslash < start) {
      backslash = t.indexOf('\\', start);
      this.nextBackslash = backslash = backslash === -1 ? Infinity : backslash;
    }
    if (backslash < quote) return this.stringEndSlow();
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
  private stringEndSlow(): number {
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
          if (!(
            isHexDigit(t.charCodeAt(i + 2)) &&
            isHexDigit(t.charCodeAt(i + 3)) &&
            isHexDigit(t.charCodeAt(i + 4)) &&
            isHexDigit(t.charCodeAt(i + 5))
          )) {
            this.pos = i;
            this.fail('invalid \\u escape');
          }
          i += 6;
        } else if (
          e === QUOTE ||
          e === BACKSLASH ||
          e === 47 ||
          e === 98 ||
          e === 102 ||
          e === 110 ||
          e === 114 ||
          e === 116
        ) {
          i += 2;
        } else {
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

  skipString(): void {
    this.pos = this.stringEnd() + 1;
  }

  readString(): string {
    const start = this.pos;
    const end = this.stringEnd();
    this.pos = end + 1;
    return this.escapedOrPlain(start, end);
  }

  /**
   * readString for a field with few distinct values: a value seen before is found by comparing it in place
   * and returned as the same string, so nothing is allocated and its hash is already known downstream.
   */
  readCommonString(): string {
    const start = this.pos;
    const end = this.stringEnd();
    this.pos = end + 1;
    return this.escaped ? this.escapedOrPlain(start, end) : this.commonString(start + 1, end);
  }

  /** The unescaped string text in [from, to), shared as readCommonString describes. */
  private commonString(from: number, to: number): string {
    const t = this.text;
    const length = to - from;
    if (length > MAX_COMMON_LENGTH) return t.slice(from, to);
    if (length === 0) return '';
    const slot =
      (length * 31 + t.charCodeAt(from) * 7 + t.charCodeAt(from + (length >> 1)) * 3 + t.charCodeAt(to - 1)) &
      (COMMON_SLOTS - 1);
    const bucket = commonStrings[slot];
    if (bucket !== undefined)
      for (let k = 0; k < bucket.length; k++) {
        const candidate = bucket[k] as string;
        if (candidate.length !== length) continue;
        if (t.startsWith(candidate, from)) return candidate;
      }
    // A copy, not a slice: a slice would keep this whole window of text alive as long as the table lives.
    const value = ` ${t.slice(from, to)}`.slice(1);
    if (commonCount < MAX_COMMON_STRINGS) {
      commonCount++;
      if (bucket === undefined) commonStrings[slot] = [value];
      else bucket.push(value);
    }
    return value;
  }

  private escapedOrPlain(start: number, end: number): string {
    // Escapes are rare in CloudTrail; JSON.parse decodes them exactly (lone surrogates included).
    return this.escaped ? (JSON.parse(this.text.slice(start, end + 1)) as string) : this.text.slice(start + 1, end);
  }

  private literal(word: string): void {
    if (!this.text.startsWith(word, this.pos) || this.pos + word.length > this.end) this.fail('unexpected token');
    this.pos += word.length;
  }

  private skipNumber(): void {
    const t = this.text;
    let i = this.pos;
    if (t.charCodeAt(i) === MINUS) i++;
    const first = t.charCodeAt(i);
    if (first === 48) i++;
    else if (first >= 49 && first <= 57) {
      i++;
      while (isDigit(t.charCodeAt(i))) i++;
    } else {
      this.pos = i;
      this.fail('invalid number');
    }
    if (t.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.pos = i;
        this.fail('invalid number');
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = t.charCodeAt(i);
      if (sign === 43 || sign === MINUS) i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.pos = i;
        this.fail('invalid number');
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    if (i > this.end) {
      this.pos = this.end;
      this.fail('unexpected end');
    }
    this.pos = i;
  }

  /** Steps over one value (after whitespace), validating it. */
  skipValue(): void {
    const c = this.peek();
    if (c === QUOTE) this.skipString();
    else if (c === OPEN_BRACE) this.skipObject();
    else if (c === OPEN_BRACKET) this.skipArray();
    else if (c === 116) this.literal('true');
    else if (c === 102) this.literal('false');
    else if (c === 110) this.literal('null');
    else if (c === MINUS || isDigit(c)) this.skipNumber();
    else this.fail(c === -1 ? 'unexpected end' : 'unexpected character');
  }

  private skipObject(): void {
    this.pos++;
    let c = this.peek();
    if (c === CLOSE_BRACE) {
      this.pos++;
      return;
    }
    for (;;) {
      if (c !== QUOTE) this.fail('expected a property name');
      this.skipString();
      if (this.peek() !== COLON) this.fail("expected ':'");
      this.pos++;
      this.skipValue();
      c = this.peek();
      if (c === COMMA) {
        this.pos++;
        c = this.peek();
      } else if (c === CLOSE_BRACE) {
        this.pos++;
        return;
      } else this.fail("expected ',' or '}'");
    }
  }

  private skipArray(): void {
    this.pos++;
    let c = this.peek();
    if (c === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipValue();
      c = this.peek();
      if (c === COMMA) this.pos++;
      else if (c === CLOSE_BRACKET) {
        this.pos++;
        return;
      } else this.fail("expected ',' or ']'");
    }
  }

  /** The object at `pos` with only `spec`'s fields; later duplicate keys win, as in JSON.parse. */
  pickObject(spec: ObjectSpec): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const t = this.text;
    const table = keyTable(spec);
    this.pos++;
    let c = this.peek();
    if (c === CLOSE_BRACE) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (c !== QUOTE) this.fail('expected a property name');
      const start = this.pos;
      const end = this.stringEnd();
      this.pos = end + 1;
      let key: string | undefined;
      let field: FieldSpec | undefined;
      if (this.escaped) {
        key = JSON.parse(t.slice(start, end + 1)) as string;
        field = spec.get(key);
      } else {
        // Find the wanted key by length and one character, then compare in place: no substring per key.
        const length = end - start - 1;
        const candidates =
          length < MAX_KEY
            ? table[length * 128 + (t.charCodeAt(start + 1 + (length > 5 ? 5 : length - 1)) & 127)]
            : undefined;
        if (candidates !== undefined)
          for (let k = 0; k < candidates.length; k++) {
            const candidate = candidates[k] as KeyCandidate;
            if (t.startsWith(candidate.name, start + 1)) {
              key = candidate.name;
              field = candidate.field;
              break;
            }
          }
      }
      if (this.peek() !== COLON) this.fail("expected ':'");
      this.pos++;
      if (field === undefined || key === undefined) this.skipValue();
      else {
        const value = this.pickValue(field);
        if (value !== undefined) out[key] = value;
        else if (Object.hasOwn(out, key)) delete out[key];
      }
      c = this.peek();
      if (c === COMMA) {
        this.pos++;
        c = this.peek();
      } else if (c === CLOSE_BRACE) {
        this.pos++;
        return out;
      } else this.fail("expected ',' or '}'");
    }
  }

  /** One value per `field`, or undefined (value skipped) when it has another type. */
  pickValue(field: FieldSpec): unknown {
    const c = this.peek();
    switch (field.kind) {
      case 'string':
        if (c === QUOTE) return field.intern ? this.readCommonString() : this.readString();
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
            ? this.pickInterned(field.fields as ObjectSpec)
            : this.pickObject(field.fields as ObjectSpec);
        break;
      case 'objects':
      case 'records':
        if (c === OPEN_BRACKET) return this.pickArray(field);
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
  pickSpan(field: FieldSpec, start: number, end: number, escaped: boolean): unknown {
    const t = this.text;
    const c = t.charCodeAt(start);
    switch (field.kind) {
      case 'string':
        if (c !== QUOTE) return undefined;
        if (escaped) return JSON.parse(t.slice(start, end)) as string;
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
  charAt(at: number): number {
    return this.text.charCodeAt(at);
  }

  /**
   * A value seen before is recognized by its text: a fingerprint of its first 128 characters finds candidates,
   * and a candidate matches when the text here starts with it. A JSON object ends at its own closing brace, so
   * a text that starts with a complete, already validated object holds exactly that object: the scanner jumps
   * over it without reading it again. On a miss the object is picked normally and remembered.
   */
  private pickInterned(spec: ObjectSpec): unknown {
    const t = this.text;
    const start = this.pos;
    let fingerprint = 0;
    for (let i = 0; i < 128; i += 2) fingerprint = (Math.imul(fingerprint, 31) + t.charCodeAt(start + i)) | 0;
    const candidates = this.interned.get(fingerprint);
    if (candidates !== undefined)
      for (const candidate of candidates)
        // slice + === compares like memcmp; startsWith goes character by character.
        if (
          t.slice(start, start + candidate.text.length) === candidate.text &&
          start + candidate.text.length <= this.end
        ) {
          this.pos = start + candidate.text.length;
          return candidate.value;
        }
    const value = this.pickObject(spec);
    // Bounded: a file with more distinct identities than this just stops sharing.
    if (this.internedCount < MAX_INTERNED) {
      this.internedCount++;
      const entry = { text: t.slice(start, this.pos), value };
      if (candidates === undefined) this.interned.set(fingerprint, [entry]);
      else candidates.push(entry);
    }
    return value;
  }

  private pickArray(field: FieldSpec): (Record<string, unknown> | undefined)[] {
    const spec = field.fields as ObjectSpec;
    const keepGaps = field.kind === 'records';
    const out: (Record<string, unknown> | undefined)[] = [];
    this.pos++;
    let c = this.peek();
    if (c === CLOSE_BRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (keepGaps) this.recordIndex = out.length;
      if (c === OPEN_BRACE) out.push(this.pickObject(spec));
      else {
        this.skipValue();
        if (keepGaps) out.push(undefined);
      }
      c = this.peek();
      if (c === COMMA) {
        this.pos++;
        c = this.peek();
      } else if (c === CLOSE_BRACKET) {
        this.pos++;
        return out;
      } else this.fail("expected ',' or ']'");
    }
  }
}
