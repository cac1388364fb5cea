/**
 * The App end to end: signed deliveries through Probot's real middleware, the loopback GitHub (fast-forward-only
 * refs), the real analysis on the fixture CloudTrail logs and Terraform, the real pinned commit.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbStore } from '../../../src/store/dynamodb-store.js';
import { FileStore } from '../../../src/store/file-store.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import type { AlphaStore } from '../../../src/store/store.js';
import { gitDataCommitter, type Committer } from '../../src/commit-port.js';
import {
  INSTALLATION_ID,
  OWNER,
  REPO,
  sign,
  startHarness,
  type Harness,
  type HarnessOptions,
} from '../fakes/app-harness.js';

let dynamo: Server | undefined;
afterAll(async () => {
  if (dynamo) await new Promise<void>((resolve) => dynamo?.close(() => resolve()));
});

/** DynamoDB for several App instances: dynalite on 127.0.0.1, one fresh table per test. */
async function dynamoStore(): Promise<AlphaStore> {
  if (!dynamo) {
    dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => dynamo?.listen(0, '127.0.0.1', resolve));
  }
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const store = new DynamoDbStore({ tableName: `alpha-app-${randomUUID().slice(0, 8)}`, client, ownsClient: true });
  await store.ensureTable();
  return store;
}

let h: Harness | undefined;
async function harness(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness(options);
  return h;
}
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const repository = { name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER }, default_branch: 'main' };

async function analyzed(options: HarnessOptions = {}, pull = 1): Promise<Harness> {
  const t = await harness(options);
  await t.comment('ada', '/alpha analyze', { pull });
  await t.settle();
  expect(t.recorded.checks.at(-1)?.status).toBe('completed');
  return t;
}

function lastReply(t: Harness): string {
  return t.recorded.comments.at(-1)?.body ?? '';
}

