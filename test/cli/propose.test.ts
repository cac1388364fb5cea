import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import {
  isValidBranchName,
  parseProposeOptions,
  proposeCommand,
  readProposals,
  type ProposeOptions,
} from '../../src/cli/commands/propose.js';
import { gitBlobSha } from '../../src/github/commit.js';
import { renderProposeBody } from '../../src/github/pull-request.js';
import { startFakeGitData, type FakeGitData } from '../fakes/git-data-server.js';
import { makeProposal } from '../github/proposal-fixture.js';
import { CORPUS } from '../iac/corpus.js';

const fixture = (dir: string, file: string): string => readFileSync(join(CORPUS, dir, file), 'utf8');
const ORDERS_TF = fixture('tf-managed-policy-attachment', 'main.tf');
const ORDERS_CFN = fixture('cfn-role-policy', 'template.yml');
const POLICY = JSON.parse(fixture('_proposals', 'orders-api.json')).proposal.proposedPolicy;

function proposal(name = 'orders-api') {
  const p = makeProposal({ name });
  p.proposal.proposedPolicy = POLICY;
  return p;
}

let fake: FakeGitData;
let work: string;
let out: string[];
let err: string[];
const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };

beforeEach(async () => {
  fake = await startFakeGitData({
    owner: 'acme',
    repo: 'infra',
    token: 'ghp_test',
    files: {
      'README.md': '# infra\n',
      'infra/orders/main.tf': ORDERS_TF,
      'stacks/orders.yml': ORDERS_CFN,
      'node_modules/x/main.tf': 'resource "aws_iam_policy" "orders" {}\n',
      'package.json': '{"name":"x"}\n',
    },
  });
  work = mkdtempSync(join(tmpdir(), 'alpha-propose-test-'));
  out = [];
  err = [];
});
afterEach(async () => {
  await fake.close();
  rmSync(work, { recursive: true, force: true });
});

