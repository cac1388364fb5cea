import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { EXCEPTIONS } from '../../src/core/cloudtrail/mapping/exceptions.js';
import { mapCall, type CallMapping } from '../../src/core/cloudtrail/mapping/map-call.js';
import { NO_PERMISSION } from '../../src/core/cloudtrail/mapping/no-permission.js';
import { withoutVersionSuffix } from '../../src/core/cloudtrail/mapping/operation-name.js';
import {
  serviceReferenceFromDocuments,
  ServiceReferenceFormatError,
  type ServiceReference,
} from '../../src/core/cloudtrail/service-reference.js';

interface Expect {
  kind: CallMapping['kind'];
  actions?: string[];
  origin?: string;
  reasonIncludes?: string;
}
interface Case {
  rule?: string;
  eventSource: string;
  eventName: string;
  expect: Expect;
}

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/mapping/${name}`, import.meta.url), 'utf8'));

const cases = fixture('map-call.json') as Case[];
const reference = fixture('service-reference.json') as {
  documents: unknown[];
  cases: Case[];
  badDocuments: { documents: unknown[]; messageIncludes: string }[];
};

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

function check(c: Case, serviceReference?: ServiceReference): void {
  const got = mapCall(c.eventSource, c.eventName, catalog, serviceReference);
  expect(got.kind).toBe(c.expect.kind);
  if (got.kind === 'actions') {
    expect(got.actions).toEqual(c.expect.actions);
    expect(got.origin).toBe(c.expect.origin);
  } else {
    expect(got.reason).toContain(c.expect.reasonIncludes ?? '');
  }
}

const title = (c: Case): string =>
  `${c.eventSource} ${JSON.stringify(c.eventName).slice(0, 60)} → ${c.expect.kind === 'actions' ? (c.expect.actions ?? []).join(' + ') : c.expect.kind}${c.rule ? ` (${c.rule})` : ''}`;

describe('mapCall (test/fixtures/mapping/map-call.json)', () => {
  it.each(cases.map((c) => [title(c), c] as const))('%s', (_t, c) => check(c));

  it('has no duplicate case', () => {
    const keys = cases.map((c) => `${c.eventSource} ${c.eventName}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('mapCall with a Service Reference (test/fixtures/mapping/service-reference.json)', () => {
  it.each(reference.cases.map((c) => [title(c), c] as const))('%s', (_t, c) =>
    check(c, serviceReferenceFromDocuments(reference.documents)),
  );
});

describe('serviceReferenceFromDocuments', () => {
  it.each(reference.badDocuments.map((b) => [b.messageIncludes, b] as const))('rejects a document: %s', (_m, b) => {
    expect(() => serviceReferenceFromDocuments(b.documents)).toThrow(ServiceReferenceFormatError);
    expect(() => serviceReferenceFromDocuments(b.documents)).toThrow(b.messageIncludes);
  });

  it('looks operations up case-insensitively by prefix and returns a copy', () => {
    const ref = serviceReferenceFromDocuments(reference.documents);
    const first = ref.authorizedActions('S3', 'putobject');
    expect(first).toEqual(['s3:PutObject', 's3:PutObjectTagging']);
    first?.push('mutated');
    expect(ref.authorizedActions('s3', 'PutObject')).toEqual(['s3:PutObject', 's3:PutObjectTagging']);
    expect(ref.authorizedActions('s3', 'HeadObject')).toBeUndefined();
    expect(ref.authorizedActions('nosuch', 'PutObject')).toBeUndefined();
  });
});

describe('the mapping tables', () => {
  it('name only actions that exist in the catalog', () => {
    const missing = Object.values(EXCEPTIONS)
      .flatMap((table) => Object.values(table))
      .flatMap((rule) => ('actions' in rule ? rule.actions : []))
      .filter((key) => catalog.action(key)?.key !== key);
    expect(missing).toEqual([]);
  });

  it('give every no-permission entry a reason', () => {
    for (const table of Object.values(NO_PERMISSION))
      for (const reason of Object.values(table)) expect(reason.length).toBeGreaterThan(20);
  });

  it.each([
    ['CreateFunction20150331', 'CreateFunction'],
    ['UpdateFunctionConfiguration20150331v2', 'UpdateFunctionConfiguration'],
    ['UpdateDistribution2020_05_31', 'UpdateDistribution'],
    ['ListObjectsV2', 'ListObjectsV2'],
    ['GetObject', 'GetObject'],
    ['20150331', '20150331'],
    ['Create2015033', 'Create2015033'],
  ])('strips the API version suffix of %s → %s', (name, expected) => {
    expect(withoutVersionSuffix(name)).toBe(expected);
  });
});
