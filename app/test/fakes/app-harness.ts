/**
 * End-to-end harness for the App: the real Probot middleware behind an `http.Server` on 127.0.0.1, signed
 * webhook deliveries, and a loopback GitHub: the shared Git Data fake (fast-forward-only refs, real git shas)
 * plus the routes the App needs on top (installation tokens, permissions, reactions, comments, pulls, check
 * runs, reviews, folder listings). Used by the e2e tests and by bench/app-webhooks.ts.
 */
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Probot, ProbotOctokit, createNodeMiddleware } from 'probot';
import { loadIamCatalog } from '../../../src/catalog/iam-data.js';
import type { AlphaStore } from '../../../src/store/store.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import {
  startFakeGitData,
  type FakeGitData,
  type GitRequest,
  type GitResponse,
} from '../../../test/fakes/git-data-server.js';
import { createAlphaApp } from '../../src/app.js';
import { gitDataCommitter, type Committer } from '../../src/commit-port.js';
import type { ReasonerSettings } from '../../src/reasoner-settings.js';
import { WorkQueue } from '../../src/work-queue.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures');
export const CLOUDTRAIL_FIXTURES = join(FIXTURES, 'cloudtrail');
export const OWNER = 'acme';
export const REPO = 'orders';
export const SECRET = 'test-webhook-secret';
export const INSTALLATION_ID = 4242;
/** The fixture logs end in October 2026; the analysis clock is pinned after them. */
export const NOW = new Date('2026-11-01T00:00:00Z');

export const PERMISSIONS: Record<string, string> = {
  ada: 'admin',
  max: 'maintain',
  wes: 'write',
  tia: 'triage',
  rob: 'read',
};

let cachedKey: string | undefined;
/** An RSA key for the App's JWT; generated once per process (no key material in the repository). */
export function testPrivateKey(): string {
  cachedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  return cachedKey;
}

export function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface FakePullRequest {
  number: number;
  headBranch: string;
  baseBranch: string;
  fork: boolean;
  state: 'open' | 'closed';
}

export interface FakeCheck {
  id: number;
  name: string;
  head_sha: string;
  status?: string;
  conclusion?: string;
  output?: { title?: string; summary?: string };
  actions?: { label: string; identifier: string; description: string }[];
  external_id?: string;
}

export interface Recorded {
  comments: { issue: number; body: string }[];
  reactions: { comment: number; content: string }[];
  checks: FakeCheck[];
  reviews: { pull: number; body: string; comments: { path: string; body: string }[] }[];
}

export interface Harness {
  url: string;
  git: FakeGitData;
  store: AlphaStore;
  queue: WorkQueue;
  recorded: Recorded;
  pulls: Map<number, FakePullRequest>;
  /** Commits whose message carries ALPHA's trailer. */
  alphaCommits(): number;
  /** POSTs one delivery; resolves with the HTTP status and the time to the response. */
  deliver(
    event: string,
    payload: object,
    options?: { id?: string; signature?: string },
  ): Promise<{ status: number; ms: number }>;
  comment(
    user: string,
    body: string,
    options?: { pull?: number; id?: string; type?: 'User' | 'Bot'; action?: string },
  ): Promise<{ status: number; ms: number }>;
  /** Waits for every queued job. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  committer?: Committer;
  /** Review creation answers 422 (suggestion outside the PR's diff). */
  rejectReviews?: boolean;
  store?: AlphaStore;
  /** Runs before a ref update is applied (the shared fake's hook): push here to lose the race on purpose. */
  beforeRefUpdate?: (git: FakeGitData, branch: string) => void;
  /** The reasoner's settings (e.g. a loopback Bedrock endpoint); default: none, as without the env variables. */
  reasoner?: ReasonerSettings;
}

export const CONFIG_TEXT = readFileSync(join(FIXTURES, 'repo', 'alpha.yml'), 'utf8');
export const TERRAFORM_TEXT = readFileSync(join(FIXTURES, 'repo', 'infra', 'main.tf'), 'utf8');

