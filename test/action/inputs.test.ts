import { describe, expect, it } from '@jest/globals';
import { AlphaError } from '../../src/core/errors.js';
import { ACTION_INPUT_NAMES, parseActionInputs, splitList } from '../../src/action/inputs.js';

const ROLE = 'arn:aws:iam::111122223333:role/orders-api';
const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

describe('parseActionInputs', () => {
  it('applies defaults for what the workflow leaves empty and leaves overridable values unset', () => {
    expect(parseActionInputs(reader({ 'github-token': 't' }))).toEqual({
      roleArns: [],
      configPath: '.github/alpha.yml',
      cloudtrailLogs: [],
      excludeServices: [],
      suppressActions: [],
      githubToken: 't',
      checkName: 'ALPHA least privilege',
      comment: false,
      outputDir: 'alpha-output',
    });
  });

  it('reads every input', () => {
    const inputs = parseActionInputs(
      reader({
        'role-arn': `${ROLE}\n arn:aws:iam::111122223333:role/ci ,${ROLE}`,
        config: 'ops/alpha.yml',
        'usage-days': '30',
        source: 'athena',
        'athena-database': 'trail',
        'athena-table': 'cloudtrail_logs',
        'athena-workgroup': 'alpha',
        guardrails: 'sandbox',
        'exclude-services': 'ec2, ssm',
        'suppress-actions': 's3:DeleteObject',
        'bedrock-model': 'anthropic.claude-sonnet-4-5-20250929-v1:0',
        mode: 'enforce',
        'risk-threshold': '0.25',
        'role-to-assume': 'arn:aws:iam::111122223333:role/alpha-ci',
        'aws-region': 'eu-west-1',
        'github-token': 'ghs_x',
        'check-name': 'IAM',
        comment: 'true',
        'output-dir': 'out',
      }),
    );
    expect(inputs).toMatchObject({
      roleArns: [ROLE, 'arn:aws:iam::111122223333:role/ci'],
      configPath: 'ops/alpha.yml',
      usageDays: 30,
      source: 'athena',
      athenaTable: 'cloudtrail_logs',
      guardrails: 'sandbox',
      excludeServices: ['ec2', 'ssm'],
      suppressActions: ['s3:DeleteObject'],
      mode: 'enforce',
      riskThreshold: 0.25,
      roleToAssume: 'arn:aws:iam::111122223333:role/alpha-ci',
      awsRegion: 'eu-west-1',
      checkName: 'IAM',
      comment: true,
      outputDir: 'out',
    });
  });

  it.each([
    [
      'unknown guardrail preset',
      { guardrails: 'strict' },
      'input guardrails must be one of none, sandbox, prod (got "strict")',
    ],
    ['malformed ARN', { 'role-arn': 'orders-api' }, 'input role-arn "orders-api" must be an IAM role or user ARN'],
    ['session ARN', { 'role-arn': 'arn:aws:sts::111122223333:assumed-role/x/y' }, 'input role-arn "arn:aws:sts'],
    ['malformed role-to-assume', { 'role-to-assume': 'alpha-ci' }, 'input role-to-assume must be an IAM role'],
    ['unknown mode', { mode: 'block' }, 'input mode must be report or enforce (got "block")'],
    ['threshold as percent', { 'risk-threshold': '10' }, 'input risk-threshold must be between 0 and 1'],
    ['threshold not a number', { 'risk-threshold': 'ten' }, 'input risk-threshold must be a number'],
    ['fractional days', { 'usage-days': '1.5' }, 'input usage-days must be a whole number of days'],
    ['unknown source', { source: 'splunk' }, 'input source must be one of lookup-events, s3, athena, local'],
    ['bad region', { 'aws-region': 'Frankfurt' }, 'input aws-region must be an AWS Region like eu-west-1'],
    ['comment not boolean', { comment: 'yes' }, 'input comment must be true or false (got "yes")'],
    ['service with colon', { 'exclude-services': 'ec2:*' }, 'input exclude-services "ec2:*" is not a service prefix'],
    ['check name too long', { 'check-name': 'x'.repeat(101) }, 'input check-name must be at most 100 characters'],
  ])('%s → one error naming the input', (_name, values, message) => {
    let error: unknown;
    try {
      parseActionInputs(reader({ 'github-token': 't', ...values }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toContain(message);
    expect((error as AlphaError).fix).toContain('action.yml');
  });

  it('never echoes the token in an error', () => {
    expect(ACTION_INPUT_NAMES).toContain('github-token');
    expect(() => parseActionInputs(reader({ 'github-token': 'ghs_secret', guardrails: 'x' }))).not.toThrow(
      /ghs_secret/,
    );
  });
});

describe('splitList', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a, b\nc\n\n a', ['a', 'b', 'c']],
  ])('%j', (text, items) => expect(splitList(text)).toEqual(items));
});
