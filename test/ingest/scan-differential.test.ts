/**
 * The selective scanner must give exactly what JSON.parse + picking gives: same records (field by field,
 * requestParameters included), same rejections, same verdict on malformed text.
 */
import { describe, expect, it } from '@jest/globals';
import { parseCloudTrailTextReference, scanCloudTrailText, type ScanResult } from '../../src/core/cloudtrail/scan.js';
import { comparable } from './comparable.js';

const ROLE = 'arn:aws:iam::111122223333:role/app/orders-api';

/** Comparable form: plain records, and reasons without the scanner's "(while reading record N)" hint. */

function expectSameAsReference(text: string, options: { jsonLines?: boolean } = {}): ScanResult {
  const scanned = scanCloudTrailText(text, options);
  expect(comparable(scanned)).toEqual(comparable(parseCloudTrailTextReference(text, options)));
  return scanned;
}

const identity = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLE:session',
  arn: 'arn:aws:sts::111122223333:assumed-role/orders-api/session',
  accountId: '111122223333',
  accessKeyId: 'ASIAEXAMPLE',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAEXAMPLE',
      arn: ROLE,
      accountId: '111122223333',
      userName: 'orders-api',
    },
    attributes: { creationDate: '2026-10-01T00:00:00Z', mfaAuthenticated: 'false' },
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

/** Raw record texts (not JSON.stringify output) so odd spellings reach the scanner as written. */
const TRICKY_RECORDS: Record<string, string> = {
  plain: JSON.stringify(base),
  'escaped quote and backslash in a picked string': JSON.stringify({ ...base, errorMessage: 'say "no" \\ C:\\path' }),
  'unicode escapes, including a surrogate pair': `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"Get\\u004fbject","errorMessage":"caf\\u00e9 \\ud83d\\ude00","eventID":"\\/x"}`,
  'lone surrogate escape (JSON.parse keeps it)': `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a.amazonaws.com","eventName":"X","errorMessage":"\\ud800"}`,
  'escaped key name that spells a wanted field': `{"event\\u0054ime":"2026-10-01T12:00:00Z","eventSource":"s3.amazonaws.com","event\\u004eame":"ListBuckets"}`,
  'raw non-ASCII text': JSON.stringify({ ...base, errorMessage: 'Zugriff verweigert – café ☕ 😀 日本' }),
  'nested "arn" keys in requestParameters and responseElements': JSON.stringify({
    ...base,
    requestParameters: {
      arn: 'arn:aws:s3:::decoy',
      userIdentity: { arn: 'decoy' },
      eventName: 'Decoy',
      list: [{ arn: 'x' }, 1, null, true],
    },
    responseElements: { eventTime: 'not a time', resources: [{ ARN: 'decoy' }], userIdentity: { type: 'Root' } },
  }),
  'keys in unusual order, requestParameters first': `{"requestParameters":{"bucketName":"b","key":"k"},"eventName":"GetObject","resources":[{"ARN":"arn:aws:s3:::b/k","type":"AWS::S3::Object"}],"eventSource":"s3.amazonaws.com","eventTime":"2026-10-01T12:00:00Z","userIdentity":${JSON.stringify(identity)}}`,
  'whitespace and newlines everywhere': `{\n  "eventTime" : "2026-10-01T12:00:00Z" ,\r\n\t"eventSource":\n"s3.amazonaws.com",  "eventName"  :  "GetObject" , "readOnly" :true,"managementEvent":\tfalse ,"requestParameters" : { "a" : [ 1 , 2 ] }\n}`,
  'numbers of every JSON shape': JSON.stringify({
    ...base,
    requestParameters: { a: 0, b: -1.5e10, c: 1e-7, d: 123456789012345, e: -0 },
  }).replace('"e":0', '"e":-0.0E+0'),
  'nulls for optional fields': JSON.stringify({
    ...base,
    errorCode: null,
    requestParameters: null,
    resources: null,
    userIdentity: null,
    readOnly: null,
  }),
  'wrong types for picked fields are left out': JSON.stringify({
    ...base,
    awsRegion: 7,
    readOnly: 'true',
    managementEvent: 1,
    errorCode: ['x'],
    resources: { ARN: 'x' },
  }),
  'empty arrays and objects': JSON.stringify({ ...base, resources: [], requestParameters: {}, userIdentity: {} }),
  'resources with odd items': JSON.stringify({
    ...base,
    resources: [
      null,
      'arn:aws:s3:::x',
      { ARN: 'arn:aws:s3:::a', type: 'AWS::S3::Bucket', accountId: '111122223333', extra: { ARN: 'decoy' } },
      {},
    ],
  }),
  'duplicate keys: the last wins (whole object, not merged)': `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"First","eventName":"Second","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/a"},"userIdentity":{"type":"AssumedRole"},"errorCode":"AccessDenied","errorCode":null}`,
  'duplicate nested keys with a type change': `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"X","userIdentity":{"arn":"a","arn":5,"type":"IAMUser"}}`,
  'data event flags': JSON.stringify({ ...base, eventCategory: 'Data', managementEvent: false, readOnly: true }),
  'time with offset and fraction (normalized alike)': JSON.stringify({
    ...base,
    eventTime: '2026-10-01T14:00:00.123+02:00',
  }),
  'deeply nested skipped value': JSON.stringify({
    ...base,
    responseElements: JSON.parse('['.repeat(200) + ']'.repeat(200)),
  }),
  'string containing braces and brackets': JSON.stringify({
    ...base,
    errorMessage: '{[}]"{',
    requestParameters: { policy: '{"Statement":[{"Effect":"Allow"}]}' },
  }),
};

