/**
 * A loopback fake of GitHub's Git Data API, for commit and propose tests (and the App's end-to-end tests).
 *
 * Objects are stored the way git stores them and named by real git sha1s, so a blob sha computed locally
 * matches the server's. Ref updates are fast-forward-only unless `force: true` is sent (which is recorded, so a
 * test can assert it never happens), and a non-fast-forward answers the real 422 "Update is not a fast forward".
 * Tests move a branch with `push()` to simulate someone pushing between analysis and commit.
 *
 * Routes (under `/repos/{owner}/{repo}`; anything else answers 404 unless `routes` handles it):
 *   GET    ''                         repository: `default_branch`, `full_name`, `html_url`
 *   GET    /git/ref/{ref}             and GET /git/refs/{ref}: `{ ref, object: { sha, type } }`
 *   POST   /git/refs                  `{ ref: 'refs/heads/x', sha }` → 201; 422 "Reference already exists"
 *   PATCH  /git/refs/{ref}            `{ sha, force }` → 200; 422 "Update is not a fast forward"
 *   DELETE /git/refs/{ref}            → 204
 *   POST   /git/blobs                 `{ content, encoding: 'utf-8' | 'base64' }` → 201 `{ sha }`
 *   GET    /git/blobs/{sha}           base64 content
 *   POST   /git/trees                 `{ base_tree?, tree: [{ path, mode, type, sha | content | sha: null }] }`
 *   GET    /git/trees/{sha}[?recursive=1]
 *   POST   /git/commits               `{ message, tree, parents, author?, committer? }` → 201
 *   GET    /git/commits/{sha}
 *   GET    /contents/{path}?ref=      file `{ type, sha, content (base64), encoding, path, name, size }`
 *   POST   /pulls                     `{ title, head, base, body, draft }` → 201; 422 when head is missing or a PR
 *                                     for that head is already open
 *   GET    /pulls?head=owner:branch&state=open
 *   GET    /pulls/{number}            `head.sha` / `base.sha` are the branches' heads now (they move with pushes)
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitRequest {
  method: string;
  /** Decoded path, e.g. `/repos/o/r/git/refs/heads/main`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

export interface GitResponse {
  status: number;
  body?: unknown;
}

export type GitRoute = (request: GitRequest) => GitResponse | undefined | Promise<GitResponse | undefined>;

export interface FakeCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  /** True when the commit was created without author/committer (GitHub signs those). */
  verified: boolean;
}

export interface FakePull {
  number: number;
  title: string;
  head: string;
  base: string;
  body: string;
  draft: boolean;
  state: 'open' | 'closed';
  html_url: string;
}

export interface FakeGitDataOptions {
  owner: string;
  repo: string;
  /** Default `main`. */
  defaultBranch?: string;
  /** Files of the initial commit on the default branch (path → text). */
  files?: Record<string, string>;
  /** When set, every request must carry `Authorization: token <token>` (or Bearer), else 401. */
  token?: string;
  /** Extra handlers tried before the built-in routes (e.g. the App's collaborators or reactions). */
  routes?: GitRoute[];
  /** Called before a ref update is applied: a test can `push()` here to lose a race on purpose. */
  beforeRefUpdate?: (branch: string, sha: string) => void | Promise<void>;
}

export interface FakeGitData {
  /** Base URL for Octokit (`baseUrl`): `http://127.0.0.1:PORT`. */
  url: string;
  requests: GitRequest[];
  pulls: FakePull[];
  /** Current head sha of a branch, or undefined. */
  head(branch: string): string | undefined;
  /** Commits someone else's change onto `branch` (path → text, null deletes) and moves the branch. */
  push(branch: string, files: Record<string, string | null>, message?: string): string;
  /** Creates or moves a branch (no fast-forward check: this is the test's hand). */
  setBranch(branch: string, sha: string): void;
  /** File text at a branch or commit, or undefined. */
  readFile(refOrSha: string, path: string): string | undefined;
  /** Git blob sha of a file at a branch or commit, or undefined. */
  blobSha(refOrSha: string, path: string): string | undefined;
  /** First-parent history from the branch head back to the root, newest first. */
  log(branch: string): FakeCommit[];
  /** Every commit object ever created (reachable or not). */
  commits(): FakeCommit[];
  /** Ref updates that sent `force: true`. */
  forcedUpdates: number;
  /** Opens a pull request directly (no request recorded), e.g. the PR the App is asked to commit to. */
  openPull(head: string, base?: string, title?: string): FakePull;
  close(): Promise<void>;
}

