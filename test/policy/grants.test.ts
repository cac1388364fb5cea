import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { allowedActions, isActionAllowed } from '../../src/core/policy/grants.js';
import { normalizePolicyDocument } from '../../src/core/policy/normalize.js';
import { policyFixture } from './fixtures.js';

interface Case {
  rule: string;
  documents: unknown[];
  names?: string[];
  expectAllowed?: string[];
  includes?: string[];
  excludes?: string[];
  minCount?: number;
  findings?: string[];
  findingsInclude?: string[];
}

const cases = policyFixture<Case[]>('grants.json');

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

describe('allowedActions (test/fixtures/policy/grants.json)', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const documents = c.documents.map((d, i) => normalizePolicyDocument(d, `case[${i}]`));
    const got = allowedActions(documents, catalog, c.names ? { names: c.names } : {});
    const allowed = [...got.allowed].sort();
    if (c.expectAllowed) expect(allowed).toEqual(c.expectAllowed);
    for (const a of c.includes ?? []) expect(allowed).toContain(a);
    for (const a of c.excludes ?? []) expect(allowed).not.toContain(a);
    if (c.minCount !== undefined) expect(allowed.length).toBeGreaterThanOrEqual(c.minCount);
    if (c.findings) expect(got.findings).toEqual(c.findings);
    for (const f of c.findingsInclude ?? []) expect(got.findings.join('\n')).toContain(f);

    // isActionAllowed agrees with the set, one action at a time.
    const probe = [...(c.expectAllowed ?? []), ...(c.includes ?? []), ...(c.excludes ?? [])];
    for (const a of probe) expect(isActionAllowed(a, documents, catalog)).toBe(got.allowed.has(a));
  });

  it('isActionAllowed: an action not in the catalog is never allowed', () => {
    const doc = normalizePolicyDocument(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      'x',
    );
    expect(isActionAllowed('s3:NoSuchAction', [doc], catalog)).toBe(false);
    expect(isActionAllowed('s3:getobject', [doc], catalog)).toBe(true);
  });
});
