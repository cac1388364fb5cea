/**
 * The WebAssembly record index: the committed module is built from the current C source, it finds exactly the
 * records and values JSON.parse would, it refuses (never accepts) what JSON.parse rejects, and whatever it
 * cannot handle still reads correctly through the JavaScript scanner.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RECORD_INDEX_SOURCE_SHA256 } from '../../src/core/cloudtrail/record-index-module.js';
import {
  INDEX_MAX_BYTES,
  ITEM_ESCAPED_KEY,
  ITEM_OBJECT,
  ITEM_OTHER,
  RecordIndex,
} from '../../src/core/cloudtrail/record-index.js';
import {
  parseCloudTrailTextReference,
  scanCloudTrailAscii,
  scanTrailBytes,
  type ScanResult,
} from '../../src/core/cloudtrail/scan.js';
import { RECORD_SPEC, pickedFromSpecOrder, type ObjectSpec } from '../../src/core/cloudtrail/scan-record.js';
import { UsageAccumulator } from '../../src/core/usage/accumulate.js';
import { accumulateLogText, decodeLogBytes } from '../../src/sources/local/log-text.js';
import { comparable } from './comparable.js';

const SPEC: ObjectSpec = new Map([
  ['eventName', { kind: 'string' }],
  ['requestParameters', { kind: 'raw' }],
]);

interface Item {
  readonly text: string;
  readonly kind: number;
  readonly values: [key: string, value: string, escaped: boolean][];
  /** Intern ids of the values, in the same order. */
  readonly ids: number[];
}

/** Every item the index reports for `{"Records":[...]}` text, or the first negative result. */
function indexItems(text: string, spec: ObjectSpec = SPEC): { items: Item[]; batches: number } | number {
  const index = RecordIndex.for(spec);
  if (index === null) throw new Error('no record index');
  const bytes = Buffer.from(text, 'latin1');
  expect(index.begin(bytes, text.indexOf('[') + 1)).toBe(true);
  const items: Item[] = [];
  let batches = 0;
  for (let words = index.next(); words !== 0; words = index.next()) {
    if (words < 0) return words;
    batches++;
    const tape = index.tape;
    for (let w = 0; w < words;) {
      const [start, end, info] = [tape[w], tape[w + 1], tape[w + 2]] as [number, number, number];
      w += 3;
      const values: Item['values'] = [];
      const ids: number[] = [];
      for (let p = 0; p < (info & 0xffffff); p++, w += 3) {
        const word = tape[w] as number;
        values.push([index.keys[word & 255] as string, text.slice(tape[w + 1], tape[w + 2]), (word & 256) !== 0]);
        ids.push(word >>> 9);
      }
      items.push({ text: text.slice(start, end), kind: info >>> 24, values, ids });
    }
  }
  expect(text.slice(index.arrayEnd() - 1, index.arrayEnd())).toBe(']');
  return { items, batches };
}

/** Without the intern ids, for tests about positions. */
function positions(result: ReturnType<typeof indexItems>) {
  if (typeof result === 'number') return result;
  return { ...result, items: result.items.map(({ ids: _ids, ...item }) => item) };
}

/** As accumulateLogText reads a trail file: the record index, and the JavaScript reader for what it refuses. */
function scanWithIndex(text: string): ScanResult {
  const bytes = Buffer.from(text, 'latin1');
  const decode = (start: number, end: number) => bytes.toString('latin1', start, end);
  return scanTrailBytes(bytes, decode) ?? scanCloudTrailAscii(bytes, decode);
}

const record = (i: number) =>
  `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"Get${i}","awsRegion":"eu-west-1","eventID":"e-${i}","readOnly":${i % 2 === 0},"managementEvent":true,"errorCode":${i % 3 === 0 ? '"AccessDenied"' : 'null'},"requestParameters":{"bucketName":"b","key":"k/${i}"},"tlsDetails":{"tlsVersion":"TLSv1.3"}}`;

describe('the committed module', () => {
  it('was built from the current native/record-index.c (rebuild: scripts/build-record-index.sh)', () => {
    const source = readFileSync(new URL('../../native/record-index.c', import.meta.url));
    expect(createHash('sha256').update(source).digest('hex')).toBe(RECORD_INDEX_SOURCE_SHA256);
  });

  it('runs on this Node', () => {
    expect(RecordIndex.for(RECORD_SPEC)).not.toBeNull();
  });

  it('is what reads trail files by default', () => {
    const next = jest.spyOn(RecordIndex.prototype, 'next');
    try {
      const bytes = Buffer.from(`{"Records":[${record(1)}]}`);
      expect(accumulateLogText('f.json', decodeLogBytes(bytes), new UsageAccumulator()).records).toBe(1);
      expect(next).toHaveBeenCalled();
    } finally {
      next.mockRestore();
    }
  });
});

