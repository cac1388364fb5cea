import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  isServiceLinkedRoleArn,
  parseIamArn,
  principalMatches,
  resolvePrincipal,
} from '../../src/core/cloudtrail/principal.js';
import type { UserIdentity } from '../../src/core/cloudtrail/record.js';

const cases = JSON.parse(readFileSync(new URL('../fixtures/mapping/principals.json', import.meta.url), 'utf8')) as {
  resolvePrincipal: { rule: string; identity: unknown; expect: unknown }[];
  principalMatches: { rule: string; requested: string; principal: string; expect: boolean }[];
  parseIamArn: { arn: string; expect: unknown }[];
};

describe('resolvePrincipal (test/fixtures/mapping/principals.json)', () => {
  it.each(cases.resolvePrincipal.map((c) => [c.rule, c] as const))('%s', (_r, c) => {
    const got = resolvePrincipal((c.identity ?? undefined) as UserIdentity | undefined);
    expect(got).toEqual(c.expect ?? undefined);
  });
});

describe('principalMatches', () => {
  it.each(cases.principalMatches.map((c) => [c.rule, c] as const))('%s', (_r, c) => {
    expect(principalMatches(c.requested, c.principal)).toBe(c.expect);
  });
});

describe('parseIamArn', () => {
  it.each(cases.parseIamArn.map((c) => [c.arn || '(empty)', c] as const))('%s', (_a, c) => {
    expect(parseIamArn(c.arn)).toEqual(c.expect ?? undefined);
  });

  it('tells service-linked roles apart', () => {
    expect(
      isServiceLinkedRoleArn('arn:aws:iam::123456789012:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO'),
    ).toBe(true);
    expect(isServiceLinkedRoleArn('arn:aws:iam::123456789012:role/app')).toBe(false);
  });
});
