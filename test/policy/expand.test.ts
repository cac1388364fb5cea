import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { actionPatternMatches, expandActionPattern } from '../../src/core/policy/expand.js';
import { policyFixture } from './fixtures.js';

interface Case {
  rule: string;
  pattern: string;
  expect?: string[];
  includes?: string[];
  excludes?: string[];
  allStartWith?: string;
  minCount?: number;
}

const cases = policyFixture<Case[]>('expand.json');

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

describe('expandActionPattern (test/fixtures/policy/expand.json)', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const got = expandActionPattern(c.pattern, catalog);
    if (c.expect) expect(got).toEqual(c.expect);
    for (const a of c.includes ?? []) expect(got).toContain(a);
    for (const a of c.excludes ?? []) expect(got).not.toContain(a);
    if (c.allStartWith) for (const a of got) expect(a.startsWith(c.allStartWith)).toBe(true);
    if (c.minCount !== undefined) expect(got.length).toBeGreaterThanOrEqual(c.minCount);
    // Sorted, de-duplicated, canonical catalog keys.
    expect(got).toEqual([...new Set(got)].sort());
    for (const a of got.slice(0, 50)) expect(catalog.action(a)?.key).toBe(a);
    for (const a of got.slice(0, 50)) expect(actionPatternMatches(c.pattern, a)).toBe(true);
  });

  it('returns a copy: callers may mutate the result without poisoning the cache', () => {
    const first = expandActionPattern('sqs:Send*', catalog);
    first.push('sqs:Nope');
    expect(expandActionPattern('sqs:Send*', catalog)).not.toContain('sqs:Nope');
  });

  it('* alone is the sum of every service', () => {
    const total = catalog.services().reduce((n, s) => n + catalog.actionsOf(s).length, 0);
    expect(expandActionPattern('*', catalog)).toHaveLength(total);
  });
});