describe('the tape', () => {
  it('gives each item, and the wanted values in document order, duplicates included', () => {
    const text =
      '{"Records":[{"x":{"eventName":"decoy"},"eventName":"A","requestParameters" : {"a":[1,{"b":null}]},"eventName":"B"},' +
      ' 42 ,"s",{"eventName":"a\\"b","requestParameters":null},{}]}';
    expect(positions(indexItems(text))).toEqual({
      batches: 1,
      items: [
        {
          kind: ITEM_OBJECT,
          text: '{"x":{"eventName":"decoy"},"eventName":"A","requestParameters" : {"a":[1,{"b":null}]},"eventName":"B"}',
          values: [
            ['eventName', '"A"', false],
            ['requestParameters', '{"a":[1,{"b":null}]}', false],
            ['eventName', '"B"', false],
          ],
        },
        { kind: ITEM_OTHER, text: '42', values: [] },
        { kind: ITEM_OTHER, text: '"s"', values: [] },
        {
          kind: ITEM_OBJECT,
          text: '{"eventName":"a\\"b","requestParameters":null}',
          values: [
            ['eventName', '"a\\"b"', true],
            ['requestParameters', 'null', false],
          ],
        },
        { kind: ITEM_OBJECT, text: '{}', values: [] },
      ],
    });
  });

  it('identical identities share one object in a file, and only in that file', () => {
    const identity = (session: string) =>
      `{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/r/${session}"}`;
    const file = `{"Records":[${['a', 'b', 'a'].map((session) => `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","userIdentity":${identity(session)}}`).join(',')}]}`;
    const [one, two, three] = scanWithIndex(file).records;
    expect(three?.userIdentity).toBe(one?.userIdentity);
    expect(two?.userIdentity).not.toBe(one?.userIdentity);
    expect(scanWithIndex(file).records[0]?.userIdentity).not.toBe(one?.userIdentity);
    expect(scanWithIndex(file).records[0]?.userIdentity).toEqual(one?.userIdentity);
  });

  it('marks an object with an escaped key, which JavaScript must decode', () => {
    const result = positions(indexItems('{"Records":[{"\\u0065ventName":"A","eventName":"B"}]}'));
    expect(result).toMatchObject({ items: [{ kind: ITEM_ESCAPED_KEY, values: [['eventName', '"B"', false]] }] });
  });

  it("values by RECORD_SPEC position land under that position's key", () => {
    const keys = [...RECORD_SPEC.keys()];
    expect(pickedFromSpecOrder(keys)).toEqual(Object.fromEntries(keys.map((key) => [key, key])));
  });

  it('an empty array has no items', () => {
    expect(indexItems('{"Records":[]}')).toEqual({ items: [], batches: 0 });
    expect(indexItems('{"Records":[ \n ]}')).toEqual({ items: [], batches: 0 });
  });

  it('more records than one tape holds come in several batches, none lost or repeated', () => {
    const text = `{"Records":[${Array.from({ length: 6000 }, (_, i) => record(i)).join(',')}]}`;
    const result = indexItems(text);
    if (typeof result === 'number') throw new Error(`refused: ${result}`);
    expect(result.batches).toBeGreaterThan(1);
    expect(result.items.map((item) => item.values[0]?.[1])).toEqual(
      Array.from({ length: 6000 }, (_, i) => `"Get${i}"`),
    );
  });
});

describe('interning', () => {
  const INTERNED: ObjectSpec = new Map([
    ['name', { kind: 'string', intern: true }],
    ['who', { kind: 'object', fields: new Map([['arn', { kind: 'string' }]]), intern: true }],
  ]);
  const ids = (text: string) => {
    const result = indexItems(text, INTERNED);
    if (typeof result === 'number') throw new Error(`refused: ${result}`);
    return result.items.map((item) => item.ids);
  };

  it("equal texts get one id, different ones another; only for values of the field's type", () => {
    const [a, b, c, d, e] = ids(
      '{"Records":[{"name":"x","who":{"arn":"1"}},{"name":"y","who":{"arn":"2"}},{"who":{"arn":"1"},"name":"x"},' +
        '{"name":"x\\u0041","who":{"arn" :"1"}},{"name":{"a":1},"who":"x"}]}',
    );
    expect(a).toEqual([expect.any(Number), expect.any(Number)]);
    expect(a?.every((id) => id > 0)).toBe(true);
    expect(c).toEqual([a?.[1], a?.[0]]);
    expect(b?.[0]).not.toBe(a?.[0]);
    expect(b?.[1]).not.toBe(a?.[1]);
    // An escaped string is not interned; an object that differs only in whitespace is another text.
    expect(d?.[0]).toBe(0);
    expect(d?.[1]).not.toBe(a?.[1]);
    expect(e).toEqual([0, 0]);
  });

  it('string ids hold across files, object ids start again in each file', () => {
    const [first] = ids('{"Records":[{"name":"across","who":{"arn":"f1"}}]}');
    const [second] = ids('{"Records":[{"who":{"arn":"f2"}},{"name":"across","who":{"arn":"f1"}}]}').slice(1);
    expect(second?.[0]).toBe(first?.[0]);
    expect(second?.[1]).toBe(2);
  });

  it('a full table gives id 0 and the records still read exactly', () => {
    const count = 8300;
    const result = ids(`{"Records":[${Array.from({ length: count }, (_, i) => `{"who":{"arn":"${i}"}}`).join(',')}]}`);
    expect(result.slice(0, 3)).toEqual([[1], [2], [3]]);
    expect(result[8191]).toEqual([8192]);
    expect(result[8192]).toEqual([0]);
    const identity = (i: number) => `{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/r/s${i}"}`;
    const text = `{"Records":[${Array.from({ length: count }, (_, i) => `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","userIdentity":${identity(i % 8250)}}`).join(',')}]}`;
    const scanned = scanWithIndex(text);
    expect(comparable(scanned)).toEqual(comparable(parseCloudTrailTextReference(text)));
    // Past the table's end, equal identities are still shared, by the JavaScript scanner's own interning.
    expect(scanned.records[8250]?.userIdentity).toBe(scanned.records[0]?.userIdentity);
    expect(scanned.records[8299]?.userIdentity).toBe(scanned.records[49]?.userIdentity);
  });
});

