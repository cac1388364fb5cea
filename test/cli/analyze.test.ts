import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { run } from '../../src/cli/main.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const ORDERS = 'arn:aws:iam::111122223333:role/orders-api';

let out: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'alpha-cli-'));
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  process.env.SOURCE_DATE_EPOCH = '1793491200'; // 2026-11-01T00:00:00Z: reproducible generatedAt
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
  delete process.env.SOURCE_DATE_EPOCH;
  process.exitCode = undefined;
});

const alpha = (...args: string[]) => run(['node', 'alpha', ...args]);
const examples = ['--cloudtrail-logs', join(EXAMPLES, 'cloudtrail'), '--workers', '1', '--no-progress'];

describe('alpha analyze on the bundled examples', () => {
  it('proposes a policy from what orders-api did, with evidence, and writes every output', async () => {
    const code = await alpha(
      'analyze',
      '--role-arn',
      ORDERS,
      ...examples,
      '--existing-policy',
      join(EXAMPLES, 'policies', 'orders-api.json'),
      '--output',
      join(out, 'proposal.json'),
      '--output-terraform',
      join(out, 'p.tf'),
      '--output-cloudformation',
      join(out, 'p.yaml'),
    );
    expect([0, 2]).toContain(code);
    const proposal = JSON.parse(readFileSync(join(out, 'proposal.json'), 'utf8'));
    // The path-less ARN resolves to the role as the logs name it.
    expect(proposal.role).toEqual({
      arn: 'arn:aws:iam::111122223333:role/service-role/orders-api',
      accountId: '111122223333',
      name: 'orders-api',
    });
    const actions = Object.keys(proposal.evidence);
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'dynamodb:Query', 'kms:Decrypt']),
    );
    expect(actions).not.toContain('s3:HeadObject');
    expect(actions.some((a) => a.startsWith('sts:'))).toBe(false); // GetCallerIdentity needs no permission
    expect(proposal.evidence['s3:GetObject'].sampleEventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(proposal.diff.removedActions.length).toBeGreaterThan(100);
    expect(proposal.diff.changeSummary).toMatch(/^-[\d,]+ actions/);
    expect(proposal.proposal.securityScore.before.score).toBeLessThan(proposal.proposal.securityScore.after.score);
    expect(proposal.source.eventsRead).toBe(5520);
    expect(readFileSync(join(out, 'p.tf'), 'utf8')).toContain('resource "aws_iam_role_policy"');
    expect(readFileSync(join(out, 'p.yaml'), 'utf8')).toContain('AWS::IAM::RolePolicy');
    expect(stdout).toContain('orders-api');
  });

  it('is byte-identical across runs, whatever the number of workers', async () => {
    const args = [
      'analyze',
      '--all-roles',
      '--cloudtrail-logs',
      join(EXAMPLES, 'cloudtrail'),
      '--no-progress',
      '--format',
      'json',
    ];
    await alpha(...args, '--workers', '1', '--output', join(out, 'a.json'));
    await alpha(...args, '--workers', '1', '--output', join(out, 'b.json'));
    expect(readFileSync(join(out, 'a.json'), 'utf8')).toBe(readFileSync(join(out, 'b.json'), 'utf8'));
  });

  it('analyzes every role with --all-roles, sorted by ARN, and exits 3 on a guardrail violation', async () => {
    const code = await alpha('analyze', '--all-roles', ...examples, '--output', join(out, 'all.json'));
    const all = JSON.parse(readFileSync(join(out, 'all.json'), 'utf8'));
    expect(all.map((p: { role: { arn: string } }) => p.role.arn)).toEqual([
      'arn:aws:iam::111122223333:role/ci-deployer',
      'arn:aws:iam::111122223333:role/legacy-admin',
      'arn:aws:iam::111122223333:role/service-role/orders-api',
    ]);
    // legacy-admin lists IAM roles; the default prod guardrails disallow the iam service.
    expect(code).toBe(3);
  });

  it('infers iam:PassRole, never logged by CloudTrail, from the deployer’s CloudFormation and Lambda calls', async () => {
    await alpha(
      'analyze',
      '--role-arn',
      'arn:aws:iam::111122223333:role/ci-deployer',
      ...examples,
      '--guardrails',
      'none',
      '--output',
      join(out, 'ci.json'),
    );
    const p = JSON.parse(readFileSync(join(out, 'ci.json'), 'utf8'));
    expect(p.evidence['iam:PassRole'].origin).toBe('implied');
    expect(p.evidence['iam:PassRole'].resources).toContain('arn:aws:iam::111122223333:role/cfn-exec-orders-api');
    expect(p.deniedAttempts.map((d: { eventName: string }) => d.eventName)).toContain('DeleteStack');
    expect(Object.keys(p.evidence)).not.toContain('cloudformation:DeleteStack');
  });
});

