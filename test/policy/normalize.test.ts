import { describe, expect, it } from '@jest/globals';
import { AlphaError } from '../../src/core/errors.js';
import { normalizePolicyDocument, parsePolicyFile, PolicyParseError } from '../../src/core/policy/normalize.js';
import { policyFixture } from './fixtures.js';

interface Cases {
  valid: { rule: string; input: unknown; expect: unknown }[];
  invalid: { rule: string; input: unknown; path: string; messageIncludes: string }[];
  files: { rule: string; text: string; names?: string[]; error?: string }[];
}

const cases = policyFixture<Cases>('normalize.json');

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('normalizePolicyDocument (test/fixtures/policy/normalize.json)', () => {
  it.each(cases.valid.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const got = normalizePolicyDocument(c.input, 'policy.json');
    expect(got).toEqual(c.expect);
    // Stable: normalizing the normalized form changes nothing, key order included.
    expect(JSON.stringify(normalizePolicyDocument(got, 'again'))).toBe(JSON.stringify(got));
  });

  it.each(cases.invalid.map((c) => [c.rule, c] as const))('refuses: %s', (_rule, c) => {
    const error = thrown(() => normalizePolicyDocument(c.input, 'policy.json'));
    expect(error).toBeInstanceOf(PolicyParseError);
    expect(error).toBeInstanceOf(AlphaError);
    const e = error as PolicyParseError;
    expect(e.source).toBe('policy.json');
    expect(e.path).toBe(c.path);
    expect(e.message.startsWith(`policy.json: ${c.path} `)).toBe(true);
    expect(e.message).toContain(c.messageIncludes);
    expect(e.fix ?? '').not.toBe('');
  });
});

describe('parsePolicyFile (test/fixtures/policy/normalize.json)', () => {
  it.each(cases.files.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    if (c.error !== undefined) {
      const error = thrown(() => parsePolicyFile(c.text, 'policy.json'));
      expect(error).toBeInstanceOf(PolicyParseError);
      expect((error as Error).message).toContain(c.error);
      return;
    }
    const got = parsePolicyFile(c.text, 'policy.json');
    expect(got.map((p) => p.name)).toEqual(c.names);
    for (const p of got) expect(p.document.Statement.length).toBeGreaterThan(0);
  });
});