type GitObject =
  { type: 'blob'; data: Buffer } | { type: 'tree'; entries: TreeItem[] } | { type: 'commit'; commit: FakeCommit };

interface TreeItem {
  mode: string;
  name: string;
  type: 'blob' | 'tree';
  sha: string;
}

function hashObject(type: string, body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest('hex');
}

/** Git sorts tree entries byte-wise, with directories compared as if named `name/`. */
function sortTree(entries: TreeItem[]): TreeItem[] {
  const key = (e: TreeItem): string => (e.type === 'tree' ? `${e.name}/` : e.name);
  return entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeGitData(options: FakeGitDataOptions): Promise<FakeGitData> {
  const objects = new Map<string, GitObject>();
  const refs = new Map<string, string>();
  const requests: GitRequest[] = [];
  const pulls: FakePull[] = [];
  const defaultBranch = options.defaultBranch ?? 'main';
  const prefix = `/repos/${options.owner}/${options.repo}`;
  let url = '';
  let clock = Date.parse('2026-01-01T00:00:00Z') / 1000;
  const state = { forcedUpdates: 0 };

  const putBlob = (data: Buffer): string => {
    const sha = hashObject('blob', data);
    objects.set(sha, { type: 'blob', data });
    return sha;
  };
  const putTree = (entries: TreeItem[]): string => {
    const sorted = sortTree([...entries]);
    const body = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([Buffer.from(`${e.type === 'tree' ? '40000' : e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')]),
      ),
    );
    const sha = hashObject('tree', body);
    objects.set(sha, { type: 'tree', entries: sorted });
    return sha;
  };
  const putCommit = (tree: string, parents: string[], message: string, verified: boolean): FakeCommit => {
    clock += 60;
    const who = verified ? 'GitHub <noreply@github.com>' : 'Someone <someone@example.com>';
    const text = [
      `tree ${tree}`,
      ...parents.map((p) => `parent ${p}`),
      `author ${who} ${clock} +0000`,
      `committer ${who} ${clock} +0000`,
      '',
      message,
    ].join('\n');
    const sha = hashObject('commit', Buffer.from(text));
    const commit: FakeCommit = { sha, tree, parents, message, verified };
    objects.set(sha, { type: 'commit', commit });
    return commit;
  };
  const getTree = (sha: string): TreeItem[] => {
    const object = objects.get(sha);
    if (object?.type !== 'tree') throw new HttpError(404, `tree ${sha} not found`);
    return object.entries;
  };
  const getCommit = (sha: string): FakeCommit => {
    const object = objects.get(sha);
    if (object?.type !== 'commit') throw new HttpError(404, `commit ${sha} not found`);
    return object.commit;
  };

  /** Applies path → blob sha (null deletes) to a tree, creating and pruning subtrees. */
  const editTree = (base: string | null, changes: Map<string, { mode: string; sha: string } | null>): string => {
    const entries = new Map<string, TreeItem>((base ? getTree(base) : []).map((e) => [e.name, { ...e }]));
    const nested = new Map<string, Map<string, { mode: string; sha: string } | null>>();
    for (const [path, change] of changes) {
      const slash = path.indexOf('/');
      if (slash === -1) {
        if (change === null) entries.delete(path);
        else entries.set(path, { name: path, mode: change.mode, type: 'blob', sha: change.sha });
      } else {
        const dir = path.slice(0, slash);
        const inner = nested.get(dir) ?? new Map<string, { mode: string; sha: string } | null>();
        inner.set(path.slice(slash + 1), change);
        nested.set(dir, inner);
      }
    }
    for (const [dir, inner] of nested) {
      const existing = entries.get(dir);
      const sub = editTree(existing?.type === 'tree' ? existing.sha : null, inner);
      if (getTree(sub).length === 0) entries.delete(dir);
      else entries.set(dir, { name: dir, mode: '040000', type: 'tree', sha: sub });
    }
    return putTree([...entries.values()]);
  };

  const resolve = (refOrSha: string): string | undefined => {
    if (refs.has(`heads/${refOrSha}`)) return refs.get(`heads/${refOrSha}`);
    if (objects.get(refOrSha)?.type === 'commit') return refOrSha;
    return undefined;
  };
  const findBlob = (refOrSha: string, path: string): string | undefined => {
    const commitSha = resolve(refOrSha);
    if (!commitSha) return undefined;
    let tree = getCommit(commitSha).tree;
    const parts = path.split('/');
    for (const [index, part] of parts.entries()) {
      const entry = getTree(tree).find((e) => e.name === part);
      if (!entry) return undefined;
      if (index === parts.length - 1) return entry.type === 'blob' ? entry.sha : undefined;
      if (entry.type !== 'tree') return undefined;
      tree = entry.sha;
    }
    return undefined;
  };
  const isAncestor = (ancestor: string, of: string): boolean => {
    const stack = [of];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const sha = stack.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      stack.push(...getCommit(sha).parents);
    }
    return false;
  };
  const push = (branch: string, files: Record<string, string | null>, message = 'someone else pushed'): string => {
    const parent = refs.get(`heads/${branch}`);
    const changes = new Map<string, { mode: string; sha: string } | null>();
    for (const [path, text] of Object.entries(files))
      changes.set(path, text === null ? null : { mode: '100644', sha: putBlob(Buffer.from(text, 'utf8')) });
    const tree = editTree(parent ? getCommit(parent).tree : null, changes);
    const commit = putCommit(tree, parent ? [parent] : [], message, false);
    refs.set(`heads/${branch}`, commit.sha);
    return commit.sha;
  };

  push(defaultBranch, options.files ?? { 'README.md': '# fake\n' }, 'initial commit');

  const html = (path: string): string => `https://github.com/${options.owner}/${options.repo}${path}`;
  const commitJson = (c: FakeCommit): Record<string, unknown> => ({
    sha: c.sha,
    node_id: `C_${c.sha}`,
    url: `${url}${prefix}/git/commits/${c.sha}`,
    html_url: html(`/commit/${c.sha}`),
    message: c.message,
    tree: { sha: c.tree },
    parents: c.parents.map((sha) => ({ sha })),
    verification: { verified: c.verified, reason: c.verified ? 'valid' : 'unsigned' },
  });
  const refJson = (ref: string): Record<string, unknown> => ({
    ref: `refs/${ref}`,
    object: { sha: refs.get(ref), type: 'commit' },
  });
  const flatten = (treeSha: string, base: string): Record<string, unknown>[] =>
    getTree(treeSha).flatMap((e) => {
      const path = base === '' ? e.name : `${base}/${e.name}`;
      const self = { path, mode: e.type === 'tree' ? '040000' : e.mode, type: e.type, sha: e.sha };
      return e.type === 'tree' ? [self, ...flatten(e.sha, path)] : [self];
    });

  const pullJson = (p: FakePull): Record<string, unknown> => ({
    ...p,
    head: {
      ref: p.head,
      sha: refs.get(`heads/${p.head}`) ?? null,
      repo: { full_name: `${options.owner}/${options.repo}` },
    },
    base: {
      ref: p.base,
      sha: refs.get(`heads/${p.base}`) ?? null,
      repo: { full_name: `${options.owner}/${options.repo}` },
    },
  });
  const addPull = (fields: Omit<FakePull, 'number' | 'html_url' | 'state'>): FakePull => {
    const number = pulls.length + 1;
    const pull: FakePull = { number, state: 'open', html_url: html(`/pull/${number}`), ...fields };
    pulls.push(pull);
    return pull;
  };

  async function route(request: GitRequest): Promise<GitResponse> {
    for (const custom of options.routes ?? []) {
      const answer = await custom(request);
      if (answer) return answer;
    }
    if (options.token !== undefined) {
      const auth = request.authorization ?? '';
      if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`)
        return { status: 401, body: { message: 'Bad credentials' } };
    }
    if (!request.path.startsWith(prefix)) return { status: 404, body: { message: 'Not Found' } };
    const path = request.path.slice(prefix.length);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { method } = request;
    let m: RegExpMatchArray | null;

    if (method === 'GET' && path === '') {
      return {
        status: 200,
        body: { full_name: `${options.owner}/${options.repo}`, default_branch: defaultBranch, html_url: html('') },
      };
    }
    if (method === 'GET' && (m = path.match(/^\/git\/refs?\/(.+)$/))) {
      const ref = m[1] as string;
      if (!refs.has(ref)) return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: refJson(ref) };
    }
    if (method === 'POST' && path === '/git/refs') {
      const ref = String(body.ref ?? '').replace(/^refs\//, '');
      const sha = String(body.sha ?? '');
      if (!ref.startsWith('heads/')) return { status: 422, body: { message: 'Reference name is invalid' } };
      if (refs.has(ref)) return { status: 422, body: { message: 'Reference already exists' } };
      getCommit(sha);
      refs.set(ref, sha);
      return { status: 201, body: refJson(ref) };
    }
    if (method === 'PATCH' && (m = path.match(/^\/git\/refs\/(.+)$/))) {
      const ref = m[1] as string;
      const sha = String(body.sha ?? '');
      if (!refs.has(ref)) return { status: 422, body: { message: 'Reference does not exist' } };
      getCommit(sha);
      await options.beforeRefUpdate?.(ref.replace(/^heads\//, ''), sha);
      const current = refs.get(ref) as string;
      if (body.force === true) state.forcedUpdates += 1;
      else if (!isAncestor(current, sha)) return { status: 422, body: { message: 'Update is not a fast forward' } };
      refs.set(ref, sha);
      return { status: 200, body: refJson(ref) };
    }
    if (method === 'DELETE' && (m = path.match(/^\/git\/refs\/(.+)$/))) {
      if (!refs.delete(m[1] as string)) return { status: 422, body: { message: 'Reference does not exist' } };
      return { status: 204 };
    }
    if (method === 'POST' && path === '/git/blobs') {
      const encoding = body.encoding ?? 'utf-8';
      if (typeof body.content !== 'string') return { status: 422, body: { message: 'content is required' } };
      const data = Buffer.from(body.content, encoding === 'base64' ? 'base64' : 'utf8');
      const sha = putBlob(data);
      return { status: 201, body: { sha, url: `${url}${prefix}/git/blobs/${sha}` } };
    }
    if (method === 'GET' && (m = path.match(/^\/git\/blobs\/([0-9a-f]{40})$/))) {
      const object = objects.get(m[1] as string);
      if (object?.type !== 'blob') return { status: 404, body: { message: 'Not Found' } };
      return {
        status: 200,
        body: { sha: m[1], size: object.data.length, content: object.data.toString('base64'), encoding: 'base64' },
      };
    }
    if (method === 'POST' && path === '/git/trees') {
      const items = Array.isArray(body.tree) ? (body.tree as Record<string, unknown>[]) : [];
      const changes = new Map<string, { mode: string; sha: string } | null>();
      for (const item of items) {
        const itemPath = String(item.path ?? '');
        if (item.sha === null) changes.set(itemPath, null);
        else if (typeof item.content === 'string')
          changes.set(itemPath, { mode: String(item.mode), sha: putBlob(Buffer.from(item.content, 'utf8')) });
        else {
          const sha = String(item.sha);
          if (objects.get(sha)?.type !== 'blob')
            return { status: 422, body: { message: `tree.sha ${sha} is not a valid blob` } };
          changes.set(itemPath, { mode: String(item.mode), sha });
        }
      }
      const sha = editTree(typeof body.base_tree === 'string' ? body.base_tree : null, changes);
      return { status: 201, body: { sha, tree: flatten(sha, '').filter((e) => !String(e.path).includes('/')) } };
    }
    if (method === 'GET' && (m = path.match(/^\/git\/trees\/([0-9a-f]{40})$/))) {
      const sha = m[1] as string;
      const entries =
        request.query.recursive !== undefined
          ? flatten(sha, '')
          : flatten(sha, '').filter((e) => !String(e.path).includes('/'));
      return { status: 200, body: { sha, tree: entries, truncated: false } };
    }
    if (method === 'POST' && path === '/git/commits') {
      const tree = String(body.tree ?? '');
      getTree(tree);
      const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
      for (const parent of parents) getCommit(parent);
      const verified = body.author === undefined && body.committer === undefined;
      const commit = putCommit(tree, parents, String(body.message ?? ''), verified);
      return { status: 201, body: commitJson(commit) };
    }
    if (method === 'GET' && (m = path.match(/^\/git\/commits\/([0-9a-f]{40})$/))) {
      return { status: 200, body: commitJson(getCommit(m[1] as string)) };
    }
    if (method === 'GET' && (m = path.match(/^\/contents\/(.+)$/))) {
      const filePath = m[1] as string;
      const sha = findBlob(request.query.ref ?? defaultBranch, filePath);
      if (!sha) return { status: 404, body: { message: 'Not Found' } };
      const data = (objects.get(sha) as { data: Buffer }).data;
      return {
        status: 200,
        body: {
          type: 'file',
          sha,
          path: filePath,
          name: filePath.slice(filePath.lastIndexOf('/') + 1),
          size: data.length,
          content: data.toString('base64'),
          encoding: 'base64',
        },
      };
    }
    if (method === 'POST' && path === '/pulls') {
      const head = String(body.head ?? '').replace(new RegExp(`^${options.owner}:`), '');
      const base = String(body.base ?? '');
      if (!refs.has(`heads/${head}`) || !refs.has(`heads/${base}`))
        return { status: 422, body: { message: 'Validation Failed', errors: [{ field: 'head', code: 'invalid' }] } };
      if (pulls.some((p) => p.head === head && p.state === 'open'))
        return { status: 422, body: { message: `A pull request already exists for ${options.owner}:${head}.` } };
      const pull = addPull({
        title: String(body.title ?? ''),
        head,
        base,
        body: String(body.body ?? ''),
        draft: body.draft === true,
      });
      return { status: 201, body: pullJson(pull) };
    }
    if (method === 'GET' && (m = path.match(/^\/pulls\/(\d+)$/))) {
      const pull = pulls.find((p) => p.number === Number(m?.[1]));
      if (!pull) return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: pullJson(pull) };
    }
    if (method === 'GET' && path === '/pulls') {
      const head = (request.query.head ?? '').replace(new RegExp(`^${options.owner}:`), '');
      const wanted = request.query.state ?? 'open';
      return {
        status: 200,
        body: pulls
          .filter((p) => (head === '' || p.head === head) && (wanted === 'all' || p.state === wanted))
          .map(pullJson),
      };
    }
    return { status: 404, body: { message: `Not Found: ${method} ${request.path}` } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: GitRequest = {
      method: req.method ?? 'GET',
      // Octokit sends `heads%2Fmain` and `dir%2Ffile.tf`; GitHub decodes those, so do we.
      path: decodeURIComponent(parsed.pathname.replace(/^\/api\/v3/, '')),
      query: Object.fromEntries(parsed.searchParams),
      body: text ? (JSON.parse(text) as unknown) : undefined,
      authorization: req.headers.authorization,
    };
    requests.push(request);
    let answer: GitResponse;
    try {
      answer = await route(request);
    } catch (error) {
      answer =
        error instanceof HttpError
          ? { status: error.status, body: { message: error.message } }
          : { status: 500, body: { message: String(error) } };
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    pulls,
    head: (branch) => refs.get(`heads/${branch}`),
    push,
    setBranch: (branch, sha) => {
      getCommit(sha);
      refs.set(`heads/${branch}`, sha);
    },
    readFile: (refOrSha, path) => {
      const sha = findBlob(refOrSha, path);
      return sha ? (objects.get(sha) as { data: Buffer }).data.toString('utf8') : undefined;
    },
    blobSha: findBlob,
    log: (branch) => {
      const out: FakeCommit[] = [];
      let sha = refs.get(`heads/${branch}`);
      while (sha) {
        const commit = getCommit(sha);
        out.push(commit);
        sha = commit.parents[0];
      }
      return out;
    },
    commits: () => [...objects.values()].flatMap((o) => (o.type === 'commit' ? [o.commit] : [])),
    openPull: (head, base = defaultBranch, title = 'a pull request') => {
      if (!refs.has(`heads/${head}`)) throw new Error(`fake: no branch ${head} to open a pull request from`);
      return addPull({ title, head, base, body: '', draft: false });
    },
    get forcedUpdates() {
      return state.forcedUpdates;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