const BAD_RECORDS: Record<string, string> = {
  'missing eventTime': JSON.stringify({ eventSource: 'a.amazonaws.com', eventName: 'X' }),
  'missing eventSource and eventName': JSON.stringify({ eventTime: '2026-10-01T12:00:00Z' }),
  'eventTime not ISO': JSON.stringify({ ...base, eventTime: 'yesterday' }),
  'eventTime impossible date': JSON.stringify({ ...base, eventTime: '2026-02-30T12:00:00Z' }),
  'eventName empty': JSON.stringify({ ...base, eventName: '' }),
  'record is a string': '"not a record"',
  'record is null': 'null',
};

describe('scanner equals JSON.parse + pick', () => {
  it.each(Object.entries(TRICKY_RECORDS))('%s', (_name, record) => {
    const scanned = expectSameAsReference(`{"Records":[${record}]}`);
    expect(scanned.records).toHaveLength(1);
    expect(scanned.problems).toEqual([]);
  });

  it('all tricky records in one document, with other top-level keys around', () => {
    const text = `{"digest":{"a":[1,{"Records":[]}]},"Records":[${Object.values(TRICKY_RECORDS).join(',\n')}],"trailer":"x"}`;
    expect(expectSameAsReference(text).records).toHaveLength(Object.keys(TRICKY_RECORDS).length);
  });

  it.each(Object.entries(BAD_RECORDS))('rejects a record with %s, by index, and keeps the others', (_name, bad) => {
    const scanned = expectSameAsReference(`{"Records":[${TRICKY_RECORDS.plain},${bad},${TRICKY_RECORDS.plain}]}`);
    expect(scanned.records).toHaveLength(2);
    expect(scanned.problems).toEqual([{ recordIndex: 1, reason: expect.any(String) }]);
  });

  it('requestParameters are parsed lazily, to what JSON.parse gives', () => {
    const text = `{"Records":[${TRICKY_RECORDS['nested "arn" keys in requestParameters and responseElements']}]}`;
    const [record] = scanCloudTrailText(text).records;
    expect(record?.requestParameters).toEqual(JSON.parse(text).Records[0].requestParameters);
  });

  it('a later duplicate "Records" key replaces the earlier one, as in JSON.parse', () => {
    const text = `{"Records":[${TRICKY_RECORDS.plain}],"Records":[${TRICKY_RECORDS.plain},${TRICKY_RECORDS.plain}]}`;
    expect(expectSameAsReference(text).records).toHaveLength(2);
  });

  it('identical userIdentity texts share one object; different ones do not', () => {
    const other = JSON.stringify({ ...base, userIdentity: { ...identity, accessKeyId: 'ASIAOTHER' } });
    const [a, b, c] = scanCloudTrailText(
      `{"Records":[${TRICKY_RECORDS.plain},${TRICKY_RECORDS.plain},${other}]}`,
    ).records;
    expect(a?.userIdentity).toBe(b?.userIdentity);
    expect(c?.userIdentity).not.toBe(a?.userIdentity);
    expect(c?.userIdentity?.accessKeyId).toBe('ASIAOTHER');
  });
});

const MALFORMED: Record<string, string> = {
  'trailing comma in a skipped object': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","responseElements":{"a":1,}}]}`,
  'two values without a comma in a skipped object': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","responseElements":{"a":1 "b":2}}]}`,
  'raw newline inside a skipped string': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","userAgent":"a\nb"}]}`,
  'raw tab inside a picked string': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X\tY"}]}`,
  'invalid escape': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","userAgent":"\\x41"}]}`,
  'short unicode escape': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","userAgent":"\\u12"}]}`,
  'leading zero number': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","n":01}]}`,
  'bare fraction': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","n":.5}]}`,
  'NaN literal': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","n":NaN}]}`,
  'mismatched brackets': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","r":[1}]}`,
  'single quotes': `{'Records':[]}`,
  truncated: `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X"},{"eventTi`,
  'garbage after the document': `{"Records":[]} xyz`,
  'trailing comma in Records': `{"Records":[${TRICKY_RECORDS.plain},]}`,
  'literal with extra letters': `{"Records":[{"eventTime":"2026-10-01T12:00:00Z","eventSource":"a","eventName":"X","readOnly":truex}]}`,
};