/** The reply as a reader sees it: Markdown escapes and HTML entities resolved. */
function rendered(t: Harness): string {
  return lastReply(t)
    .replace(/\\(.)/g, '$1')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('webhook signatures', () => {
  it.each([
    ['a signature made with another secret', (body: string) => sign(body, 'not-the-secret')],
    ['a malformed signature', () => 'deadbeef'],
  ])('rejects %s and does nothing', async (_name, signature) => {
    const t = await harness();
    const before = t.git.requests.length;
    const payload = {
      action: 'created',
      issue: { number: 1, pull_request: {} },
      comment: { id: 1, body: '/alpha commit', user: { login: 'ada', type: 'User' } },
      repository,
      sender: { login: 'ada', type: 'User' },
      installation: { id: INSTALLATION_ID },
    };
    const { status } = await t.deliver('issue_comment', payload, { signature: signature(JSON.stringify(payload)) });
    await t.settle();
    expect([400, 401]).toContain(status);
    expect(t.git.requests.length).toBe(before);
    expect(await t.store.listAudit('acme/orders')).toEqual([]);
  });
});

describe('permission matrix', () => {
  it('only write, maintain and admin start an analysis; bots and edits are ignored', async () => {
    const t = await harness();
    const senders = [
      { user: 'ada', allowed: true },
      { user: 'max', allowed: true },
      { user: 'wes', allowed: true },
      { user: 'tia', allowed: false },
      { user: 'rob', allowed: false },
      { user: 'nobody', allowed: false },
    ];
    for (const { user, allowed } of senders) {
      const checks = t.recorded.checks.length;
      const comments = t.recorded.comments.length;
      expect((await t.comment(user, '/alpha analyze')).status).toBe(200);
      await t.settle();
      expect({ user, checks: t.recorded.checks.length - checks }).toEqual({ user, checks: allowed ? 1 : 0 });
      expect(t.recorded.comments.length - comments).toBe(1);
      if (!allowed) expect(lastReply(t)).toMatch(/needs write permission or higher/);
    }
    const quiet = {
      checks: t.recorded.checks.length,
      comments: t.recorded.comments.length,
      reactions: t.recorded.reactions.length,
    };
    await t.comment('alpha-app[bot]', '/alpha analyze', { type: 'Bot' });
    await t.comment('renovate', '/alpha analyze', { type: 'Bot' });
    await t.comment('ada', '/alpha analyze', { action: 'edited' });
    await t.comment('ada', '/alpha analyze', { action: 'deleted' });
    await t.settle();
    expect({
      checks: t.recorded.checks.length,
      comments: t.recorded.comments.length,
      reactions: t.recorded.reactions.length,
    }).toEqual(quiet);
  });

  it('commits only for write or higher; every refusal is audited', async () => {
    const t = await analyzed();
    for (const user of ['tia', 'rob', 'nobody']) await t.comment(user, '/alpha commit');
    await t.comment('dependabot[bot]', '/alpha commit', { type: 'Bot' });
    await t.comment('ada', '/alpha commit', { action: 'edited' });
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    const audit = await t.store.listAudit('acme/orders', 1);
    expect(audit.filter((a) => a.command === 'commit').map((a) => [a.actor, a.result])).toEqual([
      ['tia', 'denied: triage permission'],
      ['rob', 'denied: read permission'],
      ['nobody', 'denied: none permission'],
    ]);
    await t.comment('wes', '/alpha commit');
    await t.settle();
    expect(t.alphaCommits()).toBe(1);
    expect(lastReply(t)).toMatch(/^🚀 Committed analysis `[0-9a-f]{16}` as \[[0-9a-f]{7}\]/);
    expect(t.git.forcedUpdates).toBe(0);
    // The commit is the analysis' patch, on top of the analyzed head, with the trailer.
    const [head] = t.git.log('feature');
    expect(head?.message).toMatch(/\nALPHA-Analysis: [0-9a-f]{16}\n$/);
    expect(head?.verified).toBe(true);
    expect(t.git.readFile('feature', 'infra/main.tf')).toContain('"dynamodb:GetItem", "dynamodb:PutItem"');
    expect(t.git.readFile('feature', 'infra/main.tf')).not.toContain('"s3:*"');
  });
});

describe('pinned commits', () => {
  it('refuses when the head moved after the analysis', async () => {
    const t = await analyzed();
    t.git.push('feature', { 'README.md': 'someone pushed\n' });
    await t.comment('ada', '/alpha commit');
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(lastReply(t)).toMatch(
      /Nothing was committed: the head moved since the last analysis .*Run `\/alpha analyze`/,
    );
  });

  it('refuses when the base moved after the analysis', async () => {
    const t = await analyzed();
    t.git.push('main', { 'docs.md': 'base moved\n' });
    await t.comment('ada', '/alpha commit');
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(lastReply(t)).toMatch(/base branch moved/);
  });

  it('refuses when the config on the default branch changed', async () => {
    const t = await analyzed();
    t.git.push('main', {
      '.github/alpha.yml': `${t.git.readFile('main', '.github/alpha.yml') ?? ''}riskThreshold: 0.5\n`,
    });
    await t.comment('ada', '/alpha commit');
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(lastReply(t)).toMatch(/alpha\.yml on the default branch changed/);
  });

  it('refuses when someone pushes between the read and the ref update (fast-forward only)', async () => {
    let raced = false;
    const t = await analyzed({
      beforeRefUpdate: (git, branch) => {
        if (raced || branch !== 'feature') return;
        raced = true;
        git.push('feature', { 'README.md': 'raced\n' });
      },
    });
    await t.comment('ada', '/alpha commit');
    await t.settle();
    expect(raced).toBe(true);
    expect(t.git.log('feature').some((c) => c.message.includes('ALPHA-Analysis'))).toBe(false);
    expect(lastReply(t)).toMatch(/The branch moved .* nothing was committed/);
  });

  it('offers the buttons and runs "Commit patch" with the same authorization', async () => {
    const t = await analyzed();
    const check = t.recorded.checks.at(-1);
    expect(check?.actions?.map((a) => a.identifier)).toEqual(['alpha-commit', 'alpha-analyze']);
    for (const a of check?.actions ?? []) {
      expect(a.identifier.length).toBeLessThanOrEqual(20);
      expect(a.label.length).toBeLessThanOrEqual(20);
      expect(a.description.length).toBeLessThanOrEqual(40);
    }
    const press = (user: string) =>
      t.deliver('check_run', {
        action: 'requested_action',
        requested_action: { identifier: 'alpha-commit' },
        check_run: {
          id: check?.id,
          head_sha: check?.head_sha,
          external_id: check?.external_id,
          pull_requests: [{ number: 1 }],
        },
        repository,
        sender: { login: user, type: 'User' },
        installation: { id: INSTALLATION_ID },
      });
    await press('rob');
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(lastReply(t)).toMatch(/needs write permission/);
    await press('wes');
    await t.settle();
    expect(t.alphaCommits()).toBe(1);
  });

  it('refuses a button on an older check of the same head', async () => {
    const t = await analyzed();
    const older = t.recorded.checks.at(-1);
    await t.comment('ada', '/alpha analyze');
    await t.settle();
    await t.deliver('check_run', {
      action: 'requested_action',
      requested_action: { identifier: 'alpha-commit' },
      check_run: {
        id: older?.id,
        head_sha: older?.head_sha,
        external_id: older?.external_id,
        pull_requests: [{ number: 1 }],
      },
      repository,
      sender: { login: 'ada', type: 'User' },
      installation: { id: INSTALLATION_ID },
    });
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(lastReply(t)).toMatch(/That check run shows analysis `[0-9a-f]{16}`, but the newest analysis/);
  });

  it('acknowledges the webhook before the work is done', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Committer = {
      ...gitDataCommitter,
      commitPinned: async (octokit, request) => {
        await gate;
        return gitDataCommitter.commitPinned(octokit, request);
      },
    };
    const t = await analyzed({ committer: slow });
    const { status } = await t.comment('ada', '/alpha commit');
    expect(status).toBe(200);
    expect(t.queue.size).toBe(1);
    expect(t.alphaCommits()).toBe(0);
    release();
    await t.settle();
    expect(t.alphaCommits()).toBe(1);
  });
});

