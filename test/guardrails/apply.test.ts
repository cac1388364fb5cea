import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { applyGuardrails } from '../../src/core/guardrails/apply.js';
import type { GuardrailConfig } from '../../src/core/guardrails/config.js';
import { guardrailConfigFor, resolveGuardrails } from '../../src/core/guardrails/presets.js';
import type { PolicyDocument } from '../../src/core/policy/document.js';
import { allowedActions } from '../../src/core/policy/grants.js';

interface Case {
  description: string;
  config: GuardrailConfig;
  regions: string[];
  sizeLimit?: number;
  policy: PolicyDocument;
  expected: {
    policy: PolicyDocument;
    violations: { code: string; path: string; messageContains: string }[];
    notes?: string[];
    removed: string[];
  };
}

const dir = join(import.meta.dirname, '../fixtures/guardrails');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Case] as const);

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

describe('applyGuardrails (test/fixtures/guardrails)', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  it.each(cases)('%s', (_file, c) => {
    const input = structuredClone(c.policy);
    const result = applyGuardrails(c.policy, c.config, {
      regions: c.regions,
      catalog,
      ...(c.sizeLimit === undefined ? {} : { sizeLimit: c.sizeLimit }),
    });
    expect(result.policy).toEqual(c.expected.policy);
    expect(result.violations.map((v) => ({ code: v.code, path: v.path }))).toEqual(
      c.expected.violations.map((v) => ({ code: v.code, path: v.path })),
    );
    result.violations.forEach((v, i) => expect(v.message).toContain(c.expected.violations[i]?.messageContains));
    if (c.expected.notes) expect(result.notes).toEqual(c.expected.notes);
    expect(result.removed).toEqual(c.expected.removed);
    expect(c.policy).toEqual(input);
  });
});

describe('applyGuardrails invariants', () => {
  it('the output of prod never grants a blocked or disallowed action, even from "*"', () => {
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }],
    };
    const result = applyGuardrails(policy, { preset: 'prod' }, { regions: ['eu-west-1'], catalog });
    const granted = allowedActions([result.policy], catalog).allowed;
    expect([...granted].filter((a) => a.startsWith('iam:') || a.startsWith('organizations:'))).toEqual([]);
    expect(granted.has('sts:AssumeRole')).toBe(false);
    expect(granted.has('sts:GetCallerIdentity')).toBe(true);
    expect(granted.has('s3:GetObject')).toBe(true);
    expect(result.policy.Statement[0]?.Action).toContain('s3:*');
    expect(result.violations.map((v) => v.code)).toEqual(
      expect.arrayContaining(['BLOCKED_ACTION', 'DISALLOWED_SERVICE', 'WILDCARD_ACTION', 'POLICY_TOO_LARGE']),
    );
    expect(result.removed).toContain('iam:CreateRole');
  });

  it('is deterministic', () => {
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'sqs:SendMessage', 'cloudfront:Get*'], Resource: ['*'] }],
    };
    const a = applyGuardrails(policy, { preset: 'prod' }, { regions: ['us-east-1', 'eu-west-1'], catalog });
    const b = applyGuardrails(policy, { preset: 'prod' }, { regions: ['eu-west-1', 'us-east-1'], catalog });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('an empty policy stays empty with no violations', () => {
    const result = applyGuardrails(
      { Version: '2012-10-17', Statement: [] },
      { preset: 'prod' },
      { regions: [], catalog },
    );
    expect(result).toEqual({
      policy: { Version: '2012-10-17', Statement: [] },
      violations: [],
      notes: [],
      removed: [],
    });
  });
});

describe('presets', () => {
  it('guardrailConfigFor carries the CLI extras and nothing empty', () => {
    expect(guardrailConfigFor('prod', { excludeServices: ['ec2'], suppressActions: [] })).toEqual({
      preset: 'prod',
      excludeServices: ['ec2'],
    });
  });

  it('prod resolves to the documented rules with the regions sorted', () => {
    expect(resolveGuardrails({ preset: 'prod' }, ['us-east-1', 'eu-west-1'])).toEqual({
      blockedActions: ['iam:*', 'sts:AssumeRole'],
      disallowedServices: ['iam', 'organizations'],
      requiredConditions: [
        { operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['eu-west-1', 'us-east-1'] },
      ],
      excludeServices: [],
      suppressActions: [],
      flagWildcardActions: true,
    });
  });

  it('a custom region condition narrows the preset one to the values both allow', () => {
    const rules = resolveGuardrails(
      {
        preset: 'prod',
        requiredConditions: [{ operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['eu-west-1'] }],
      },
      ['us-east-1', 'eu-west-1'],
    );
    expect(rules.requiredConditions).toEqual([
      { operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['eu-west-1'] },
    ]);
  });

  it('an unknown preset is refused with the valid names', () => {
    expect(() => resolveGuardrails({ preset: 'strict' as 'prod' }, [])).toThrow(/none, sandbox, prod/);
  });
});