describe('refusals', () => {
  it.each([
    ['a trailing comma in an object', '{"Records":[{"a":1,}]}'],
    ['a trailing comma in the array', '{"Records":[1,]}'],
    ['a leading zero', '{"Records":[{"a":01}]}'],
    ['a bare minus', '{"Records":[{"a":-}]}'],
    ['a fraction without digits', '{"Records":[{"a":1.}]}'],
    ['an exponent without digits', '{"Records":[{"a":1e+}]}'],
    ['a raw tab in a string', '{"Records":[{"a":"\t"}]}'],
    ['an invalid escape', '{"Records":[{"a":"\\q"}]}'],
    ['a short \\u escape', '{"Records":[{"a":"\\u12"}]}'],
    ['a misspelt literal', '{"Records":[{"a":tru}]}'],
    ['a single-quoted string', '{"Records":[{\'a\':1}]}'],
    ['a missing colon', '{"Records":[{"a" 1}]}'],
    ['a missing comma', '{"Records":[{"a":1 "b":2}]}'],
    ['an unterminated string at the end', '{"Records":[{"a":"abc'],
    ['an unclosed array', '{"Records":[{"a":1}'],
    ['a NUL byte', '{"Records":[{"a":1}\u0000]}'],
    ['a non-ASCII byte outside strings', '{"Records":[{"a":1}\u00e9]}'],
  ])('%s', (_name, text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(indexItems(text)).toBe(-1);
    expect(comparable(scanWithIndex(text))).toEqual(comparable(parseCloudTrailTextReference(text)));
  });

  it('nesting deeper than it handles is refused as unsupported, and read by the JavaScript scanner', () => {
    const deep = `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","d":${'['.repeat(600)}${']'.repeat(600)}}]}`;
    expect(indexItems(deep)).toBe(-2);
    const result = scanWithIndex(deep);
    expect(result.records).toHaveLength(1);
    expect(comparable(result)).toEqual(comparable(parseCloudTrailTextReference(deep)));
  });

  it('a record with more wanted values than the tape holds is read by the JavaScript scanner', () => {
    const many = `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a",${'"eventName":"X",'.repeat(6000)}"eventName":"Y"}]}`;
    expect(indexItems(many, RECORD_SPEC)).toBe(-2);
    expect(scanWithIndex(many).records.map((r) => r.eventName)).toEqual(['Y']);
  });

  it('a file larger than the index takes is left to the JavaScript scanner', () => {
    const index = RecordIndex.for(SPEC) as RecordIndex;
    expect(index.begin(new Uint8Array(INDEX_MAX_BYTES + 1), 12)).toBe(false);
  });
});

describe('random corruptions give the same verdict as JSON.parse', () => {
  // A fixed-seed generator: the same cases on every run.
  let seed = 0x2545f491;
  const random = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const sample = `{"Records":[${record(1)},{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"B","userIdentity":{"type":"AssumedRole","arn":"x\\u0041"},"resources":[{"ARN":"arn:aws:s3:::b"}],"readOnly":false,"n":-1.5e3,"t":true,"f":false,"z":null}]}`;
  const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '\\u00', 'e', '-', '0', '.', ' ', 'true', 'null', '\u0001'];

  it('2,000 edits of a two-record document', () => {
    for (let i = 0; i < 2000; i++) {
      const at = random(sample.length);
      const cut = random(3);
      const text = sample.slice(0, at) + (pieces[random(pieces.length)] as string) + sample.slice(at + cut);
      expect([text, comparable(scanWithIndex(text))]).toEqual([text, comparable(parseCloudTrailTextReference(text))]);
    }
  });
});