describe.each([
  ['memory store', async (): Promise<AlphaStore> => new MemoryStore()],
  ['file store', async (): Promise<AlphaStore> => new FileStore(await mkdtemp(join(tmpdir(), 'alpha-app-store-')))],
  ['DynamoDB store (dynalite)', dynamoStore],
])('exactly once, with the %s', (_name, makeStore) => {
  it('commits once for the same delivery sent 3 times concurrently', async () => {
    const t = await analyzed({ store: await makeStore() });
    const id = randomUUID();
    const statuses = await Promise.all([1, 2, 3].map(() => t.comment('ada', '/alpha commit', { id })));
    await t.settle();
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(t.alphaCommits()).toBe(1);
    expect((await t.store.listAudit('acme/orders', 1)).filter((a) => a.command === 'commit')).toHaveLength(1);
  });

  it('commits once for the same command sent 3 times concurrently', async () => {
    const t = await analyzed({ store: await makeStore() });
    await Promise.all(['ada', 'max', 'wes'].map((user) => t.comment(user, '/alpha commit')));
    await t.settle();
    expect(t.alphaCommits()).toBe(1);
    const results = (await t.store.listAudit('acme/orders', 1))
      .filter((a) => a.command === 'commit')
      .map((a) => a.result);
    expect(results.filter((r) => r.startsWith('committed'))).toHaveLength(1);
    expect(results.filter((r) => r === 'no-op: already committed')).toHaveLength(2);
  });
});