function json(status: number, body?: unknown): GitResponse {
  return body === undefined ? { status } : { status, body };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const recorded: Recorded = { comments: [], reactions: [], checks: [], reviews: [] };
  const pulls = new Map<number, FakePullRequest>();
  const prefix = `/repos/${OWNER}/${REPO}`;
  // The routes need the fake they are part of: filled in once it has started.
  const started: { git?: FakeGitData } = {};
  let nextId = 1000;

  const knownPaths = new Set<string>(['.github/alpha.yml', 'infra/main.tf', 'README.md']);
  const appRoutes = (request: GitRequest): GitResponse | undefined => {
    const { method, path } = request;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (method === 'POST' && path === `/app/installations/${INSTALLATION_ID}/access_tokens`)
      return json(201, { token: 'ghs_installation', expires_at: new Date(Date.now() + 3600_000).toISOString() });
    if (!path.startsWith(prefix)) return undefined;
    const rest = path.slice(prefix.length);
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = rest.match(/^\/collaborators\/([^/]+)\/permission$/))) {
      const role = PERMISSIONS[m[1] as string];
      if (!role) return json(404, { message: 'Not Found' });
      const legacy = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return json(200, { permission: legacy, role_name: role, user: { login: m[1] } });
    }
    if (method === 'POST' && (m = rest.match(/^\/issues\/comments\/(\d+)\/reactions$/))) {
      recorded.reactions.push({ comment: Number(m[1]), content: String(body.content) });
      return json(201, { id: nextId++, content: body.content });
    }
    if (method === 'POST' && (m = rest.match(/^\/issues\/(\d+)\/comments$/))) {
      recorded.comments.push({ issue: Number(m[1]), body: String(body.body) });
      const id = nextId++;
      return json(201, { id, html_url: `https://github.test/${OWNER}/${REPO}/pull/${m[1]}#issuecomment-${id}` });
    }
    if (method === 'GET' && (m = rest.match(/^\/pulls\/(\d+)$/))) {
      const pr = pulls.get(Number(m[1]));
      if (!pr || !started.git) return json(404, { message: 'Not Found' });
      const repoJson = { full_name: `${OWNER}/${REPO}` };
      return json(200, {
        number: pr.number,
        state: pr.state,
        html_url: `https://github.test/${OWNER}/${REPO}/pull/${pr.number}`,
        head: {
          sha: started.git.head(pr.headBranch),
          ref: pr.headBranch,
          repo: pr.fork ? { full_name: `fork-owner/${REPO}` } : repoJson,
        },
        base: { sha: started.git.head(pr.baseBranch), ref: pr.baseBranch, repo: repoJson },
      });
    }
    if (method === 'POST' && rest === '/check-runs') {
      const check: FakeCheck = {
        id: nextId++,
        name: String(body.name),
        head_sha: String(body.head_sha),
        ...(typeof body.status === 'string' ? { status: body.status } : {}),
        ...(body.output ? { output: body.output as NonNullable<FakeCheck['output']> } : {}),
      };
      recorded.checks.push(check);
      return json(201, { id: check.id, html_url: `https://github.test/${OWNER}/${REPO}/runs/${check.id}` });
    }
    if (method === 'PATCH' && (m = rest.match(/^\/check-runs\/(\d+)$/))) {
      const check = recorded.checks.find((c) => c.id === Number(m?.[1]));
      if (!check) return json(404, { message: 'Not Found' });
      Object.assign(check, body);
      return json(200, { id: check.id, html_url: `https://github.test/${OWNER}/${REPO}/runs/${check.id}` });
    }
    if (method === 'POST' && (m = rest.match(/^\/pulls\/(\d+)\/reviews$/))) {
      if (options.rejectReviews) return json(422, { message: 'Unprocessable Entity: line must be part of the diff' });
      recorded.reviews.push({
        pull: Number(m[1]),
        body: String(body.body),
        comments: (body.comments as { path: string; body: string }[]) ?? [],
      });
      return json(200, { id: nextId++ });
    }
    // Folder listings (the shared fake serves files only).
    if (method === 'GET' && (m = rest.match(/^\/contents\/(.*)$/)) && started.git) {
      const dir = (m[1] as string).replace(/\/$/, '');
      const ref = request.query.ref ?? 'main';
      if (started.git.blobSha(ref, dir)) return undefined;
      const entries = [...knownPaths]
        .filter((p) =>
          dir === '' ? !p.includes('/') : p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/'),
        )
        .flatMap((p) => {
          const sha = started.git?.blobSha(ref, p);
          return sha ? [{ path: p, name: p.slice(p.lastIndexOf('/') + 1), sha, type: 'file', size: 1 }] : [];
        });
      return entries.length > 0 ? json(200, entries) : json(404, { message: 'Not Found' });
    }
    return undefined;
  };

  const git = await startFakeGitData({
    owner: OWNER,
    repo: REPO,
    files: { 'README.md': '# orders\n', '.github/alpha.yml': CONFIG_TEXT, 'infra/main.tf': TERRAFORM_TEXT },
    routes: [appRoutes],
    beforeRefUpdate: (branch) => {
      if (started.git) options.beforeRefUpdate?.(started.git, branch);
    },
  });
  started.git = git;
  // PR #1: a branch in this repository that adds a line to the README.
  git.setBranch('feature', git.head('main') as string);
  git.push('feature', { 'README.md': '# orders\n\nNew endpoint.\n' }, 'feature work');
  pulls.set(1, { number: 1, headBranch: 'feature', baseBranch: 'main', fork: false, state: 'open' });
  // PR #2: from a fork (its head is fetched into this repository, as GitHub does with refs/pull/2/head).
  git.setBranch('fork-head', git.head('main') as string);
  git.push('fork-head', { 'README.md': '# orders\n\nFrom a fork.\n' }, 'fork work');
  pulls.set(2, { number: 2, headBranch: 'fork-head', baseBranch: 'main', fork: true, state: 'open' });

  const store = options.store ?? new MemoryStore({ lockWaitMs: 60_000 });
  const queue = new WorkQueue((error) => {
    if (process.env.ALPHA_TEST_DEBUG) console.error('job failed', error);
  });
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    secret: SECRET,
    baseUrl: git.url,
    logLevel: process.env.ALPHA_TEST_DEBUG ? 'debug' : 'fatal',
    // STACK.md: the function form is what turns throttling off (else each write waits ~3 s).
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  let catalog: ReturnType<typeof loadIamCatalog> | undefined;
  let ticks = 0;
  const appFn = createAlphaApp({
    store,
    committer: options.committer ?? gitDataCommitter,
    queue,
    // A clock that ticks: "the newest analysis" is decided by createdAt, as in production.
    now: () => new Date(NOW.getTime() + ticks++ * 1000),
    analysis: {
      catalog: () => (catalog ??= loadIamCatalog()),
      usage: { localLogs: [CLOUDTRAIL_FIXTURES] },
      now: () => NOW,
      ...(options.reasoner ? { reasoner: options.reasoner } : {}),
    },
  });
  const middleware = await createNodeMiddleware(appFn, { probot });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;

  const deliver: Harness['deliver'] = async (event, payload, opts = {}) => {
    const body = JSON.stringify(payload);
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': opts.id ?? randomUUID(),
        'x-hub-signature-256': opts.signature ?? sign(body),
      },
      body,
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };

  let commentId = 1;
  const comment: Harness['comment'] = (user, body, opts = {}) =>
    deliver(
      'issue_comment',
      {
        action: opts.action ?? 'created',
        issue: { number: opts.pull ?? 1, pull_request: { url: `${git?.url}${prefix}/pulls/${opts.pull ?? 1}` } },
        comment: { id: commentId++, body, user: { login: user, type: opts.type ?? 'User' } },
        repository: { name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER }, default_branch: 'main' },
        sender: { login: user, type: opts.type ?? 'User' },
        installation: { id: INSTALLATION_ID },
      },
      opts.id ? { id: opts.id } : {},
    );

  return {
    url,
    git,
    store,
    queue,
    recorded,
    pulls,
    alphaCommits: () => (git?.commits() ?? []).filter((c) => c.message.includes('ALPHA-Analysis:')).length,
    deliver,
    comment,
    settle: () => queue.idle(),
    close: async () => {
      await queue.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await git?.close();
      await store.close();
    },
  };
}
