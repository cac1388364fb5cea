/**
 * `alpha analyze` against AWS, over the wire: a loopback fake speaking CloudTrail LookupEvents (throttling above
 * 2 requests/s per Region), STS and IAM, reached through AWS_ENDPOINT_URL like any endpoint override. Proves the
 * pacing, the paging, the incomplete-window report and exit code, the existing policies read from IAM, and that
 * permission errors name the IAM action to allow.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import { makeEvents, makeSessionEvents, startFakeAws, type FakeAws, type FakeIam } from '../fakes/aws-server.js';

const ACCOUNT = '111122223333';
const APP = `arn:aws:iam::${ACCOUNT}:role/app-a`;
// Relative to the real clock: LookupEvents keeps 90 days, so a fixed date would age out of it.
const END = Math.floor(Date.now() / 3_600_000) * 3600 - 86_400;
const END_ISO = new Date(END * 1000).toISOString();
const doc = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

const IAM: FakeIam = {
  pageSize: 1,
  roles: {
    'app-a': {
      arn: APP,
      inline: { 'app-a-tables': doc('dynamodb:ListTables', 'dynamodb:DescribeTable'), 'app-a-s3': doc('s3:*') },
      attached: [`arn:aws:iam::${ACCOUNT}:policy/app-a-managed`, 'arn:aws:iam::aws:policy/AmazonSQSFullAccess'],
      boundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
    },
  },
  policies: {
    [`arn:aws:iam::${ACCOUNT}:policy/app-a-managed`]: { versionId: 'v3', document: doc('s3:ListAllMyBuckets') },
    'arn:aws:iam::aws:policy/AmazonSQSFullAccess': { document: doc('sqs:*') },
    // The boundary leaves SQS out: what the managed SQS policy grants is not the role's.
    [`arn:aws:iam::${ACCOUNT}:policy/boundary`]: { document: doc('s3:*', 'dynamodb:*') },
  },
};

let fake: FakeAws;
let out: string;
let stdout: string;
let stderr: string;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startFakeAws({
    events: {
      // 240 events of three principals (5 pages), app-a's own calls without AssumeRole events (no session to follow).
      'us-east-1': makeEvents(240, ['app-a', 'app-b', 'other'], END, 60),
      'eu-west-1': makeEvents(10, ['app-a'], END, 60),
    },
    iam: IAM,
  });
});
afterAll(() => fake.close());

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'alpha-cli-aws-'));
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: fake.url,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEBASE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SOURCE_DATE_EPOCH: String(END),
  });
  delete process.env.AWS_PROFILE;
  fake.lookups.length = 0;
  fake.lookupInputs.length = 0;
  fake.iamCalls.length = 0;
  fake.stsCalls.length = 0;
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(out, { recursive: true, force: true });
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  process.exitCode = undefined;
});

const alpha = (...args: string[]) => run(['node', 'alpha', 'analyze', ...args]);
const lookupArgs = ['--role-arn', APP, '--regions', 'eu-west-1', '--end-time', END_ISO, '--usage-days', '10'];
const readProposal = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** Served requests per Region in any 1-second window, as the service counts them. */
function maxPerSecond(lookups: FakeAws['lookups']): number {
  let max = 0;
  for (const a of lookups)
    max = Math.max(max, lookups.filter((b) => b.region === a.region && b.at >= a.at && b.at - a.at < 1000).length);
  return max;
}