describe('fork pull requests', () => {
  const forkPayload = (action: string) => ({
    action,
    number: 2,
    pull_request: {
      number: 2,
      head: { sha: h?.git.head('fork-head'), ref: 'fork-head', repo: { full_name: `fork-owner/${REPO}` } },
      base: { sha: h?.git.head('main'), ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } },
    },
    repository,
    sender: { login: 'outsider', type: 'User' },
    installation: { id: INSTALLATION_ID },
  });

  it('marks the check action_required on open and synchronize, and never commits', async () => {
    const t = await harness();
    await t.deliver('pull_request', forkPayload('opened'));
    await t.deliver('pull_request', forkPayload('synchronize'));
    await t.settle();
    expect(t.recorded.checks.map((c) => [c.name, c.conclusion])).toEqual([
      ['ALPHA least privilege', 'action_required'],
      ['ALPHA least privilege', 'action_required'],
    ]);
    expect(t.recorded.checks[0]?.output?.summary).toMatch(/\/alpha analyze/);
    expect(t.recorded.checks[0]?.external_id).toBe('pr=2');

    await t.comment('wes', '/alpha analyze', { pull: 2 });
    await t.settle();
    expect(t.recorded.checks.at(-1)?.conclusion).toBe('neutral');
    expect(lastReply(t)).toMatch(/review suggestions/);
    await t.comment('wes', '/alpha commit', { pull: 2 });
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(t.git.head('fork-head')).toBe(forkPayload('x').pull_request.head.sha);
    const review = t.recorded.reviews[0];
    expect(review?.pull).toBe(2);
    expect(review?.comments[0]?.path).toBe('infra/main.tf');
    expect(review?.comments[0]?.body).toMatch(/^```suggestion\n/);
  });

  it('runs "Re-analyze" on the fork check (no pull_requests in the payload: the external id names the PR)', async () => {
    const t = await harness();
    await t.deliver('pull_request', forkPayload('opened'));
    await t.settle();
    const check = t.recorded.checks[0];
    const press = (user: string) =>
      t.deliver('check_run', {
        action: 'requested_action',
        requested_action: { identifier: 'alpha-analyze' },
        check_run: { id: check?.id, head_sha: check?.head_sha, external_id: check?.external_id, pull_requests: [] },
        repository,
        sender: { login: user, type: 'User' },
        installation: { id: INSTALLATION_ID },
      });
    await press('outsider');
    await t.settle();
    expect(t.recorded.checks).toHaveLength(1);
    expect(lastReply(t)).toMatch(/needs write permission/);
    await press('max');
    await t.settle();
    expect(t.recorded.checks.map((c) => c.conclusion)).toEqual(['action_required', 'neutral']);
    expect((await t.store.latestAnalysis('acme/orders', 2))?.requestedBy).toBe('max');
    const audit = await t.store.listAudit('acme/orders', 2);
    expect(audit.map((a) => [a.actor, a.command, a.result.split(':')[0]])).toEqual([
      ['outsider', 'pull_request.opened', 'fork'],
      ['outsider', 'check_run.requested_action:analyze', 'denied'],
      ['max', 'check_run.requested_action:analyze', 'analyzed'],
    ]);
  });

  it('falls back to a diff comment when GitHub refuses suggestions outside the diff', async () => {
    const t = await analyzed({ rejectReviews: true }, 2);
    await t.comment('wes', '/alpha commit', { pull: 2 });
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(lastReply(t)).toMatch(/comes from a fork, so ALPHA does not commit[\s\S]*````diff\n--- a\/infra\/main\.tf/);
  });

  it('ignores pull requests from the same repository (the Action owns their check)', async () => {
    const t = await harness();
    await t.deliver('pull_request', {
      ...forkPayload('opened'),
      pull_request: {
        number: 1,
        head: { sha: t.git.head('feature'), ref: 'feature', repo: { full_name: `${OWNER}/${REPO}` } },
        base: { sha: t.git.head('main'), ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } },
      },
    });
    await t.settle();
    expect(t.recorded.checks).toEqual([]);
  });
});

describe('/alpha accept', () => {
  it('records a vetted permission that the next analysis grants and the commit writes', async () => {
    const t = await analyzed();
    const accept = '/alpha accept s3:DeleteObject arn:aws:s3:::orders-data/tmp/*';
    await t.comment('rob', accept);
    await t.settle();
    expect(lastReply(t)).toMatch(/needs write permission/);
    await t.comment('wes', '/alpha accept s3:DeleteObject *');
    await t.settle();
    expect(rendered(t)).toMatch(
      /Not accepted: "\*" is every resource, but s3:DeleteObject supports resource-level permissions/,
    );
    await t.comment('wes', '/alpha accept s3:GetObject arn:aws:s3:::orders-data/2026/11/order-1.json');
    await t.settle();
    expect(rendered(t)).toMatch(/Not accepted: s3:GetObject on .* is already granted/);
    await t.comment('wes', accept);
    await t.settle();
    expect(lastReply(t)).toMatch(/^Accepted `s3:DeleteObject` on `arn:aws:s3:::orders-data\/tmp\/\*` for `orders-api`/);
    expect(await t.store.listAcceptances('acme/orders', 1)).toMatchObject([
      { action: 's3:DeleteObject', acceptedBy: 'wes' },
    ]);

    await t.comment('wes', '/alpha analyze');
    await t.settle();
    const latest = await t.store.latestAnalysis('acme/orders', 1);
    expect(latest?.proposals[0]?.evidence['s3:DeleteObject']?.origin).toBe('accepted');
    await t.comment('wes', '/alpha commit');
    await t.settle();
    expect(t.alphaCommits()).toBe(1);
    const committed = t.git.readFile('feature', 'infra/main.tf') ?? '';
    expect(committed).toMatch(/Sid += "AlphaAccepted"[\s\S]*"s3:DeleteObject"[\s\S]*arn:aws:s3:::orders-data\/tmp\/\*/);
  });
});

describe('explain, help and the rest', () => {
  it('explains a kept action with its evidence, to anyone', async () => {
    const t = await analyzed();
    await t.comment('rob', '/alpha explain s3:getobject');
    await t.settle();
    const reply = lastReply(t);
    expect(reply).toMatch(/used 28 times between `2026-10-01/);
    expect(reply).toMatch(/sample event id: `0a1b2c3d-0000-4000-8000-[0-9a-f]{12}`/);
    expect(reply).toMatch(/resources: `arn:aws:s3:::orders-data\/2026\/11\/order-1\.json`/);
  });

  it('explains a denied attempt as never granted', async () => {
    const t = await analyzed();
    await t.comment('rob', '/alpha explain s3:DeleteObject');
    await t.settle();
    expect(lastReply(t)).toMatch(/not in the proposal[\s\S]*denied 1 times \(`AccessDenied`\)/);
  });

  it('says when there is nothing to explain yet', async () => {
    const t = await harness();
    await t.comment('rob', '/alpha explain s3:GetObject');
    await t.settle();
    expect(lastReply(t)).toMatch(/no analysis for this pull request yet/);
  });

  it.each([
    ['/alpha help', /\| `\/alpha commit \[role…\]` \| .* \| write, maintain or admin \|/],
    ['/alpha fix', /needs the AWS error message/],
    ['/alpha accept s3:DeleteObject arn:aws:s3:::orders-data/tmp/*', /no analysis of this head to accept against/],
    ['/alpha deploy now', /ALPHA has no command `deploy`/],
    ['/alpha analyze nosuchrole', /role nosuchrole is not in \\.github\/alpha\\.yml/],
  ])('%s', async (body, reply) => {
    const t = await harness();
    await t.comment(/analyze|accept/.test(body) ? 'ada' : 'rob', body);
    await t.settle();
    expect(lastReply(t)).toMatch(reply);
    expect(t.recorded.checks).toEqual([]);
    expect(t.recorded.reactions.map((r) => r.content)).toEqual([
      'eyes',
      body === '/alpha help' ? 'rocket' : 'confused',
    ]);
  });

  it('replies with the config error and creates no check when .github/alpha.yml is broken', async () => {
    const t = await harness();
    t.git.push('main', { '.github/alpha.yml': 'roles:\n  - arn: not-an-arn\n' });
    await t.comment('ada', '/alpha analyze');
    await t.settle();
    expect(t.recorded.checks).toEqual([]);
    // Error text is escaped Markdown (it may quote the file); read it as GitHub renders it.
    expect(rendered(t)).toMatch(/`\/alpha analyze` failed[\s\S]*alpha\.yml:2: roles\[0\]\.arn must be an IAM role/);
  });

  it('reports a missing IaC file in the check and has nothing to commit', async () => {
    const t = await harness();
    t.git.push('feature', { 'infra/main.tf': null });
    await t.comment('ada', '/alpha analyze');
    await t.settle();
    expect(t.recorded.checks.at(-1)?.status).toBe('completed');
    expect(t.recorded.checks.at(-1)?.output?.summary).toMatch(/infra\/main\.tf/);
    await t.comment('ada', '/alpha commit');
    await t.settle();
    expect(t.alphaCommits()).toBe(0);
    expect(lastReply(t)).toMatch(/no patch to commit/);
  });
});