let inputs = 0;
function input(content: unknown): string {
  inputs += 1;
  const file = join(work, `proposal-${inputs}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function options(overrides: Partial<ProposeOptions> = {}): ProposeOptions {
  return {
    owner: 'acme',
    repo: 'infra',
    branch: 'alpha/orders-api',
    draft: true,
    token: 'ghp_test',
    apiUrl: fake.url,
    ...overrides,
    input: overrides.input ?? input(proposal()),
  };
}

describe('alpha propose against the fake GitHub', () => {
  it('patches Terraform and CloudFormation found through the API, commits once on a new branch, opens the PR', async () => {
    const mainBefore = fake.head('main') as string;
    expect(await proposeCommand(options(), io)).toBe(0);
    expect(out).toEqual(['https://github.com/acme/infra/pull/1\n']);

    expect(fake.head('main')).toBe(mainBefore);
    const log = fake.log('alpha/orders-api');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ parents: [mainBefore], verified: true });
    expect(log[0]?.message).toMatch(/^alpha: least-privilege IAM policy for orders-api\n/);
    expect(log[0]?.message).toMatch(/\nALPHA-Analysis: [0-9a-f]{12}\n$/);

    const tf = fake.readFile('alpha/orders-api', 'infra/orders/main.tf') as string;
    const cfn = fake.readFile('alpha/orders-api', 'stacks/orders.yml') as string;
    expect(tf).not.toBe(ORDERS_TF);
    expect(tf).toContain('sqs:SendMessage');
    expect(tf).not.toContain('Action   = "*"');
    expect(cfn).toContain('sqs:SendMessage');
    expect(fake.readFile('alpha/orders-api', 'node_modules/x/main.tf')).toBe('resource "aws_iam_policy" "orders" {}\n');
    expect(fake.forcedUpdates).toBe(0);

    expect(fake.pulls).toHaveLength(1);
    expect(fake.pulls[0]).toMatchObject({
      head: 'alpha/orders-api',
      base: 'main',
      draft: true,
      title: 'alpha: least-privilege IAM policy for orders-api',
    });
    expect(fake.pulls[0]?.body).toContain('`infra/orders/main.tf:23`');
    expect(fake.pulls[0]?.body).toContain('`stacks/orders.yml:26`');
  });

  it('uses the role mapping in .github/alpha.yml at the base, and --base and --title', async () => {
    fake.setBranch('develop', fake.head('main') as string);
    fake.push('develop', {
      '.github/alpha.yml': [
        'roles:',
        '  - arn: arn:aws:iam::111122223333:role/orders-api',
        '    iac:',
        '      cloudformation:',
        '        file: stacks/orders.yml',
        '        logicalId: OrdersRolePolicy',
        '',
      ].join('\n'),
    });
    expect(await proposeCommand(options({ base: 'develop', title: 'Tighten orders-api', draft: false }), io)).toBe(0);
    expect(fake.readFile('alpha/orders-api', 'infra/orders/main.tf')).toBe(ORDERS_TF);
    expect(fake.readFile('alpha/orders-api', 'stacks/orders.yml')).toContain('sqs:SendMessage');
    expect(fake.pulls[0]).toMatchObject({ base: 'develop', title: 'Tighten orders-api', draft: false });
  });

  it('with --iac-dir reads a local checkout, and refuses when upstream no longer has the local file', async () => {
    const checkout = join(work, 'checkout');
    mkdirSync(join(checkout, 'infra', 'orders'), { recursive: true });
    writeFileSync(join(checkout, 'infra', 'orders', 'main.tf'), ORDERS_TF);
    expect(await proposeCommand(options({ iacDir: checkout }), io)).toBe(0);
    expect(fake.readFile('alpha/orders-api', 'infra/orders/main.tf')).toContain('sqs:SendMessage');
    // Only the checkout's files are proposed: the template upstream is untouched.
    expect(fake.readFile('alpha/orders-api', 'stacks/orders.yml')).toBe(ORDERS_CFN);

    writeFileSync(join(checkout, 'infra', 'orders', 'main.tf'), `${ORDERS_TF}# a local edit not pushed yet\n`);
    await expect(proposeCommand(options({ iacDir: checkout, branch: 'alpha/second' }), io)).rejects.toThrow(
      /nothing was committed: infra\/orders\/main.tf changed on main/,
    );
    expect(fake.head('alpha/second')).toBeUndefined();
  });

  it('refuses an existing branch before changing anything', async () => {
    fake.setBranch('alpha/orders-api', fake.head('main') as string);
    await expect(proposeCommand(options(), io)).rejects.toThrow(
      /the branch alpha\/orders-api already exists in acme\/infra; alpha propose only creates new branches/,
    );
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('creates nothing when a role cannot be found, and says which', async () => {
    const file = input([proposal(), proposal('billing-api')]);
    await expect(proposeCommand(options({ input: file }), io)).rejects.toThrow(
      /1 of the proposed policies cannot be patched; nothing was created on GitHub/,
    );
    expect(err.join('')).toContain('arn:aws:iam::111122223333:role/billing-api: no Terraform or CloudFormation policy');
    expect(err.join('')).not.toContain(tmpdir());
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('says there is nothing to propose when the repository already holds the policy', async () => {
    expect(await proposeCommand(options(), io)).toBe(0);
    fake.setBranch('main', fake.head('alpha/orders-api') as string);
    out = [];
    expect(await proposeCommand(options({ branch: 'alpha/again' }), io)).toBe(0);
    expect(out).toEqual(['nothing to propose: acme/infra@main already holds the proposed policies\n']);
    expect(fake.head('alpha/again')).toBeUndefined();
  });

  it('loses the race to a push on the new branch: refuses, and leaves the branch that now holds their commit', async () => {
    await fake.close();
    let raced = false;
    fake = await startFakeGitData({
      owner: 'acme',
      repo: 'infra',
      files: { 'infra/orders/main.tf': ORDERS_TF },
      beforeRefUpdate: (branch) => {
        if (!raced) {
          raced = true;
          fake.push(branch, { 'other.txt': 'pushed meanwhile\n' });
        }
      },
    });
    await expect(proposeCommand(options({ apiUrl: fake.url }), io)).rejects.toThrow(
      /nothing was committed: someone pushed to alpha\/orders-api/,
    );
    // Someone else's commit is on it now: not ours to delete.
    expect(fake.head('alpha/orders-api')).toBeDefined();
    expect(fake.pulls).toEqual([]);
  });

  it('a wrong token is a clear error', async () => {
    await expect(proposeCommand(options({ token: 'nope' }), io)).rejects.toMatchObject({
      message: expect.stringMatching(/could not read the repository acme\/infra: HTTP 401/),
      fix: expect.stringContaining('--github-token'),
    });
  });
});

describe('alpha propose input', () => {
  it.each([
    { name: 'missing --repo', raw: {}, error: /--repo is required/ },
    { name: 'bad --repo', raw: { repo: 'acme' }, error: /--repo "acme" is not owner\/name/ },
    { name: 'missing --branch', raw: { repo: 'a/b' }, error: /--branch is required/ },
    { name: 'bad --branch', raw: { repo: 'a/b', branch: 'a..b' }, error: /--branch "a..b" is not a valid branch name/ },
    { name: 'same base', raw: { repo: 'a/b', branch: 'main', base: 'main' }, error: /are the same branch/ },
    { name: 'missing --input', raw: { repo: 'a/b', branch: 'x' }, error: /--input is required/ },
    { name: 'no token', raw: { repo: 'a/b', branch: 'x', input: 'p.json' }, error: /no GitHub token/ },
    {
      name: 'bad --api-url',
      raw: { repo: 'a/b', branch: 'x', input: 'p.json', githubToken: 't', apiUrl: 'ftp:/x' },
      error: /--api-url "ftp:\/x" is not a URL/,
    },
  ])('refuses $name', ({ raw, error }) => {
    expect(() => parseProposeOptions(raw, {})).toThrow(error);
  });

  it('takes the token from GITHUB_TOKEN, the flag winning', () => {
    const raw = { repo: 'acme/infra', branch: 'alpha/x', input: 'p.json', draft: true };
    expect(parseProposeOptions(raw, { GITHUB_TOKEN: 'env' })).toEqual({
      owner: 'acme',
      repo: 'infra',
      branch: 'alpha/x',
      input: 'p.json',
      draft: true,
      token: 'env',
    });
    expect(parseProposeOptions({ ...raw, githubToken: 'flag' }, { GITHUB_TOKEN: 'env' }).token).toBe('flag');
  });

  it.each([
    ['alpha/orders-api', true],
    ['feature_1.2', true],
    ['-x', false],
    ['a b', false],
    ['a/.hidden', false],
    ['x.lock', false],
    ['a~1', false],
    ['a//b', false],
    ['', false],
  ])('branch name %j valid: %s', (name, valid) => expect(isValidBranchName(name)).toBe(valid));

  it.each([
    { name: 'not JSON', text: '{', error: /proposal.json is not JSON/ },
    { name: 'empty array', text: '[]', error: /holds no proposals/ },
    { name: 'no role', text: '{"proposal":{}}', error: /has no \.role\.arn/ },
    {
      name: 'no policy',
      text: '[{"role":{"arn":"arn:aws:iam::1:role/a"},"proposal":{}}]',
      error: /proposal.json \[0\] has no \.proposal\.proposedPolicy/,
    },
    {
      name: 'one role twice',
      text: JSON.stringify([proposal(), proposal()]),
      error: /two proposals for arn:aws:iam::111122223333:role\/orders-api/,
    },
  ])('readProposals refuses $name', ({ text, error }) => {
    expect(() => readProposals(text, 'proposal.json')).toThrow(error);
  });

  it('an unreadable --input names the file', async () => {
    await expect(proposeCommand(options({ input: join(work, 'missing.json') }), io)).rejects.toThrow(
      /could not read --input .*missing\.json: .*ENOENT/,
    );
  });

  it('is registered in the CLI: missing --input exits 1 with the message and the fix', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await run(['node', 'alpha', 'propose', '--repo', 'acme/infra', '--branch', 'x']);
      expect(code).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(
        '--input is required\n  fix: pass the file written by `alpha analyze --output`',
      );
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('renderProposeBody', () => {
  it('escapes everything that came from the proposal: no mentions, links or references', () => {
    const p = makeProposal({ name: 'orders-api' });
    p.diff.changeSummary = '@admin see https://evil.example/#1 <img src=x> #12';
    p.proposal.remediationNotes = ['ping @org/team and GH-1'];
    const body = renderProposeBody([p], [{ roleArn: p.role.arn, path: 'a`b|c.tf', target: 't', line: 3 }], 'abc');
    expect(body).not.toMatch(/@admin|@org|https:\/\/evil|<img|#12|GH-1/);
    expect(body).toContain('`aˋb\\|c.tf:3`');
    expect(body).toContain('ALPHA-Analysis: abc');
    expect(gitBlobSha(body)).toHaveLength(40);
  });
});