describe('alpha analyze observation window', () => {
  it('counts only records inside --usage-days back from --end-time, with or without workers', async () => {
    for (const workers of ['1', '2']) {
      const file = join(out, `w${workers}.json`);
      await alpha(
        'analyze',
        '--role-arn',
        ORDERS,
        '--cloudtrail-logs',
        join(EXAMPLES, 'cloudtrail'),
        '--no-progress',
        '--workers',
        workers,
        '--usage-days',
        '5',
        '--end-time',
        '2026-10-15T00:00:00Z',
        '--output',
        file,
      );
      const p = JSON.parse(readFileSync(file, 'utf8'));
      expect(p.window).toEqual({
        start: expect.stringMatching(/^2026-10-10T/),
        end: '2026-10-15T00:00:00.000Z',
        days: 5,
      });
      expect(p.source.eventsOutsideWindow).toBeGreaterThan(4000);
      for (const e of Object.values(p.evidence) as { firstSeen: string; lastSeen: string }[]) {
        expect(e.firstSeen >= '2026-10-10').toBe(true);
        expect(e.lastSeen < '2026-10-15').toBe(true);
      }
    }
    expect(readFileSync(join(out, 'w1.json'), 'utf8')).toBe(readFileSync(join(out, 'w2.json'), 'utf8'));
  });

  it('without --end-time, ends the window at the newest record and drops what is older than --usage-days', async () => {
    await alpha('analyze', '--role-arn', ORDERS, ...examples, '--usage-days', '7', '--output', join(out, 'p.json'));
    const p = JSON.parse(readFileSync(join(out, 'p.json'), 'utf8'));
    expect(p.window.days).toBe(7);
    expect(p.window.end.startsWith('2026-10-30')).toBe(true);
    expect(p.source.eventsOutsideWindow).toBeGreaterThan(0);
  });
});

