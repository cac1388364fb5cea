/**
 * The Action end to end against AWS, every piece on 127.0.0.1: GitHub's OIDC token endpoint, STS
 * (AssumeRoleWithWebIdentity, AssumeRole for a cross-account reader), CloudTrail LookupEvents (throttling above
 * 2 requests/s) and IAM, plus the fake GitHub. Runs src/index.ts through tsx, and dist/index.js once the bundle
 * has the AWS wiring (ALPHA_ACTION_BUNDLE=path adds another bundle).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { startFakeOidc, type FakeOidc } from '../fakes/oidc-server.js';
import { makeEvents, startFakeAws, type FakeAws, type FakeAwsOptions, type FakeIam } from '../fakes/aws-server.js';
import { distExists, runAction } from './run-action.js';

const BASE_SHA = '2222222222222222222222222222222222222222';
const HEAD_SHA = '1111111111111111111111111111111111111111';
const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const payload = JSON.parse(readFileSync(new URL('../fixtures/action/pull_request.json', import.meta.url), 'utf8')) as {
  pull_request: { head: { repo: { full_name: string } | null } };
};
const forkPayload = structuredClone(payload);
forkPayload.pull_request.head.repo = { full_name: 'mallory/infra' };

// Relative to the real clock: LookupEvents keeps 90 days.
const END = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;

const BASE_CONFIG = `
roles:
  - arn: arn:aws:iam::${ACCOUNT}:role/orders-api
    regions: [eu-west-1]
    iac:
      terraform: { file: test/fixtures/iac/tf-jsonencode-role-policy/main.tf, address: aws_iam_role_policy.orders }
  - arn: arn:aws:iam::${ACCOUNT}:role/reports
    regions: [eu-west-1]
  - arn: arn:aws:iam::${OTHER}:role/billing
    reader: { roleArn: 'arn:aws:iam::${OTHER}:role/alpha-reader', externalId: acme-ci }
usage: { source: lookup-events, days: 7 }
guardrails: { preset: none }
mode: enforce
riskThreshold: 0.99
`;
// What a PR author might commit to get a pass: must never be read.
const HEAD_CONFIG = `roles: [{ arn: 'arn:aws:iam::${ACCOUNT}:role/orders-api' }]\nusage: { source: local, paths: [x] }\nmode: report\n`;

const doc = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});
const IAM: FakeIam = {
  roles: {
    'orders-api': {
      arn: `arn:aws:iam::${ACCOUNT}:role/orders-api`,
      inline: { 'orders-api-access': doc('s3:*') },
      attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    },
    reports: { arn: `arn:aws:iam::${ACCOUNT}:role/reports`, inline: { reports: doc('s3:GetBucketLocation') } },
    billing: { arn: `arn:aws:iam::${OTHER}:role/billing`, inline: { billing: doc('ce:GetCostAndUsage') } },
  },
  policies: { 'arn:aws:iam::aws:policy/ReadOnlyAccess': { document: doc('s3:List*', 's3:Get*') } },
};

const ROLE_TO_ASSUME = `arn:aws:iam::${ACCOUNT}:role/alpha-ci`;

// The committed bundle is what users run; CI proves it matches src/, so it is tested like src.
const entries = [
  'src',
  ...(distExists() ? ['dist'] : []),
  ...(process.env.ALPHA_ACTION_BUNDLE ? [process.env.ALPHA_ACTION_BUNDLE] : []),
];
if (!distExists()) console.warn('SKIPPED: AWS e2e against dist/index.js — no bundle; run `npm run bundle`.');

describe.each(entries)('the Action end to end with OIDC against AWS (%s entry)', (entry) => {
  let gh: FakeGitHub;
  let oidc: FakeOidc;
  let aws: FakeAws | undefined;
  beforeEach(async () => {
    gh = await startFakeGitHub({ owner: 'acme', repo: 'infra' });
    gh.files.set(`${BASE_SHA}:.github/alpha.yml`, BASE_CONFIG);
    gh.files.set(`${HEAD_SHA}:.github/alpha.yml`, HEAD_CONFIG);
    oidc = await startFakeOidc();
  });
  afterEach(async () => {
    await gh.close();
    await oidc.close();
    await aws?.close();
    aws = undefined;
  });

  const start = async (extra: Partial<FakeAwsOptions> = {}) => {
    aws = await startFakeAws({
      events: {
        'us-east-1': makeEvents(120, ['orders-api', 'reports', 'other'], END, 60),
        'eu-west-1': makeEvents(30, ['orders-api'], END, 60),
      },
      iam: IAM,
      ...extra,
    });
    return aws;
  };

  const run = (fake: FakeAws, p: unknown = payload, inputs: Record<string, string> = {}) =>
    runAction({
      entry,
      apiUrl: gh.url,
      payload: p,
      inputs: {
        'role-to-assume': ROLE_TO_ASSUME,
        'aws-region': 'eu-west-1',
        'service-reference': 'builtin',
        ...inputs,
      },
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
        AWS_ENDPOINT_URL: fake.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        SOURCE_DATE_EPOCH: String(END),
      },
    });

  it('assumes the role with OIDC, reads each account once for all its roles, and completes the check', async () => {
    const fake = await start();
    const result = await run(fake);
    expect(result.stderr).not.toMatch(/TypeError|ReferenceError/);
    // Config from the base branch only.
    expect(gh.requests.filter((r) => r.path.includes('/contents/')).map((r) => r.query.ref)).toEqual([BASE_SHA]);
    expect(oidc.audiences).toEqual(['sts.amazonaws.com']);
    expect(fake.stsCalls).toEqual(['AssumeRoleWithWebIdentity', 'AssumeRole']);

    // One scan per account and Region: the two roles of 111122223333 share one; billing's account (no regions in
    // the config: the action's aws-region) has its own.
    const fullScans = fake.lookupInputs.filter((l, i) => l.attribute === undefined && !fake.lookups[i]?.token);
    expect(fullScans.map((l) => l.region).sort()).toEqual(['eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1']);
    expect(fake.lookups.filter((l) => l.throttled)).toEqual([]);
    const keys = [...new Set(fake.lookups.map((l) => l.accessKeyId))].sort();
    expect(keys).toEqual(['ASIAFAKE1', 'ASIAFAKE2']);

    expect(gh.checkRuns).toHaveLength(1);
    const check = gh.checkRuns[0]!;
    expect(check).toMatchObject({ name: 'ALPHA least privilege', head_sha: HEAD_SHA, status: 'completed' });
    expect(gh.requests.find((r) => r.path.endsWith('/check-runs'))?.body).toMatchObject({ status: 'in_progress' });
    expect(check.output?.summary).toContain('`orders-api`');
    expect(check.output?.summary).toContain('`reports`');
    expect(check.output?.summary).toContain('`billing`');
    expect(result.outputs.conclusion).toBe(check.conclusion);
    expect(['success', 'failure']).toContain(check.conclusion);
    expect(result.code).toBe(check.conclusion === 'failure' ? 1 : 0);

    const proposals = JSON.parse(readFileSync(result.outputs['proposal-path'] ?? '', 'utf8')) as {
      role: { name: string };
      source: { kind: string; complete: boolean; requests: number };
      existingPolicy: {
        origin: string;
        policies: { kind: string; name: string; controlledByIac?: boolean }[];
        iac?: { policy?: string };
      } | null;
      evidence: Record<string, unknown>;
    }[];
    const byName = Object.fromEntries(proposals.map((p) => [p.role.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['billing', 'orders-api', 'reports']);
    expect(byName['orders-api']?.source).toMatchObject({ kind: 'lookup-events', complete: true });
    expect(Object.keys(byName['orders-api']?.evidence ?? {})).toEqual(['s3:GetBucketLocation', 's3:ListAllMyBuckets']);
    // Existing policies from IAM, and which one the repository's Terraform controls.
    expect(byName['orders-api']?.existingPolicy?.origin).toBe('iam');
    expect(byName['orders-api']?.existingPolicy?.policies).toEqual([
      { kind: 'inline', name: 'orders-api-access', controlledByIac: true },
      {
        kind: 'managed',
        name: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        versionId: 'v1',
      },
    ]);
    expect(byName['orders-api']?.existingPolicy?.iac?.policy).toBe('orders-api-access');
    expect(byName.billing?.existingPolicy?.policies.map((p) => p.name)).toEqual(['billing']);

    // Every credential is masked before anything else could print it.
    const lines = result.stdout.split('\n');
    const masks = lines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
    for (const secret of ['ASIAFAKE1', 'secret1', 'token1', 'ASIAFAKE2', 'secret2', 'token2'])
      expect(masks).toContain(secret);
    expect(masks.some((m) => m.startsWith('eyJ'))).toBe(true);
    const unmasked = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const secret of ['secret1', 'token1', 'secret2', 'token2', 'eyJhbGci']) expect(unmasked).not.toContain(secret);
    expect(result.stdout).toMatch(
      /Read lookup-events for account 111122223333 \(2 role\(s\), eu-west-1\): \d+ requests/,
    );
  }, 60_000);

  it('refreshes credentials that expire mid-scan, with a fresh OIDC token, losing no page', async () => {
    // 301-second credentials are inside the 5-minute refresh margin after a second: the scan must renew them.
    const fake = await start({ credentialSeconds: 301 });
    gh.files.set(
      `${BASE_SHA}:.github/alpha.yml`,
      `roles: [{ arn: 'arn:aws:iam::${ACCOUNT}:role/orders-api', regions: [eu-west-1] }]\nusage: { source: lookup-events, days: 7 }\nguardrails: { preset: none }\n`,
    );
    const result = await run(fake);
    expect(result.outputs.conclusion).toMatch(/success|neutral/);
    const withWebIdentity = fake.stsCalls.filter((c) => c === 'AssumeRoleWithWebIdentity').length;
    expect(withWebIdentity).toBeGreaterThan(1);
    expect(oidc.audiences.length).toBe(withWebIdentity);
    expect(new Set(fake.lookups.map((l) => l.accessKeyId)).size).toBeGreaterThan(1);
    const served = fake.lookups.filter((l) => !l.throttled && l.region === 'us-east-1' && l.token).map((l) => l.token);
    expect(served).toEqual(['tok-50', 'tok-100']);
  }, 60_000);

  it('fails cleanly for a fork PR without asking for a token or touching AWS', async () => {
    const fake = await start();
    const result = await run(fake, forkPayload);
    expect(result.code).toBe(1);
    expect(result.outputs.conclusion).toBe('action_required');
    expect(result.stdout).toContain('/alpha analyze');
    expect(gh.checkRuns).toHaveLength(0);
    expect(oidc.audiences).toEqual([]);
    expect(fake.stsCalls).toEqual([]);
    expect(fake.lookups).toEqual([]);
  }, 60_000);

  it('fails the check with the fix when the trust policy rejects the OIDC token', async () => {
    const fake = await start({ rejectSub: true });
    const result = await run(fake);
    expect(result.code).toBe(1);
    expect(gh.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(result.stdout).toContain('rejected this workflow');
    expect(result.stdout).toContain('repo:acme/infra:pull_request');
    expect(fake.lookups).toEqual([]);
  }, 60_000);

  it('names the IAM action the read-only role lacks', async () => {
    const fake = await start({ iam: { ...IAM, denied: ['ListAttachedRolePolicies'] } });
    const result = await run(fake);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('AWS denied iam:ListAttachedRolePolicies');
    // Markdown-escaped in the check (`iam\:List…`).
    expect(gh.checkRuns[0]?.output?.summary).toContain('ListAttachedRolePolicies');
    expect(gh.checkRuns[0]?.conclusion).toBe('failure');
  }, 60_000);
});
