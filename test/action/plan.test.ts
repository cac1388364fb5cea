import { describe, expect, it } from '@jest/globals';
import { parseActionInputs } from '../../src/action/inputs.js';
import { planAnalysis } from '../../src/action/plan.js';
import { parseAlphaConfig } from '../../src/config/parse.js';

const inputs = (values: Record<string, string> = {}) =>
  parseActionInputs((name) => ({ 'github-token': 't', ...values })[name] ?? '');

const CONFIG = parseAlphaConfig(`
roles:
  - arn: arn:aws:iam::111122223333:role/orders-api
    iac: { terraform: { file: infra/iam.tf } }
  - arn: arn:aws:iam::111122223333:role/ci
usage: { source: s3, bucket: org-trail, days: 30 }
guardrails: { preset: sandbox, excludeServices: [ec2] }
mode: enforce
riskThreshold: 0.2
`);

describe('planAnalysis', () => {
  it('uses DESIGN.md defaults with no config file', () => {
    const plan = planAnalysis(inputs({ 'role-arn': 'arn:aws:iam::111122223333:role/a' }), null);
    expect(plan).toEqual({
      roles: [{ arn: 'arn:aws:iam::111122223333:role/a' }],
      usage: { source: 'lookup-events', days: 90, paths: [], timeBudgetMinutes: 10 },
      guardrails: { preset: 'prod' },
      mode: 'report',
      riskThreshold: 0.1,
      reasoner: { enabled: false },
      needsAws: true,
    });
  });

  it('takes the file values when inputs are empty', () => {
    const plan = planAnalysis(inputs(), CONFIG);
    expect(plan.roles.map((r) => r.arn)).toEqual([
      'arn:aws:iam::111122223333:role/orders-api',
      'arn:aws:iam::111122223333:role/ci',
    ]);
    expect(plan.usage).toEqual({ source: 's3', days: 30, paths: [], timeBudgetMinutes: 10, bucket: 'org-trail' });
    expect(plan.guardrails).toEqual({ preset: 'sandbox', excludeServices: ['ec2'] });
    expect([plan.mode, plan.riskThreshold]).toEqual(['enforce', 0.2]);
  });

  it('lets inputs override the file, keeping a listed role’s IaC location, and adds list inputs to the file’s', () => {
    const plan = planAnalysis(
      inputs({
        'role-arn': 'arn:aws:iam::111122223333:role/orders-api',
        mode: 'report',
        'risk-threshold': '0.5',
        guardrails: 'none',
        'exclude-services': 'ssm',
        'cloudtrail-logs': 'logs/',
      }),
      CONFIG,
    );
    expect(plan.roles).toEqual([
      { arn: 'arn:aws:iam::111122223333:role/orders-api', iac: { terraform: { file: 'infra/iam.tf' } } },
    ]);
    expect(plan.usage.source).toBe('local');
    expect(plan.usage.paths).toEqual(['logs/']);
    expect(plan.guardrails).toEqual({ preset: 'none', excludeServices: ['ec2', 'ssm'] });
    expect([plan.mode, plan.riskThreshold, plan.needsAws]).toEqual(['report', 0.5, false]);
  });

  it('turns the reasoner on when bedrock-model is set', () => {
    const plan = planAnalysis(inputs({ 'bedrock-model': 'm1', 'cloudtrail-logs': 'x' }), CONFIG);
    expect(plan.reasoner).toEqual({ enabled: true, model: 'm1' });
    expect(plan.needsAws).toBe(true);
  });

  it.each([
    [{}, null, /no roles to analyze: input role-arn is empty and \.github\/alpha\.yml was not found/],
    [
      { 'role-arn': 'arn:aws:iam::111122223333:role/a', source: 'local' },
      null,
      /source local needs input cloudtrail-logs/,
    ],
    [{ 'role-arn': 'arn:aws:iam::111122223333:role/a', source: 's3' }, null, /source s3 needs input trail-bucket/],
    [
      { 'role-arn': 'arn:aws:iam::111122223333:role/a', source: 'athena' },
      null,
      /source athena needs input athena-table/,
    ],
  ] as const)('refuses %j', (values, config, message) => {
    expect(() => planAnalysis(inputs(values), config)).toThrow(message);
  });
});

describe('planAnalysis time budget', () => {
  it.each([
    [{}, null, 10],
    [{ 'time-budget': '3' }, null, 3],
    [
      {},
      'roles: [{ arn: "arn:aws:iam::111122223333:role/a" }]\nusage: { source: lookup-events, timeBudgetMinutes: 25 }\n',
      25,
    ],
    [
      { 'time-budget': '2.5' },
      'roles: [{ arn: "arn:aws:iam::111122223333:role/a" }]\nusage: { timeBudgetMinutes: 25 }\n',
      2.5,
    ],
  ])('inputs %j with config %j → %s minutes', (values, config, minutes) => {
    const plan = planAnalysis(
      inputs({ 'role-arn': 'arn:aws:iam::111122223333:role/a', ...values }),
      config ? parseAlphaConfig(config) : null,
    );
    expect(plan.usage.timeBudgetMinutes).toBe(minutes);
  });

  it('refuses a budget that is not a positive number of minutes', () => {
    expect(() => inputs({ 'time-budget': '0' })).toThrow(/input time-budget must be a positive number of minutes/);
  });
});
