import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { changeSummaryOf, diffPolicies, reductionPercentOf } from '../../src/core/policy/diff.js';
import type { PolicyDocument } from '../../src/core/policy/document.js';
import { allowedActions } from '../../src/core/policy/grants.js';
import { normalizePolicyDocument } from '../../src/core/policy/normalize.js';
import type { PolicyDiff } from '../../src/core/proposal.js';
import { policyFixture } from './fixtures.js';

interface Case {
  rule: string;
  existing: unknown[] | null;
  proposed: PolicyDocument;
  observed: string[];
  expect: PolicyDiff;
}

const cases = policyFixture<Case[]>('diff.json');

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

describe('diffPolicies (test/fixtures/policy/diff.json)', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const existing = c.existing
      ? allowedActions(
          c.existing.map((d, i) => normalizePolicyDocument(d, `existing[${i}]`)),
          catalog,
        ).allowed
      : null;
    expect(diffPolicies(existing, c.proposed, c.observed, catalog)).toEqual(c.expect);
  });

  it('AdministratorAccess to a 3-action policy', () => {
    const admin = normalizePolicyDocument(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      'admin',
    );
    const existing = allowedActions([admin], catalog).allowed;
    const proposed: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage'], Resource: ['*'] }],
    };
    const diff = diffPolicies(existing, proposed, ['s3:GetObject'], catalog);
    expect(diff.keptActions).toEqual(['s3:GetObject', 's3:PutObject', 'sqs:SendMessage']);
    expect(diff.addedActions).toEqual([]);
    expect(diff.removedActions).toHaveLength(existing.size - 3);
    expect(diff.changeSummary).toMatch(/^-\d{1,2},\d{3} actions, \+0 actions$/);
    expect(diff.reductionPercent).toBe(100);
    expect(diff.observedNotGranted).toEqual([]);
  });
});

describe('changeSummaryOf / reductionPercentOf', () => {
  it.each([
    [1412, 3, '-1,412 actions, +3 actions'],
    [1, 1, '-1 action, +1 action'],
    [0, 0, '-0 actions, +0 actions'],
    [1234567, 0, '-1,234,567 actions, +0 actions'],
  ])('-%d +%d → %s', (removed, added, text) => {
    expect(changeSummaryOf(removed, added)).toBe(text);
  });

  it.each([
    [1412, 1415, 99.8],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 10, 0],
    [5, 0, 0],
    [10, 10, 100],
  ])('%d of %d → %d %', (removed, existing, percent) => {
    expect(reductionPercentOf(removed, existing)).toBe(percent);
  });
});
