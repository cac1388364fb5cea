import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { normalizePolicyDocument } from '../../src/core/policy/normalize.js';
import { gradeOf, scorePolicy } from '../../src/core/risk/score.js';
import { policyFixture } from './fixtures.js';

interface Case {
  rule: string;
  documents: unknown[];
  expect: { score: number; grade: string; codes: string[]; detailIncludes?: string };
}

const cases = policyFixture<Case[]>('score.json');

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

describe('scorePolicy (test/fixtures/policy/score.json)', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const got = scorePolicy(
      c.documents.map((d, i) => normalizePolicyDocument(d, `case[${i}]`)),
      catalog,
    );
    expect(got.score).toBe(c.expect.score);
    expect(got.grade).toBe(c.expect.grade);
    expect(got.findings.map((f) => f.code)).toEqual(c.expect.codes);
    expect(100 - got.findings.reduce((n, f) => n + f.penalty, 0)).toBe(got.score);
    if (c.expect.detailIncludes)
      expect(got.findings.map((f) => f.detail).join('\n')).toContain(c.expect.detailIncludes);
  });

  it('names documents when given names', () => {
    const doc = normalizePolicyDocument(
      { Version: '2012-10-17', Statement: [{ Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' }] },
      'x',
    );
    const got = scorePolicy([doc], catalog, ['AdministratorAccess']);
    expect(got.findings[0]?.detail).toContain('AdministratorAccess $.Statement (Sid Admin)');
  });
});

describe('gradeOf', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89, 'B'],
    [80, 'B'],
    [79, 'C'],
    [70, 'C'],
    [69, 'D'],
    [60, 'D'],
    [59, 'E'],
    [50, 'E'],
    [49, 'F'],
    [0, 'F'],
  ])('%d → %s', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});
