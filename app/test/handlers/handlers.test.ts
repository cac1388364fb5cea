/**
 * Handler tests at the HTTP level with nock (probot docs' style): network disabled, retry and throttle off,
 * every mocked request must have been made. Each test names the exact GitHub calls a command costs.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { createAlphaApp } from '../../src/app.js';
import type { Committer } from '../../src/commit-port.js';
import { WorkQueue } from '../../src/work-queue.js';
import { CONFIG_TEXT, testPrivateKey } from '../fakes/app-harness.js';

const API = 'https://api.github.com';
const REPO = '/repos/acme/orders';

let probot: Probot;
let store: MemoryStore;
let queue: WorkQueue;
let commits: number;
let failures: unknown[];

const committer: Committer = {
  commitPinned: async () => {
    commits++;
    return { kind: 'committed', sha: 'c'.repeat(40), url: 'https://github.com/acme/orders/commit/ccc' };
  },
  commitMessage: () => 'msg',
};

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  commits = 0;
  store = new MemoryStore();
  failures = [];
  queue = new WorkQueue((error) => failures.push(error));
  probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  probot.load(
    createAlphaApp({
      store,
      committer,
      queue,
      now: () => new Date('2026-11-01T00:00:00Z'),
      analysis: { catalog: () => Promise.reject(new Error('not used')), usage: {}, now: () => new Date() },
    }),
  );
});

afterEach(() => {
  expect(failures).toEqual([]);
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

function comment(body: string, sender = 'rob', type = 'User', id = 'delivery-1') {
  return probot.receive({
    id,
    name: 'issue_comment',
    payload: {
      action: 'created',
      issue: { number: 7, pull_request: { url: 'x' } },
      comment: { id: 99, body, user: { login: sender, type } },
      repository: { name: 'orders', full_name: 'acme/orders', owner: { login: 'acme' }, default_branch: 'main' },
      sender: { login: sender, type },
      installation: { id: 5 },
    },
  } as never);
}

function installation(scope: nock.Scope): nock.Scope {
  return scope
    .post('/app/installations/5/access_tokens')
    .reply(201, { token: 't', expires_at: '2099-01-01T00:00:00Z' });
}

function config(scope: nock.Scope, text = CONFIG_TEXT): nock.Scope {
  return scope
    .get(`${REPO}/contents/.github%2Falpha.yml`)
    .query({ ref: 'main' })
    .reply(200, {
      type: 'file',
      encoding: 'base64',
      content: Buffer.from(text).toString('base64'),
      sha: 'a'.repeat(40),
    });
}

function replies(scope: nock.Scope, bodies: string[]): nock.Scope {
  return scope
    .post(`${REPO}/issues/7/comments`, (b: { body: string }) => (bodies.push(b.body), true))
    .reply(201, { id: 1 });
}

describe('issue_comment.created', () => {
  it('answers help to anyone, without asking for permissions', async () => {
    const bodies: string[] = [];
    const scope = installation(nock(API));
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'eyes' }).reply(201, {});
    config(scope);
    replies(scope, bodies);
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'rocket' }).reply(201, {});
    await comment('/alpha help');
    await queue.idle();
    expect(bodies[0]).toMatch(/### ALPHA commands/);
    expect((await store.listAudit('acme/orders'))[0]).toMatchObject({
      actor: 'rob',
      command: 'help',
      result: 'help',
      deliveryId: 'delivery-1',
    });
  });

  it('denies analyze to a read collaborator', async () => {
    const bodies: string[] = [];
    const scope = installation(nock(API));
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'eyes' }).reply(201, {});
    config(scope);
    scope.get(`${REPO}/collaborators/rob/permission`).reply(200, { permission: 'read', role_name: 'read' });
    replies(scope, bodies);
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'confused' }).reply(201, {});
    await comment('/alpha analyze');
    await queue.idle();
    expect(bodies).toEqual([
      '🚫 `/alpha analyze` needs write permission or higher on this repository (you have read).',
    ]);
  });

  it('refuses commit with no analysis for the current head', async () => {
    const bodies: string[] = [];
    const scope = installation(nock(API));
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'eyes' }).reply(201, {});
    config(scope);
    scope.get(`${REPO}/collaborators/wes/permission`).reply(200, { permission: 'write', role_name: 'write' });
    scope.get(`${REPO}/pulls/7`).reply(200, {
      number: 7,
      state: 'open',
      head: { sha: 'b'.repeat(40), ref: 'feature', repo: { full_name: 'acme/orders' } },
      base: { sha: 'd'.repeat(40), repo: { full_name: 'acme/orders' } },
    });
    replies(scope, bodies);
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'confused' }).reply(201, {});
    await comment('/alpha commit', 'wes');
    await queue.idle();
    expect(commits).toBe(0);
    expect(bodies[0]).toMatch(/Nothing was committed: there is no analysis for this pull request yet/);
  });

  it('uses the allow-list from the default branch', async () => {
    const bodies: string[] = [];
    const scope = installation(nock(API));
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'eyes' }).reply(201, {});
    config(scope, `${CONFIG_TEXT}  commands:\n    commit:\n      users: [ada]\n`);
    scope.get(`${REPO}/collaborators/wes/permission`).reply(200, { permission: 'write', role_name: 'write' });
    replies(scope, bodies);
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'confused' }).reply(201, {});
    await comment('/alpha commit', 'wes');
    await queue.idle();
    expect(bodies[0]).toMatch(/limited to the users and teams listed under `app.commands.commit`/);
  });

  it.each([
    ['a bot', '/alpha commit', 'renovate[bot]', 'Bot'],
    ['a comment that is not a command', 'LGTM, ship it', 'wes', 'User'],
    ['a command below the first line', 'Thanks!\n/alpha commit', 'wes', 'User'],
  ])('makes no request at all for %s', async (_name, body, sender, type) => {
    await comment(body, sender, type);
    await queue.idle();
    expect(await store.listAudit('acme/orders')).toEqual([]);
  });

  it('ignores comments on issues', async () => {
    await probot.receive({
      id: 'd',
      name: 'issue_comment',
      payload: {
        action: 'created',
        issue: { number: 3 },
        comment: { id: 1, body: '/alpha analyze', user: { login: 'ada', type: 'User' } },
        repository: { name: 'orders', owner: { login: 'acme' }, default_branch: 'main' },
        sender: { login: 'ada', type: 'User' },
        installation: { id: 5 },
      },
    } as never);
    await queue.idle();
    expect(await store.listAudit('acme/orders')).toEqual([]);
  });

  it('handles a redelivery once', async () => {
    const bodies: string[] = [];
    const scope = installation(nock(API));
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'eyes' }).reply(201, {});
    config(scope);
    replies(scope, bodies);
    scope.post(`${REPO}/issues/comments/99/reactions`, { content: 'rocket' }).reply(201, {});
    await comment('/alpha help', 'rob', 'User', 'same');
    await comment('/alpha help', 'rob', 'User', 'same');
    await queue.idle();
    expect(bodies).toHaveLength(1);
  });
});
