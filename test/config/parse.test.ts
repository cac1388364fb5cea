import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AlphaError } from '../../src/core/errors.js';
import { formatConfigPath, parseAlphaConfig } from '../../src/config/parse.js';

const dir = join(import.meta.dirname, '../fixtures/config');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const expectLine = /^# expect: (.*)$/m.exec(text)?.[1];
    if (!expectLine) throw new Error(`${file} has no "# expect:" line`);
    return [file, text, expectLine] as const;
  });

describe('parseAlphaConfig (data cases in test/fixtures/config)', () => {
  it('has cases for both outcomes', () => {
    expect(cases.filter(([, , e]) => e === 'ok').length).toBeGreaterThanOrEqual(2);
    expect(cases.filter(([, , e]) => e !== 'ok').length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('%s', (_file, text, expected) => {
    if (expected === 'ok') {
      expect(() => parseAlphaConfig(text)).not.toThrow();
      return;
    }
    let error: unknown;
    try {
      parseAlphaConfig(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toContain(expected);
    expect((error as AlphaError).fix).toBeTruthy();
  });
});

describe('parseAlphaConfig defaults', () => {
  it('fills defaults a minimal file leaves out, and keeps overridable ones unset', () => {
    const config = parseAlphaConfig(readFileSync(join(dir, 'valid-minimal.yml'), 'utf8'));
    expect(config).toEqual({ version: 1, roles: [{ arn: 'arn:aws:iam::111122223333:role/orders-api' }] });
  });

  it('reads every documented key of a full file', () => {
    const config = parseAlphaConfig(readFileSync(join(dir, 'valid-full.yml'), 'utf8'));
    expect(config.roles[1]?.reader).toEqual({
      roleArn: 'arn:aws:iam::444455556666:role/alpha-reader',
      externalId: 'alpha-ci-7f3a',
    });
    expect(config.roles[0]?.iac).toEqual({
      terraform: { file: 'infra/iam.tf', address: 'aws_iam_role_policy.orders' },
    });
    expect(config.usage).toEqual({ source: 's3', days: 30, bucket: 'org-trail', prefix: 'cloudtrail/' });
    expect(config.guardrails?.requiredConditions?.[0]?.values).toBe('analysis-regions');
    expect(config.mode).toBe('enforce');
    expect(config.riskThreshold).toBe(0.05);
    expect(config.reasoner).toEqual({ enabled: true, model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' });
  });

  it('names the file it was given', () => {
    expect(() => parseAlphaConfig('mode: x', 'config/alpha.yaml')).toThrow(/^config\/alpha\.yaml:1: /);
  });

  it('refuses a file too large to be a config', () => {
    expect(() => parseAlphaConfig('#'.repeat(300_000))).toThrow(/over the 262144-byte limit/);
  });

  it('refuses YAML alias bombs instead of expanding them', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(() => parseAlphaConfig(bomb)).toThrow(AlphaError);
  });
});

describe('formatConfigPath', () => {
  it.each([
    [[], ''],
    [['mode'], 'mode'],
    [['roles', 0, 'iac', 'terraform'], 'roles[0].iac.terraform'],
  ] as const)('%j → %s', (path, text) => expect(formatConfigPath(path)).toBe(text));
});

describe('examples/workflows/alpha.yml', () => {
  it('is a valid config (the README points users at it)', () => {
    const text = readFileSync(new URL('../../examples/workflows/alpha.yml', import.meta.url), 'utf8');
    expect(parseAlphaConfig(text).roles).toHaveLength(2);
  });
});
