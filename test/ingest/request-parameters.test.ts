/**
 * Request parameters read by key (IndexedParameters): the record index finds the keys that resources.ts and
 * implied.ts read, so those need no JSON.parse of the whole value. Whatever reads them must see exactly what
 * reading the parsed object gives, including its case-insensitive fallback, duplicates and escapes.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { passedRolesOf } from '../../src/core/cloudtrail/implied.js';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/record.js';
import { requestParametersOf, resourcesOf, stringsAt } from '../../src/core/cloudtrail/resources.js';
import { parseCloudTrailTextReference, scanTrailBytes } from '../../src/core/cloudtrail/scan.js';
import { IndexedParameters, PARAMETER_KEYS, plainRecord } from '../../src/core/cloudtrail/scan-record.js';

/** Records of a `{"Records":[...]}` text, read as trail files are (by the record index). */
function readIndexed(text: string): CloudTrailRecord[] {
  const bytes = Buffer.from(text, 'latin1');
  const result = scanTrailBytes(bytes, (start, end) => bytes.toString('latin1', start, end));
  expect(result?.problems).toEqual([]);
  return result?.records ?? [];
}

const envelope = (requestParameters: string, eventSource = 's3.amazonaws.com', eventName = 'GetObject') =>
  `{"eventTime":"2026-10-01T12:00:00Z","eventSource":"${eventSource}","eventName":"${eventName}",` +
  `"awsRegion":"eu-west-1","recipientAccountId":"123456789012","requestParameters":${requestParameters}}`;

/** Every way resources.ts and implied.ts step into parameters, for one key. */
const pathsOf = (key: string): string[][] => [[key], [key, '[]'], [key, 'arn'], [key, '[]', 'roleArn']];

interface Case {
  readonly rule: string;
  readonly record: CloudTrailRecord;
}
const load = (name: string): Case[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/mapping/${name}`, import.meta.url), 'utf8')) as Case[];
const FIXTURES = [...load('resources.json'), ...load('passed-roles.json')];

describe('PARAMETER_KEYS', () => {
  it('holds every top-level key that resources.ts and implied.ts ask for, over every mapping fixture', () => {
    const asked = new Set<string>();
    for (const { record } of FIXTURES) {
      const params = record.requestParameters;
      if (typeof params !== 'object' || params === null) continue;
      // No own keys to list: the case-insensitive search then asks for nothing, so only exact lookups are seen.
      const spy = new Proxy(params, {
        ownKeys: () => [],
        getOwnPropertyDescriptor(target, key) {
          if (typeof key === 'string') asked.add(key);
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
      });
      const spied = { ...plainRecord(record), requestParameters: spy } as unknown as CloudTrailRecord;
      resourcesOf(spied);
      passedRolesOf(spied);
    }
    expect(asked.size).toBeGreaterThan(30);
    expect([...asked].filter((key) => !PARAMETER_KEYS.includes(key))).toEqual([]);
  });

  it('are distinct', () => {
    expect(new Set(PARAMETER_KEYS).size).toBe(PARAMETER_KEYS.length);
  });
});

describe('every mapping fixture read from a trail file', () => {
  it.each(FIXTURES.map((c) => [c.rule, c] as const))('%s', (_rule, { record }) => {
    const text = `{"Records":[${JSON.stringify(plainRecord(record))}]}`;
    const [read] = readIndexed(text) as [CloudTrailRecord];
    const [reference] = parseCloudTrailTextReference(text).records as [CloudTrailRecord];
    expect(resourcesOf(read)).toEqual(resourcesOf(reference));
    expect(passedRolesOf(read)).toEqual(passedRolesOf(reference));
    expect(plainRecord(read)).toEqual(plainRecord(reference));
  });
});

describe('read by key', () => {
  it('is what the record index gives an object of plain keys, and reads what the parsed object reads', () => {
    const [read] = readIndexed(
      `{"Records":[${envelope('{"bucketName":"logs-1","key":"k/1","x-amz-copy-source":"src/k","other":{"key":1}}')}]}`,
    ) as [CloudTrailRecord];
    expect(requestParametersOf(read)).toBeInstanceOf(IndexedParameters);
    expect(resourcesOf(read)).toEqual(['arn:aws:s3:::logs-1/k/1', 'arn:aws:s3:::src/k']);
    // The full value is still there for whoever wants it.
    expect(read.requestParameters).toEqual({
      bucketName: 'logs-1',
      key: 'k/1',
      'x-amz-copy-source': 'src/k',
      other: { key: 1 },
    });
  });

  it.each([
    ['a key that differs from a wanted one in case only', '{"BucketName":"b","key":"k"}'],
    ['an escaped key', '{"\\u0062ucketName":"b","key":"k"}'],
    ['roleARN, which is also roleArn in another case', '{"roleARN":"arn:aws:iam::123456789012:role/r"}'],
  ])('%s: read from the parsed object', (_what, params) => {
    const [read] = readIndexed(`{"Records":[${envelope(params)}]}`) as [CloudTrailRecord];
    expect(requestParametersOf(read)).not.toBeInstanceOf(IndexedParameters);
    const reference = JSON.parse(params) as unknown;
    for (const key of PARAMETER_KEYS)
      for (const path of pathsOf(key))
        expect([path, stringsAt(requestParametersOf(read), path)]).toEqual([path, stringsAt(reference, path)]);
  });

  it('equals reading the parsed object, over 3,000 random parameter objects', () => {
    // Keys: wanted ones, their case variants, duplicates, keys nobody reads, and escaped spellings.
    const keys = [...PARAMETER_KEYS.slice(0, 12), 'roleArn', 'roleARN', 'iamInstanceProfile', 'targets', 'names'];
    const spellings = (key: string): string[] => [
      key,
      key.toUpperCase(),
      key[0]?.toUpperCase() + key.slice(1),
      `\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}`,
      `${key}x`,
    ];
    const values = [
      '"arn:aws:iam::123456789012:role/r"',
      '"plain"',
      '"with \\"escape\\" and \\u0041"',
      '""',
      '7',
      'null',
      'true',
      '["a","b"]',
      '[{"roleArn":"arn:aws:iam::123456789012:role/t"}]',
      '{"arn":"arn:aws:iam::123456789012:instance-profile/p","name":"p"}',
      '{"nested":{"key":"deep"}}',
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let indexed = 0;
    for (let round = 0; round < 3000; round++) {
      const pairs: string[] = [];
      for (let p = random(6); p > 0; p--) {
        const key = keys[random(keys.length)] as string;
        const spelled = random(4) === 0 ? (spellings(key)[random(5)] as string) : key;
        pairs.push(`"${spelled}" : ${values[random(values.length)]}`);
      }
      const params = `{ ${pairs.join(' , ')} }`;
      const text = `{"Records":[${envelope(params)}]}`;
      const [read] = readIndexed(text) as [CloudTrailRecord];
      const [reference] = parseCloudTrailTextReference(text).records as [CloudTrailRecord];
      if (requestParametersOf(read) instanceof IndexedParameters) indexed++;
      for (const key of [...keys, 'unread'])
        for (const path of pathsOf(key))
          expect([params, path, stringsAt(requestParametersOf(read), path)]).toEqual([
            params,
            path,
            stringsAt(requestParametersOf(reference), path),
          ]);
      expect(read.requestParameters).toEqual(reference.requestParameters);
    }
    // Both ways were exercised.
    expect(indexed).toBeGreaterThan(500);
    expect(indexed).toBeLessThan(2900);
  });
});
