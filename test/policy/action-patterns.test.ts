import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { losslessPatterns, verbOf } from '../../src/core/policy/action-patterns.js';
import { expandActionPattern } from '../../src/core/policy/expand.js';

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

function expandAll(patterns: readonly string[]): string[] {
  return [...new Set(patterns.flatMap((p) => expandActionPattern(p, catalog)))].sort();
}

describe('losslessPatterns', () => {
  it('every action of a service is the service wildcard', () => {
    const names = catalog.actionsOf('sqs').map((a) => a.name);
    expect(losslessPatterns('sqs', names, catalog)).toEqual(['sqs:*']);
  });

  it('a single action stays itself', () => {
    expect(losslessPatterns('s3', ['GetObject'], catalog)).toEqual(['s3:GetObject']);
  });

  it('an action the catalog does not know keeps every name as written', () => {
    expect(losslessPatterns('s3', ['GetObject', 'GetObjectFuture'], catalog)).toEqual([
      's3:GetObject',
      's3:GetObjectFuture',
    ]);
  });

  it.each(['s3', 'ec2', 'dynamodb', 'kms'])(
    '%s: patterns expand to exactly the subset they replace (several subsets)',
    (service) => {
      const all = catalog.actionsOf(service).map((a) => a.name);
      for (const step of [2, 3, 5, 7]) {
        const subset = all.filter((_, i) => i % step !== 0);
        const patterns = losslessPatterns(service, subset, catalog);
        expect(expandAll(patterns)).toEqual(subset.map((n) => `${service}:${n}`).sort());
        expect(patterns.length).toBeLessThanOrEqual(subset.length);
      }
    },
  );
});

describe('verbOf', () => {
  it.each([
    ['GetObjectAcl', 'Get'],
    ['BatchGetItem', 'Batch'],
    ['PutObject', 'Put'],
    ['ListAllMyBuckets', 'List'],
  ])('%s → %s', (name, verb) => {
    expect(verbOf(name)).toBe(verb);
  });
});
