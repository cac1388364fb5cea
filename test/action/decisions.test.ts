import { describe, expect, it } from '@jest/globals';
import { annotationsFor } from '../../src/action/annotations.js';
import { verdictFor } from '../../src/action/conclusion.js';
import { AnalysisUnavailableError, awsAccessFor } from '../../src/action/credentials.js';
import { runTargetOf } from '../../src/action/event.js';
import { parseActionInputs } from '../../src/action/inputs.js';
import { planAnalysis } from '../../src/action/plan.js';
import { AlphaError } from '../../src/core/errors.js';
import { makeProposal } from '../github/proposal-fixture.js';

const violation = { code: 'BLOCKED_ACTION', message: 'iam:PassRole is blocked', path: '$.Statement[0]' } as const;

describe('verdictFor (DESIGN.md conclusions)', () => {
  it.each([
    ['safe, report', [makeProposal()], 'report', { conclusion: 'success', outcome: 0, failStep: false }],
    ['safe, enforce', [makeProposal()], 'enforce', { conclusion: 'success', outcome: 0, failStep: false }],
    [
      'risk, report',
      [makeProposal({ probability: 0.2 })],
      'report',
      { conclusion: 'neutral', outcome: 2, failStep: false },
    ],
    [
      'risk, enforce',
      [makeProposal({ probability: 0.2 })],
      'enforce',
      { conclusion: 'failure', outcome: 2, failStep: true },
    ],
    [
      'at the threshold is not above it',
      [makeProposal({ probability: 0.1 })],
      'enforce',
      { conclusion: 'success', outcome: 0, failStep: false },
    ],
    [
      'violation, report',
      [makeProposal({ violations: [violation] })],
      'report',
      { conclusion: 'neutral', outcome: 3, failStep: false },
    ],
    [
      'violation wins over risk',
      [makeProposal({ probability: 0.9 }), makeProposal({ name: 'b', violations: [violation] })],
      'enforce',
      { conclusion: 'failure', outcome: 3, failStep: true },
    ],
  ] as const)('%s', (_name, proposals, mode, verdict) => expect(verdictFor(proposals, mode, 0.1)).toEqual(verdict));
});

describe('runTargetOf', () => {
  const pr = (headRepo: string | null) => ({
    pull_request: {
      number: 5,
      head: { sha: 'head', repo: headRepo === null ? null : { full_name: headRepo } },
      base: { sha: 'base', ref: 'main', repo: { full_name: 'acme/infra' } },
    },
  });
  it.each([
    [
      'same-repo PR',
      'pull_request',
      pr('acme/infra'),
      { headSha: 'head', configSha: 'base', pullRequest: { number: 5, fork: false, baseRef: 'main' } },
    ],
    [
      'fork PR',
      'pull_request',
      pr('mallory/infra'),
      { headSha: 'head', configSha: 'base', pullRequest: { number: 5, fork: true, baseRef: 'main' } },
    ],
    [
      'deleted fork',
      'pull_request_target',
      pr(null),
      { headSha: 'head', configSha: 'base', pullRequest: { number: 5, fork: true, baseRef: 'main' } },
    ],
    ['push', 'push', {}, { headSha: 'sha', configSha: 'sha' }],
  ] as const)('%s', (_name, event, payload, target) => expect(runTargetOf(event, payload, 'sha')).toEqual(target));

  it('refuses a pull_request event without a pull request', () => {
    expect(() => runTargetOf('pull_request', {}, 'sha')).toThrow(AlphaError);
  });
});

describe('awsAccessFor', () => {
  const plan = (values: Record<string, string>) => {
    const inputs = parseActionInputs(
      (n) => ({ 'github-token': 't', 'role-arn': 'arn:aws:iam::111122223333:role/a', ...values })[n] ?? '',
    );
    return [planAnalysis(inputs, null), inputs] as const;
  };
  const OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1/token?x=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };
  const ROLE = 'arn:aws:iam::111122223333:role/alpha-ci';

  it.each([
    ['local needs nothing', { 'cloudtrail-logs': 'logs' }, {}, { kind: 'none' }],
    [
      'OIDC',
      { 'role-to-assume': ROLE, 'aws-region': 'eu-west-1' },
      OIDC,
      { kind: 'oidc', roleToAssume: ROLE, region: 'eu-west-1' },
    ],
    [
      'ambient keys',
      {},
      { AWS_ACCESS_KEY_ID: 'AKIA', AWS_REGION: 'eu-central-1' },
      { kind: 'ambient', region: 'eu-central-1' },
    ],
  ] as const)('%s', (_name, values, env, access) => {
    const [p, inputs] = plan(values);
    expect(awsAccessFor(p, inputs, env)).toEqual(access);
  });

  it.each([
    ['role without OIDC token', { 'role-to-assume': ROLE }, /no OIDC token.*\n?/, /id-token: write/],
    ['no credentials at all', {}, /no AWS credentials: source lookup-events read from AWS/, /\/alpha analyze/],
  ] as const)('%s → fails the step, never success', (_name, values, message, fix) => {
    const [p, inputs] = plan(values);
    let error: unknown;
    try {
      awsAccessFor(p, inputs, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnalysisUnavailableError);
    expect((error as AlphaError).message).toMatch(message);
    expect((error as AlphaError).fix).toMatch(fix);
  });
});

describe('annotationsFor', () => {
  const at = {
    'arn:aws:iam::111122223333:role/orders-api': { file: 'infra/iam.tf', line: 12, outcome: 'patched' as const },
  };
  it.each([
    ['safe → notice', makeProposal(), 'success', 'notice'],
    ['finding in report → warning', makeProposal({ probability: 0.5 }), 'neutral', 'warning'],
    ['finding in enforce → failure', makeProposal({ probability: 0.5 }), 'failure', 'failure'],
  ] as const)('%s', (_name, proposal, conclusion, level) => {
    const [a] = annotationsFor([proposal], at, conclusion, 0.1);
    expect(a).toMatchObject({ path: 'infra/iam.tf', start_line: 12, end_line: 12, annotation_level: level });
    expect(a?.message).toContain('A patch for this file is in the run output.');
  });

  it('annotates nothing where no line is known', () => {
    expect(annotationsFor([makeProposal()], {}, 'success', 0.1)).toEqual([]);
    expect(
      annotationsFor(
        [makeProposal()],
        { 'arn:aws:iam::111122223333:role/orders-api': { file: 'x.tf', line: 0, outcome: 'not-found' } },
        'success',
        0.1,
      ),
    ).toEqual([]);
  });
});
