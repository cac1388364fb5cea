import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { classifyArn, formatWide } from '../../src/core/policy/resource-arn.js';
import { policyFixture } from './fixtures.js';

interface Case {
  rule: string;
  service: string;
  types: string[];
  arn: string;
  expect: Record<string, string> | null;
}

const cases = policyFixture<Case[]>('resource-arn.json');

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

describe('classifyArn (test/fixtures/policy/resource-arn.json)', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const got = classifyArn(c.arn, c.service, c.types, catalog);
    if (c.expect === null) {
      expect(got).toBeUndefined();
      return;
    }
    expect(got).toMatchObject(c.expect);
    // The split is lossless: prefix + name + suffix is the ARN.
    expect(`${got?.prefix}${got?.name}${got?.suffix}`).toBe(c.arn);
  });
});

describe('formatWide', () => {
  it.each([
    ['s3', ['object'], 'arn:aws:s3:::orders/a.json', 'arn:aws:s3:::*/*'],
    [
      'lambda',
      ['function'],
      'arn:aws:lambda:eu-west-1:111122223333:function:f',
      'arn:aws:lambda:*:111122223333:function:*',
    ],
    ['iam', ['role'], 'arn:aws:iam::111122223333:role/r', 'arn:aws:iam::111122223333:role/*'],
  ])('%s %s', (service, types, arn, wide) => {
    const ref = classifyArn(arn, service, types, catalog);
    expect(ref).toBeDefined();
    if (ref) expect(formatWide(ref)).toBe(wide);
  });
});