describe('malformed documents are rejected exactly as JSON.parse rejects them', () => {
  it.each(Object.entries(MALFORMED))('%s', (_name, text) => {
    expect(() => JSON.parse(text)).toThrow();
    const scanned = expectSameAsReference(text);
    expect(scanned.records).toEqual([]);
    expect(scanned.problems).toEqual([{ reason: expect.stringMatching(/^invalid JSON: /) }]);
  });

  const sample = `{"Records":[${TRICKY_RECORDS.plain},${TRICKY_RECORDS['nested "arn" keys in requestParameters and responseElements']}]}`;

  it('every truncation of a document gives the same verdict as JSON.parse', () => {
    for (let end = 0; end <= sample.length; end++) expectSameAsReference(sample.slice(0, end));
  });

  it('every single-character corruption gives the same verdict as JSON.parse', () => {
    for (let at = 0; at < sample.length; at++)
      for (const ch of ['}', ']', ',', '"', '\\', '\n', ':', 'x', '1', ' '])
        expectSameAsReference(sample.slice(0, at) + ch + sample.slice(at + 1));
  });
});

describe('other shapes', () => {
  const event = (record: object) => ({ EventId: 'x', EventName: 'GetObject', CloudTrailEvent: JSON.stringify(record) });
  const cases: [string, string, number, { jsonLines?: boolean }][] = (
    [
      ['JSON array of records', `[${TRICKY_RECORDS.plain},${TRICKY_RECORDS['raw non-ASCII text']}]`, 2],
      ['JSON lines', `${TRICKY_RECORDS.plain}\n${TRICKY_RECORDS['data event flags']}\n\n`, 2],
      ['JSON lines, forced by the extension', `${TRICKY_RECORDS.plain}`, 1, { jsonLines: true }],
      [
        'lookup-events output',
        JSON.stringify({ Events: [event(base), event({ ...base, eventName: 'PutObject' })], NextToken: 't' }),
        2,
      ],
      ['lookup-events results, one per line', `${JSON.stringify(event(base))}\n${JSON.stringify(event(base))}`, 2],
      ['one record alone', TRICKY_RECORDS.plain, 1],
      [
        'Records documents, one per line',
        `{"Records":[${TRICKY_RECORDS.plain}]}\n{"Records":[${TRICKY_RECORDS.plain}]}`,
        2,
      ],
    ] as [string, string, number, { jsonLines?: boolean }?][]
  ).map(([name, text, count, options]) => [name, text, count, options ?? {}]);
  it.each(cases)('%s', (_name, text, count, options) => {
    const scanned = expectSameAsReference(text, options);
    expect(scanned.records).toHaveLength(count);
    expect(scanned.problems).toEqual([]);
  });

  it('JSON lines: a broken line is rejected by its index, the rest is read', () => {
    const text = `${TRICKY_RECORDS.plain}\n{"eventTime": broken\n${TRICKY_RECORDS.plain}\n{"foo":1}\n`;
    const scanned = expectSameAsReference(text);
    expect(scanned.records).toHaveLength(2);
    expect(scanned.problems).toEqual([
      { recordIndex: 1, reason: expect.stringMatching(/^line 2: invalid JSON/) },
      { recordIndex: 3, reason: 'line 4: not a CloudTrail record' },
    ]);
  });

  it('lookup-events with a CloudTrailEvent that is not JSON', () => {
    const scanned = expectSameAsReference(JSON.stringify({ Events: [{ CloudTrailEvent: '{nope' }, event(base)] }));
    expect(scanned.records).toHaveLength(1);
    expect(scanned.problems).toEqual([
      { recordIndex: 0, reason: expect.stringMatching(/^CloudTrailEvent is not valid JSON/) },
    ]);
  });

  it.each([
    ['{"foo":1}', /^not a CloudTrail log/],
    ['42', /^not a CloudTrail log/],
    ['', /^file is empty$/],
    ['  \n ', /^file is empty$/],
    ['{"Events": 5}', /"Events" is not an array/],
  ])('%j is reported, not thrown', (text, reason) => {
    const scanned = expectSameAsReference(text);
    expect(scanned.records).toEqual([]);
    expect(scanned.problems).toEqual([expect.objectContaining({ reason: expect.stringMatching(reason) })]);
  });

  it('a byte order mark is ignored', () => {
    expect(expectSameAsReference(`\ufeff{"Records":[${TRICKY_RECORDS.plain}]}`).records).toHaveLength(1);
  });
});