describe('alpha analyze --source lookup-events', () => {
  it('reads every page once at ≤ 2 requests/s per Region, reads IAM, and writes a complete Proposal', async () => {
    const file = join(out, 'p.json');
    const code = await alpha(...lookupArgs, '--offline', '--output', file, '--guardrails', 'none');
    expect(stderr).not.toContain('error');
    expect([0, 2]).toContain(code);
    expect(fake.lookups.filter((l) => l.throttled)).toEqual([]);
    expect(maxPerSecond(fake.lookups)).toBeLessThanOrEqual(2);
    // No session of app-a is logged (34 session lookups, one per Region of the partition, find none), so the
    // narrow read is unprovable: one full scan per Region, each page once, resumed after the probe's first page.
    const full = fake.lookupInputs.filter((l) => l.attribute === undefined);
    expect(full.map((l) => l.region).sort()).toEqual([
      'eu-west-1',
      'us-east-1',
      'us-east-1',
      'us-east-1',
      'us-east-1',
      'us-east-1',
    ]);
    const tokens = fake.lookups.filter((l) => l.region === 'us-east-1' && l.token).map((l) => l.token);
    expect(tokens).toEqual(['tok-50', 'tok-100', 'tok-150', 'tok-200']);
    const p = readProposal(file);
    expect(p.source).toMatchObject({ kind: 'lookup-events', complete: true, gaps: [] });
    expect(p.source.requests).toBe(fake.lookups.length);
    // 80 of 240 us-east-1 events + 10 in eu-west-1, each counted once.
    expect(p.source.eventsForRole).toBe(90);
    expect(stdout).toContain('app-a');
    expect(stderr).toMatch(
      /lookup-events: 40 requests, full scan \(narrow read not provably complete: no AssumeRole event names .*role\/app-a in the window\), about 20 s of quota at 2 requests\/s, window complete/,
    );

    // Existing policies from IAM: inline ∪ managed, capped by the boundary, every list paginated.
    expect(p.existingPolicy.origin).toBe('iam');
    expect(p.existingPolicy.policies.map((x: { kind: string; name: string }) => `${x.kind} ${x.name}`)).toEqual([
      'inline app-a-s3',
      'inline app-a-tables',
      'managed arn:aws:iam::111122223333:policy/app-a-managed',
      'managed arn:aws:iam::aws:policy/AmazonSQSFullAccess',
      'boundary arn:aws:iam::111122223333:policy/boundary',
    ]);
    expect(p.existingPolicy.boundary.name).toBe('arn:aws:iam::111122223333:policy/boundary');
    expect(p.diff.removedActions.some((a: string) => a.startsWith('sqs:'))).toBe(false);
    expect(p.diff.removedActions).toContain('s3:PutObject');
    expect(p.proposal.remediationNotes.join('\n')).toMatch(/permissions boundary .* caps the identity policies/);
    expect(fake.iamCalls.filter((c) => c.marker).map((c) => c.action)).toEqual([
      'ListRolePolicies',
      'ListAttachedRolePolicies',
    ]);
  }, 30_000);

  it.each([
    [['--max-pages', '2'], /lookup-events us-east-1: read 2 pages back to .* was not read/],
    [
      ['--time-budget', '0.01'],
      /lookup-events us-east-1: read \d pages back to .* was not read \(page or time budget\)/,
    ],
  ])(
    'marks the window incomplete when the budget %j runs out, and exits 2',
    async (budget, gap) => {
      const file = join(out, 'p.json');
      const code = await alpha(...lookupArgs, '--offline', ...budget, '--output', file, '--guardrails', 'none');
      expect(code).toBe(2);
      const p = readProposal(file);
      expect(p.source.complete).toBe(false);
      expect(p.source.gaps.join('\n')).toMatch(gap);
      expect(p.proposal.rationale.join('\n')).toMatch(/incomplete/i);
      expect(stderr).toContain('INCOMPLETE window');
    },
    30_000,
  );

  it('follows a role session narrowly when AssumeRole events prove it complete', async () => {
    const narrowFake = await startFakeAws({
      events: {
        'us-east-1': [
          ...makeSessionEvents('app-a', [{ accessKeyId: 'ASIASESSION', issuedAt: END - 3600, calls: 20 }]),
          ...makeEvents(3000, ['other'], END - 7200, 60),
        ].sort((a, b) => b.EventTime - a.EventTime),
      },
      iam: IAM,
    });
    process.env.AWS_ENDPOINT_URL = narrowFake.url;
    try {
      const file = join(out, 'p.json');
      await alpha(...lookupArgs, '--offline', '--output', file, '--guardrails', 'none');
      const p = readProposal(file);
      expect(p.source.complete).toBe(true);
      expect(p.source.eventsForRole).toBe(20);
      // A one-page probe per Region read, one ResourceName lookup per Region of the partition, one AccessKeyId
      // lookup per Region read — instead of the 60+ pages of the full scan.
      expect(narrowFake.lookupInputs.filter((l) => l.attribute === undefined)).toHaveLength(2);
      expect(narrowFake.lookupInputs.filter((l) => l.attribute?.startsWith('AccessKeyId='))).toHaveLength(2);
      expect(p.source.requests).toBe(2 + 34 + 2);
      expect(stderr).toContain('narrow read: 1 role session(s) followed by access key id');
    } finally {
      await narrowFake.close();
    }
  }, 30_000);

  it('looks a path-less --role-arn up in IAM first, so the narrow read finds the sessions of the real ARN', async () => {
    const pathFake = await startFakeAws({
      events: {
        'us-east-1': [
          ...makeSessionEvents('team/app-a', [{ accessKeyId: 'ASIATEAM', issuedAt: END - 3600, calls: 6 }]),
          ...makeEvents(3000, ['other'], END - 7200, 60),
        ].sort((a, b) => b.EventTime - a.EventTime),
      },
      iam: {
        roles: { 'app-a': { arn: `arn:aws:iam::${ACCOUNT}:role/team/app-a`, inline: { a: doc('dynamodb:*') } } },
        policies: {},
      },
    });
    process.env.AWS_ENDPOINT_URL = pathFake.url;
    try {
      const file = join(out, 'p.json');
      await alpha(...lookupArgs, '--offline', '--output', file, '--guardrails', 'none');
      const p = readProposal(file);
      expect(p.role.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/team/app-a`);
      expect(p.source.eventsForRole).toBe(6);
      expect(pathFake.lookupInputs.map((l) => l.attribute)).toContain(
        `ResourceName=arn:aws:iam::${ACCOUNT}:role/team/app-a`,
      );
      expect(pathFake.lookupInputs.filter((l) => l.attribute === undefined)).toHaveLength(2);
      expect(pathFake.iamCalls.filter((c) => c.action === 'GetRole')).toHaveLength(1);
    } finally {
      await pathFake.close();
    }
  }, 30_000);

  it('names the exact IAM action a read-only role lacks', async () => {
    const deniedFake = await startFakeAws({
      events: { 'us-east-1': [] },
      iam: { ...IAM, denied: ['GetRolePolicy'] },
    });
    process.env.AWS_ENDPOINT_URL = deniedFake.url;
    try {
      expect(await alpha(...lookupArgs, '--offline')).toBe(1);
      expect(stderr).toContain('AWS denied iam:GetRolePolicy on arn:aws:iam::111122223333:role/app-a');
      expect(stderr).toContain('fix: allow "iam:GetRolePolicy"');
    } finally {
      await deniedFake.close();
    }
  }, 30_000);

  it('chains into --assume-role and reads with that session', async () => {
    const code = await alpha(
      ...lookupArgs,
      '--offline',
      '--assume-role',
      `arn:aws:iam::${ACCOUNT}:role/alpha-reader`,
      '--external-id',
      'ext-123',
      '--output',
      join(out, 'p.json'),
    );
    expect([0, 2, 3]).toContain(code);
    expect(fake.stsCalls).toEqual(['AssumeRole']);
    expect(new Set(fake.lookups.map((l) => l.accessKeyId))).toEqual(new Set(['ASIAFAKE1']));
  }, 30_000);

  it('reads IAM for local files only when --assume-role (or --profile) asks for AWS', async () => {
    const examples = join(import.meta.dirname, '..', '..', 'examples', 'cloudtrail');
    const file = join(out, 'p.json');
    await alpha('--role-arn', APP, '--cloudtrail-logs', examples, '--no-progress', '--output', file);
    expect(fake.iamCalls).toEqual([]);
    expect(readProposal(file).existingPolicy).toBeNull();
    await alpha(
      '--role-arn',
      APP,
      '--cloudtrail-logs',
      examples,
      '--no-progress',
      '--assume-role',
      `arn:aws:iam::${ACCOUNT}:role/alpha-reader`,
      '--output',
      file,
    );
    expect(fake.iamCalls.map((c) => c.action)).toContain('GetRole');
    expect(readProposal(file).existingPolicy.origin).toBe('iam');
    expect(fake.lookups).toEqual([]);
  }, 30_000);
});

describe('alpha analyze --iac-dir with policies from IAM', () => {
  it('names the existing policy the Terraform defines', async () => {
    const iacFake = await startFakeAws({
      events: {},
      iam: {
        roles: {
          'orders-api': {
            arn: 'arn:aws:iam::111122223333:role/service-role/orders-api',
            inline: { 'orders-api-access': doc('s3:*', 'dynamodb:*', 'kms:*') },
            attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          },
        },
        policies: { 'arn:aws:iam::aws:policy/ReadOnlyAccess': { document: doc('s3:Get*') } },
      },
    });
    process.env.AWS_ENDPOINT_URL = iacFake.url;
    try {
      const dir = join(out, 'infra');
      cpSync(join(import.meta.dirname, '..', 'fixtures', 'iac', 'tf-jsonencode-role-policy'), dir, { recursive: true });
      const file = join(out, 'p.json');
      await alpha(
        '--role-arn',
        'arn:aws:iam::111122223333:role/orders-api',
        '--cloudtrail-logs',
        join(import.meta.dirname, '..', '..', 'examples', 'cloudtrail'),
        '--no-progress',
        '--assume-role',
        `arn:aws:iam::${ACCOUNT}:role/alpha-reader`,
        '--iac-dir',
        dir,
        '--output',
        file,
      );
      const p = readProposal(file);
      expect(p.existingPolicy.iac).toEqual({
        file: join(dir, 'main.tf'),
        target: 'aws_iam_role_policy.orders',
        policy: 'orders-api-access',
      });
      expect(p.existingPolicy.policies.filter((x: { controlledByIac?: boolean }) => x.controlledByIac)).toEqual([
        { kind: 'inline', name: 'orders-api-access', controlledByIac: true },
      ]);
    } finally {
      await iacFake.close();
    }
  }, 30_000);
});

describe('alpha analyze --service-reference', () => {
  const examples = join(import.meta.dirname, '..', '..', 'examples', 'cloudtrail');
  const fixtures = join(import.meta.dirname, '..', 'sources', 'fixtures', 'service-reference');
  it.each([
    [['--service-reference', fixtures], `directory:${fixtures}`],
    [['--service-reference', 'builtin'], undefined],
    [['--service-reference', fixtures, '--offline'], undefined],
    [[], undefined],
  ])('with local files %j maps with %s and never fetches', async (args, origin) => {
    const file = join(out, 'p.json');
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    await alpha('--role-arn', APP, '--cloudtrail-logs', examples, '--no-progress', ...args, '--output', file);
    expect(readProposal(file).source.serviceReference).toBe(origin);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('names a missing folder', async () => {
    expect(
      await alpha('--role-arn', APP, '--cloudtrail-logs', examples, '--service-reference', join(out, 'nope')),
    ).toBe(1);
    expect(stderr).toContain('could not read --service-reference');
  });
});

describe('alpha analyze AWS options, bad input', () => {
  it.each([
    [['--role-arn', APP, '--source', 's3'], '--source s3 needs --trail-bucket NAME'],
    [['--role-arn', APP, '--source', 'athena', '--athena-table', 't'], '--source athena needs --athena-database DB'],
    [['--role-arn', APP, '--assume-role', 'alpha-reader'], '--assume-role must be an IAM role ARN'],
    [['--role-arn', APP, '--assume-role', `arn:aws:iam::${ACCOUNT}:user/bob`], '--assume-role must be an IAM role ARN'],
    [['--role-arn', APP, '--external-id', 'x1'], '--external-id needs --assume-role ARN'],
    [['--role-arn', APP, '--regions', 'eu-west,us-east-1'], '--regions must list AWS Regions'],
    [['--role-arn', APP, '--time-budget', '-1'], '--time-budget must be a positive number of minutes'],
    [['--role-arn', APP, '--max-pages', '0'], '--max-pages must be at least 1'],
    [
      ['--role-arn', APP, '--source', 'lookup-events', '--cloudtrail-logs', 'x'],
      '--cloudtrail-logs is only read by --source local',
    ],
    [['--all-roles', '--source', 's3', '--trail-bucket', 'b'], '--all-roles works with --source local only'],
    [['--role-arn', APP, '--source', 'cloudtrail-lake'], '--source must be one of lookup-events, s3, athena, local'],
    [['--role-arn', APP, '--organization-id', 'acme'], '--organization-id must be an AWS Organizations id'],
    [['--role-arn', APP, '--athena-output', 'bucket/x'], '--athena-output must be an S3 URI'],
    [
      ['--role-arn', APP, '--role-arn', 'arn:aws:iam::444455556666:role/x', '--offline'],
      'the roles are in several accounts',
    ],
    [
      ['--role-arn', APP, '--assume-role', 'arn:aws:iam::444455556666:role/reader', '--offline'],
      'CloudTrail only shows an account its own events',
    ],
  ])('%j fails with exit 1: %s', async (args, message) => {
    expect(await alpha(...args)).toBe(1);
    expect(stderr).toContain(message);
    expect(fake.lookups).toEqual([]);
  });
});
