import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { isAccessDeniedInfo, parseAccessDenied } from '../../src/core/access-denied/parse.js';
import { principalIsRole, proposeFix } from '../../src/core/access-denied/propose-fix.js';
import type { IamCatalog } from '../../src/core/catalog.js';

interface CorpusCase {
  name: string;
  message: string;
  expect: Record<string, unknown>;
  fix?: { action: string; resource: string };
  fixError?: string;
  notInIdentityPolicy?: boolean;
}

const corpus = JSON.parse(readFileSync(new URL('./corpus.json', import.meta.url), 'utf8')) as CorpusCase[];

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

describe('AccessDenied corpus', () => {
  it('has at least 15 real-shaped messages', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const parsed = parseAccessDenied(c.message);
    if (!isAccessDeniedInfo(parsed)) throw new Error(`unparsed: ${parsed.error}`);
    expect(parsed).toMatchObject(c.expect);
    expect(parsed.where.length).toBeGreaterThan(10);
    const fix = proposeFix(parsed, catalog);
    if (c.fix) {
      expect(fix).toMatchObject({ ok: true, addition: { ...c.fix, origin: 'fix' } });
    } else if (c.notInIdentityPolicy) {
      expect(fix).toMatchObject({ ok: false, notInIdentityPolicy: true });
      // The refusal says where the fix is instead.
      if (!fix.ok) expect(fix.error).toMatch(/not fixable in this role|will not help|trust policy/);
    } else {
      expect(fix.ok).toBe(false);
      if (!fix.ok) expect(fix.error).toContain(c.fixError ?? '');
    }
  });
});

describe('parseAccessDenied on bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   \n'],
    ['S3 generic Access Denied', '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'],
    [
      'KMS ciphertext',
      'AccessDeniedException: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    ],
    [
      'not an action',
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: everything on resource: *',
    ],
    ['broken JSON', '{"message": "User: x is not'],
  ])('%s → an error that says what to paste', (_name, message) => {
    const parsed = parseAccessDenied(message);
    expect(isAccessDeniedInfo(parsed)).toBe(false);
    if (!isAccessDeniedInfo(parsed)) expect(parsed.error).toMatch(/paste the whole AWS error message/);
  });

  it('strips control and bidi characters from what it returns', () => {
    const parsed = parseAccessDenied(
      'User: arn:aws:sts::111122223333:assumed-role/a/s\u202e is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/\u0007k because no identity-based policy allows the s3:GetObject action',
    );
    if (!isAccessDeniedInfo(parsed)) throw new Error(parsed.error);
    expect(parsed.principalArn).toBe('arn:aws:sts::111122223333:assumed-role/a/s');
    expect(parsed.resource).toBe('arn:aws:s3:::b/k');
  });

  it('never widens the resource: the ARN is kept exactly, wildcards included', () => {
    const parsed = parseAccessDenied(
      'User: arn:aws:sts::111122223333:assumed-role/a/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/reports/2026/11/23.csv because no identity-based policy allows the s3:GetObject action',
    );
    if (!isAccessDeniedInfo(parsed)) throw new Error(parsed.error);
    const fix = proposeFix(parsed, catalog);
    expect(fix).toEqual({
      ok: true,
      addition: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/reports/2026/11/23.csv', origin: 'fix' },
      notes: [],
    });
  });
});

describe('proposeFix with --role-arn', () => {
  const message =
    'User: arn:aws:sts::111122223333:assumed-role/billing/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action';
  it.each([
    ['arn:aws:sts::111122223333:assumed-role/billing/s', 'arn:aws:iam::111122223333:role/billing', true],
    ['arn:aws:sts::111122223333:assumed-role/billing/s', 'arn:aws:iam::111122223333:role/team/billing', true],
    ['arn:aws:sts::111122223333:assumed-role/billing/s', 'arn:aws:iam::111122223333:role/orders-api', false],
    ['arn:aws:sts::111122223333:assumed-role/billing/s', 'arn:aws:iam::444455556666:role/billing', false],
    ['arn:aws:iam::111122223333:user/bob', 'arn:aws:iam::111122223333:role/billing', undefined],
  ])('%s is %s: %s', (principal, role, expected) => {
    expect(principalIsRole(principal, role)).toBe(expected);
  });

  it('warns when the message is about another principal', () => {
    const parsed = parseAccessDenied(message);
    if (!isAccessDeniedInfo(parsed)) throw new Error(parsed.error);
    const fix = proposeFix(parsed, catalog, 'arn:aws:iam::111122223333:role/orders-api');
    expect(fix.ok && fix.notes.join(' ')).toContain('not arn:aws:iam::111122223333:role/orders-api');
  });
});
