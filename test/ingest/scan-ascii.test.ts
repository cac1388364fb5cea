/**
 * The ASCII fast path (bytes classified once, decoded window by window) must give exactly what the whole-text
 * scanner and JSON.parse give, wherever the window boundaries fall; and the byte classification it relies on
 * must be exact at every alignment.
 */
import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { classifyBytes, usesSimd } from '../../src/core/cloudtrail/scan-bytes.js';
import {
  ASCII_WINDOW,
  parseCloudTrailTextReference,
  scanCloudTrailAscii,
  scanCloudTrailText,
  scanTrailBytes,
  type ScanResult,
} from '../../src/core/cloudtrail/scan.js';
import { UsageAccumulator } from '../../src/core/usage/accumulate.js';
import { accumulateLogText, decodeLogBytes, decodeLogText } from '../../src/sources/local/log-text.js';
import { comparable } from './comparable.js';

/** As accumulateLogText reads: the record index first (unless told not to), the JavaScript reader for the rest. */
function scanAscii(text: string, windowChars: number, jsonLines = false, recordIndex = true): ScanResult {
  const bytes = Buffer.from(text, 'latin1');
  const classes = classifyBytes(bytes);
  expect(classes.ascii).toBe(true);
  const decode = (start: number, end: number) => bytes.toString('latin1', start, end);
  const indexed = recordIndex && !jsonLines ? scanTrailBytes(bytes, decode, { windowChars }) : undefined;
  return indexed ?? scanCloudTrailAscii(bytes, decode, { windowChars, jsonLines, controlFree: classes.controlFree });
}

/** Same records and problems as JSON.parse, at every window size given, with and without the record index. */
function expectSameAtEveryWindow(text: string, windows: readonly number[] = WINDOWS): void {
  const reference = comparable(parseCloudTrailTextReference(text));
  for (const index of [true, false])
    for (const w of windows)
      expect([index, w, comparable(scanAscii(text, w, false, index))]).toEqual([index, w, reference]);
}

const WINDOWS = [1, 2, 3, 5, 8, 13, 64, 333, 4096, ASCII_WINDOW];

const identity = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLE:session',
  arn: 'arn:aws:sts::111122223333:assumed-role/orders-api/session',
  accountId: '111122223333',
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/app/orders-api', accountId: '111122223333' },
  },
};
const base = {
  eventVersion: '1.09',
  userIdentity: identity,
  eventTime: '2026-10-01T12:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  eventID: 'e-1',
};
const plain = JSON.stringify(base);