describe('alpha analyze --iac-dir', () => {
  it("rewrites the role's Terraform policy in place and leaves the rest of the file alone", async () => {
    const iac = join(out, 'infra');
    mkdirSync(iac);
    const before = [
      '# Orders service IAM — owned by team-orders',
      'resource "aws_iam_role" "orders_api" {',
      '  name = "orders-api"',
      '  path = "/service-role/"',
      '}',
      '',
      'resource "aws_iam_role_policy" "orders_api" {',
      '  name = "orders-api-access"',
      '  role = aws_iam_role.orders_api.name',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      {',
      '        Effect   = "Allow"',
      '        Action   = ["s3:*", "dynamodb:*", "sqs:*", "kms:*"]',
      '        Resource = "*"',
      '      },',
      '    ]',
      '  })',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(iac, 'iam.tf'), before);
    const code = await alpha('analyze', '--role-arn', ORDERS, ...examples, '--iac-dir', iac, '--guardrails', 'none');
    expect([0, 2]).toContain(code);
    const after = readFileSync(join(iac, 'iam.tf'), 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain('"dynamodb:GetItem"');
    expect(after).not.toContain('"s3:*"');
    expect(after.startsWith(before.slice(0, before.indexOf('  policy = jsonencode')))).toBe(true);
    expect(after.endsWith('  })\n}\n')).toBe(true);
    expect(stderr).toContain('@@');
  });
});

describe('alpha analyze with bad input', () => {
  it.each([
    [['analyze', '--cloudtrail-logs', 'x'], /--role-arn is required/],
    [
      ['analyze', '--role-arn', 'arn:aws:sts::111122223333:assumed-role/x/y', '--cloudtrail-logs', 'x'],
      /--role-arn must be an IAM role/,
    ],
    [['analyze', '--role-arn', ORDERS, '--all-roles', '--cloudtrail-logs', 'x'], /--all-roles cannot be combined/],
    [['analyze', '--role-arn', ORDERS, '--source', 'local'], /--source local needs --cloudtrail-logs PATH/],
    [
      ['analyze', '--role-arn', ORDERS, '--cloudtrail-logs', 'x', '--guardrails', 'strict'],
      /--guardrails must be one of none, sandbox, prod/,
    ],
    [
      ['analyze', '--role-arn', ORDERS, '--cloudtrail-logs', 'x', '--usage-days', 'ten'],
      /--usage-days must be a whole number/,
    ],
    [
      ['analyze', '--role-arn', ORDERS, '--cloudtrail-logs', 'x', '--end-time', 'yesterday'],
      /--end-time must be an ISO time/,
    ],
  ])('%j fails with exit 1 and says what to fix', async (args, message) => {
    expect(await alpha(...(args as string[]))).toBe(1);
    expect(stderr).toMatch(message);
  });

  it('names a missing log folder', async () => {
    expect(await alpha('analyze', '--role-arn', ORDERS, '--cloudtrail-logs', join(out, 'nope'), '--no-progress')).toBe(
      1,
    );
    expect(stderr).toContain(join(out, 'nope'));
  });

  it('names an existing-policy file that is not a policy', async () => {
    writeFileSync(
      join(out, 'bad.json'),
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:*", "Resource": "*"}]}',
    );
    expect(await alpha('analyze', '--role-arn', ORDERS, ...examples, '--existing-policy', join(out, 'bad.json'))).toBe(
      1,
    );
    expect(stderr).toContain('bad.json');
    expect(stderr).toMatch(/Effect/);
  });

  it('asks for ROLE_NAME=FILE when one existing policy would apply to several roles', async () => {
    const policy = join(EXAMPLES, 'policies', 'orders-api.json');
    expect(await alpha('analyze', '--all-roles', ...examples, '--existing-policy', policy)).toBe(1);
    expect(stderr).toMatch(/each --existing-policy must name its role/);
    expect(stderr).toContain('ROLE_NAME=path/to/policy.json');
  });

  it('reports an unreadable log file by name and still analyzes the others', async () => {
    const logs = join(out, 'logs');
    mkdirSync(logs);
    const good = readFileSync(join(EXAMPLES, 'policies', 'orders-api.json')); // any bytes: we only need a bad gzip
    writeFileSync(join(logs, 'truncated.json.gz'), gzipSync(good).subarray(0, 20));
    writeFileSync(
      join(logs, 'good.json'),
      JSON.stringify({
        Records: [
          {
            eventVersion: '1.09',
            eventTime: '2026-10-01T10:00:00Z',
            eventSource: 's3.amazonaws.com',
            eventName: 'ListBuckets',
            awsRegion: 'us-east-1',
            eventID: '00000000-0000-4000-8000-000000000001',
            userIdentity: {
              type: 'AssumedRole',
              arn: 'arn:aws:sts::111122223333:assumed-role/orders-api/s',
              accountId: '111122223333',
              sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/orders-api' } },
            },
          },
        ],
      }),
    );
    const code = await alpha(
      'analyze',
      '--role-arn',
      ORDERS,
      '--cloudtrail-logs',
      logs,
      '--workers',
      '1',
      '--no-progress',
      '--output',
      join(out, 'p.json'),
    );
    expect([0, 2]).toContain(code);
    expect(stderr).toContain('truncated.json.gz');
    const p = JSON.parse(readFileSync(join(out, 'p.json'), 'utf8'));
    expect(p.source.recordsRejected).toBeGreaterThan(0);
    expect(p.source.rejections[0].file).toContain('truncated.json.gz');
    expect(Object.keys(p.evidence)).toEqual(['s3:ListAllMyBuckets']);
  });
});