/** ASCII record texts that stress the window reader; each one alone, and all together. */
const RECORDS: Record<string, string> = {
  plain,
  'escapes, including \\u escapes and a surrogate pair': JSON.stringify({
    ...base,
    errorMessage: 'say "no" \\ caf\u00e9 \ud83d\ude00 \u0000',
  }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  'nested arn keys in skipped and raw values': JSON.stringify({
    ...base,
    requestParameters: { arn: 'decoy', userIdentity: { arn: 'decoy' }, list: [{ arn: 'x' }, 1, null, true] },
    responseElements: { eventTime: 'x', userIdentity: { type: 'Root' } },
  }),
  'a long record (longer than most windows)': JSON.stringify({
    ...base,
    requestParameters: { policy: 'x'.repeat(5000), items: Array.from({ length: 200 }, (_, i) => ({ i })) },
  }),
  'numbers that a window could cut short': `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a.amazonaws.com","eventName":"X","n":123456789012345,"m":-1.25e-10}`,
  'whitespace and newlines (not control-free)': `{\n "eventTime" : "2026-10-01T12:00:00Z" ,\r\n\t"eventSource":"a.amazonaws.com","eventName":"X"\n}`,
  'deep nesting': JSON.stringify({ ...base, responseElements: JSON.parse('['.repeat(100) + ']'.repeat(100)) }),
  'not an object': '12345',
  'null record': 'null',
  'missing required fields': JSON.stringify({ eventTime: '2026-10-01T12:00:00Z' }),
};

describe('ASCII bytes read window by window equal JSON.parse + pick', () => {
  it.each(Object.entries(RECORDS))('%s', (_name, record) => {
    expectSameAtEveryWindow(`{"Records":[${record}]}`);
  });

  it('all records in one document, at every window size', () => {
    const all = Object.values(RECORDS);
    expectSameAtEveryWindow(`{"Records":[${[...all, ...all].join(',')}]}`);
    expectSameAtEveryWindow(` \n{ "Records" :\t[ ${all.join(' ,\n ')} ] }\n`);
  });

  it.each([true, false])('identical identities share one object across window boundaries (index: %s)', (index) => {
    const result = scanAscii(`{"Records":[${Array.from({ length: 20 }, () => plain).join(',')}]}`, 700, false, index);
    expect(result.records).toHaveLength(20);
    expect(new Set(result.records.map((r) => r.userIdentity)).size).toBe(1);
  });

  it('empty Records, and shapes the window reader leaves to the whole-text scanner', () => {
    for (const text of [
      '{"Records":[]}',
      ' { "Records" : [ ] } ',
      `{"Records":[${plain}],"trailer":1}`,
      `{"Records":[${plain}],"Records":[${plain},${plain}]}`,
      `{"digest":1,"Records":[${plain}]}`,
      `[${plain},${plain}]`,
      `${plain}\n${plain}`,
      JSON.stringify({ Events: [{ CloudTrailEvent: plain }] }),
      '{"foo":1}',
      '',
      '   ',
    ])
      expectSameAtEveryWindow(text, [1, 7, 64, ASCII_WINDOW]);
  });

  it('JSON lines files are read as JSON lines', () => {
    const text = `${plain}\n${plain}\n`;
    expect(comparable(scanAscii(text, 8, true))).toEqual(
      comparable(parseCloudTrailTextReference(text, { jsonLines: true })),
    );
  });

  const sample = `{"Records":[${plain},${RECORDS['nested arn keys in skipped and raw values']},${RECORDS['numbers that a window could cut short']}]}`;

  it('every truncation gives the same verdict as JSON.parse, window boundaries anywhere', () => {
    for (let end = 0; end <= sample.length; end++) expectSameAtEveryWindow(sample.slice(0, end), [3, 64, ASCII_WINDOW]);
  });

  it('every single-character corruption gives the same verdict as JSON.parse', () => {
    for (let at = 0; at < sample.length; at++)
      for (const ch of ['}', ']', ',', '"', '\\', '\n', '\u0001', ':', 'x', '1', ' '])
        expectSameAtEveryWindow(sample.slice(0, at) + ch + sample.slice(at + 1), [5]);
  });

  it('a raw control character inside a string is rejected, as JSON.parse does', () => {
    for (const ch of ['\u0000', '\u0001', '\u001f', '\t', '\n']) {
      const text = `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","userAgent":"a${ch}b"}]}`;
      for (const index of [true, false]) {
        const result = scanAscii(text, 16, false, index);
        expect(result.records).toEqual([]);
        expect(result.problems).toEqual([{ reason: expect.stringMatching(/^invalid JSON: /) }]);
      }
    }
  });

  it('gives what the whole-text scanner gives (same shared identities, same lazy requestParameters)', () => {
    const text = `{"Records":[${Object.values(RECORDS).join(',')}]}`;
    const whole = scanCloudTrailText(text);
    for (const index of [true, false]) {
      const windowed = scanAscii(text, 50, false, index);
      expect(windowed.records.map((r) => r.requestParameters)).toEqual(whole.records.map((r) => r.requestParameters));
    }
  });
});

describe('classifyBytes', () => {
  const cases: [string, number[], { ascii: boolean; controlFree: boolean }][] = [
    ['empty', [], { ascii: true, controlFree: true }],
    ['printable ASCII', [0x20, 0x41, 0x7e, 0x7f], { ascii: true, controlFree: true }],
    ['a newline', [0x41, 0x0a], { ascii: true, controlFree: false }],
    ['a NUL', [0x00], { ascii: true, controlFree: false }],
    ['0x1f, the last control character', [0x41, 0x1f], { ascii: true, controlFree: false }],
    ['0x80', [0x80], { ascii: false, controlFree: true }],
    ['0xff', [0x41, 0xff], { ascii: false, controlFree: true }],
    ['both', [0xc3, 0xa9, 0x09], { ascii: false, controlFree: false }],
  ];
  it.each(cases)('%s, at every offset and alignment', (_name, special, expected) => {
    for (let offset = 0; offset < 4; offset++)
      for (let at = 0; at <= 40; at++) {
        const buffer = new Uint8Array(offset + 48).fill(0x61);
        buffer.set(special, offset + at);
        const view = buffer.subarray(offset, offset + at + special.length + (at % 5));
        expect([offset, at, classifyBytes(view)]).toEqual([offset, at, expected]);
      }
  });

  it('runs on WebAssembly SIMD on this Node', () => {
    expect(usesSimd()).toBe(true);
  });

  it.each([
    ['a control byte', 0x1f, { ascii: true, controlFree: false }],
    ['a high byte', 0x80, { ascii: false, controlFree: true }],
    ['a NUL', 0x00, { ascii: true, controlFree: false }],
  ] as const)('large buffers (SIMD): %s at lane, chunk and padding boundaries', (_name, byte, expected) => {
    const size = (1 << 20) * 2 + 37;
    const buffer = new Uint8Array(size + 3).fill(0x7e);
    const plain = buffer.subarray(3, 3 + size);
    expect(classifyBytes(plain)).toEqual({ ascii: true, controlFree: true });
    for (const at of [0, 15, 16, 17, 4095, (1 << 20) - 1, 1 << 20, (1 << 20) + 16, size - 37, size - 1]) {
      plain[at] = byte;
      expect([at, classifyBytes(plain)]).toEqual([at, expected]);
      expect([at, classifyBytes(plain, false)]).toEqual([at, expected]);
      plain[at] = 0x7e;
    }
    // Lengths that are no multiple of 16: the padding must not count.
    for (const length of [4096, 4097, 4111, 4112, 5000]) {
      expect(classifyBytes(plain.subarray(0, length))).toEqual({ ascii: true, controlFree: true });
      plain[length - 1] = byte;
      expect([length, classifyBytes(plain.subarray(0, length))]).toEqual([length, expected]);
      plain[length - 1] = 0x7e;
    }
  });

  it('no false control character from bytes just above 0x20 next to high bytes', () => {
    const bytes = new Uint8Array(256);
    for (let i = 0; i < 256; i++) bytes[i] = i < 0x20 ? 0x20 + i : i;
    expect(classifyBytes(bytes)).toEqual({ ascii: false, controlFree: true });
    expect(classifyBytes(bytes.subarray(0, 0x80 - 0x20))).toEqual({ ascii: true, controlFree: true });
  });
});

describe('decoding a log file', () => {
  /** A trail file whose only non-ASCII character (3 bytes in UTF-8) starts at `at`. */
  function withEuroAt(at: number): Buffer {
    const head =
      '{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a.amazonaws.com","eventName":"X","errorMessage":"';
    const text = `${head}${'x'.repeat(at - head.length)}€"}]}`;
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes.indexOf(0xe2)).toBe(at);
    return bytes;
  }

  it.each([128, 129, 130, 131, ASCII_WINDOW, ASCII_WINDOW - 1, ASCII_WINDOW - 2, 1 << 16])(
    'a multi-byte character at byte %i (word and window boundaries) takes the UTF-8 path and is kept',
    (at) => {
      expect('text' in decodeLogText(withEuroAt(at))).toBe(true);
      for (const bytes of [withEuroAt(at), gzipSync(withEuroAt(at))]) {
        const accumulator = new UsageAccumulator();
        const outcome = accumulateLogText('f.json', decodeLogBytes(bytes), accumulator);
        expect(outcome).toEqual({ records: 1, rejections: [] });
      }
      const scanned = scanCloudTrailText(withEuroAt(at).toString('utf8'));
      expect(scanned.records[0]?.errorMessage?.endsWith('x€')).toBe(true);
      // The record index decodes that record, alone, as UTF-8.
      const bytes = withEuroAt(at);
      const indexed = scanTrailBytes(bytes, (start, end) => bytes.toString('latin1', start, end));
      expect(indexed && comparable(indexed)).toEqual(comparable(scanned));
    },
  );

  it('ASCII content stays bytes, with its control-character verdict', () => {
    const compact = Buffer.from(`{"Records":[${plain}]}`);
    expect(decodeLogText(compact)).toEqual({ ascii: compact, controlFree: true });
    const pretty = Buffer.from(`{"Records": [\n${plain}\n]}`);
    expect(decodeLogText(pretty)).toMatchObject({ controlFree: false });
    // Read from the bytes, undecoded: a trail file goes to the record index as it is.
    expect(decodeLogBytes(gzipSync(pretty))).toEqual({ bytes: pretty });
  });

  it('invalid UTF-8 is still rejected', () => {
    const bytes = Buffer.from([...Buffer.from('{"Records":["'), 0xc3, 0x28, ...Buffer.from('"]}')]);
    expect(decodeLogText(bytes)).toEqual({ reason: expect.stringMatching(/not UTF-8/) });
    expect(accumulateLogText('f.json', decodeLogBytes(bytes), new UsageAccumulator())).toEqual({
      records: 0,
      rejections: [{ file: 'f.json', reason: expect.stringMatching(/not UTF-8/) }],
    });
  });

  /** What a plain JSON.parse reader would have accumulated from the text. */
  function referenceSnapshot(text: string) {
    const accumulator = new UsageAccumulator();
    for (const record of parseCloudTrailTextReference(text).records) accumulator.add(record);
    return accumulator.snapshot();
  }

  function accumulated(text: string) {
    const accumulator = new UsageAccumulator();
    const outcome = accumulateLogText('f.json', decodeLogBytes(Buffer.from(text)), accumulator);
    return { outcome, snapshot: accumulator.snapshot() };
  }

  const many = Array.from({ length: 300 }, (_, i) =>
    JSON.stringify({
      ...base,
      eventID: `e-${i}`,
      eventName: i % 3 === 0 ? 'PutObject' : 'GetObject',
      eventTime: `2026-10-0${1 + (i % 5)}T12:00:00Z`,
      requestParameters: { bucketName: 'orders', key: `k/${i % 40}` },
    }),
  );

  it('a trail file streamed record by record accumulates exactly what JSON.parse would give', () => {
    const text = `{"Records":[${many.join(',')},${RECORDS['missing required fields']}]}`;
    const { outcome, snapshot } = accumulated(text);
    expect(outcome.records).toBe(300);
    expect(outcome.rejections.map((r) => r.recordIndex)).toEqual([300]);
    expect(snapshot).toEqual(referenceSnapshot(text));
    expect(snapshot.eventsRead).toBe(300);
  });

  it.each([
    ['truncated at the end', `{"Records":[${many.join(',')}`, 0],
    ['invalid JSON after the records', `{"Records":[${many.join(',')}]} x`, 0],
    ['a trailer key (valid JSON, read by the whole-text path)', `{"Records":[${many.join(',')}],"x":1}`, 300],
    ['a later "Records" key that replaces the first', `{"Records":[${many.join(',')}],"Records":[${plain}]}`, 1],
  ])('%s: records streamed before the verdict are never counted twice or kept', (_name, text, records) => {
    const { outcome, snapshot } = accumulated(text);
    expect(outcome.records).toBe(records);
    expect(snapshot).toEqual(referenceSnapshot(text));
    expect(snapshot.eventsRead).toBe(records);
    if (records === 0)
      expect(outcome.rejections).toEqual([{ file: 'f.json', reason: expect.stringMatching(/^invalid JSON/) }]);
  });

  describe('a trail file with non-ASCII records, read from its bytes', () => {
    const mixed = many.map((record, i) =>
      i % 50 === 7 ? record.replace('"eventID":', `"userAgent":"café ☕ ${i}","eventID":`) : record,
    );

    it('reads every record as JSON.parse of the UTF-8 text does, the non-ASCII ones decoded one by one', () => {
      const text = `{"Records":[${mixed.join(',')},${RECORDS['missing required fields']},"é"]}`;
      const bytes = Buffer.from(text, 'utf8');
      const indexed = scanTrailBytes(bytes, (start, end) => bytes.toString('latin1', start, end));
      expect(indexed && comparable(indexed)).toEqual(comparable(parseCloudTrailTextReference(text)));
      const accumulator = new UsageAccumulator();
      const outcome = accumulateLogText('f.json', decodeLogBytes(bytes), accumulator);
      expect(outcome.records).toBe(300);
      expect(accumulator.snapshot()).toEqual(referenceSnapshot(text));
    });

    it.each([
      ['in an unread field of a late record', 290],
      ['in the last record', 299],
      ['in the first record', 0],
    ])('a byte that is not UTF-8 %s rejects the whole file, and nothing streamed is kept', (_where, at) => {
      const parts = mixed.map((record) => Buffer.from(record, 'utf8'));
      const broken = parts[at] as Buffer;
      const quote = broken.indexOf('"eventID":"') + 11;
      parts[at] = Buffer.concat([broken.subarray(0, quote), Buffer.from([0xff]), broken.subarray(quote)]);
      const bytes = Buffer.concat([
        Buffer.from('{"Records":['),
        ...parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from(','), part])),
        Buffer.from(']}'),
      ]);
      expect(scanTrailBytes(bytes, (start, end) => bytes.toString('latin1', start, end))).toBeUndefined();
      const accumulator = new UsageAccumulator();
      expect(accumulateLogText('f.json', decodeLogBytes(bytes), accumulator)).toEqual({
        records: 0,
        rejections: [{ file: 'f.json', reason: expect.stringMatching(/not UTF-8/) }],
      });
      expect(accumulator.snapshot().eventsRead).toBe(0);
    });
  });

  it('an ASCII file reads the same through the window path as through JSON.parse', () => {
    const text = `{"Records":[${Object.values(RECORDS).join(',')}]}`;
    const accumulator = new UsageAccumulator();
    const outcome = accumulateLogText('f.json.gz', decodeLogBytes(gzipSync(Buffer.from(text))), accumulator);
    const reference = parseCloudTrailTextReference(text);
    expect(outcome.records).toBe(reference.records.length);
    expect(outcome.rejections.map((r) => r.recordIndex)).toEqual(reference.problems.map((p) => p.recordIndex));
  });
});
