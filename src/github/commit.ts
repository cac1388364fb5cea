/**
 * Pinned commits through the Git Data API, shared by the App's `/alpha commit` and `alpha propose`.
 *
 * Safety (DESIGN.md, the Atlantis lesson): the commit's parent is the head the analysis saw, and the ref update
 * is `force: false`, so GitHub itself refuses the update when anyone pushed in between — there is no window
 * between "check the head" and "move the head". Every file must still be the blob the patch was computed
 * against. No author or committer is sent, so GitHub signs the commit and shows it as verified. A repeated
 * request finds the content already there and makes no second commit.
 *
 * Only `octokit.request(route, params)` is used, so the `@actions/github` client and `ProbotOctokit` both fit.
 */
import { createHash } from 'node:crypto';
import { AlphaError } from '../core/errors.js';
import { httpStatus } from './client.js';

/** The one method both `@actions/github`'s Octokit and `ProbotOctokit` share, typed loosely enough for both. */
export interface RequestClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request: (route: any, parameters?: any) => Promise<{ data: unknown }>;
}

export interface FileChange {
  path: string;
  content: string;
  /** blob sha the change was computed against; the file must still have it */
  baseBlobSha?: string;
}

export interface PinnedCommitRequest {
  owner: string;
  repo: string;
  branch: string;
  expectedHeadSha: string;
  message: string;
  files: FileChange[];
}

export type PinnedCommitResult =
  | { kind: 'committed'; sha: string; url: string }
  | { kind: 'no-op'; reason: string } // the branch already has exactly this content
  | { kind: 'head-moved'; expected: string; actual: string }
  | { kind: 'file-changed'; path: string }; // the file's blob is no longer baseBlobSha

/** The trailer that ties a commit to the stored analysis a reviewer saw. */
export const ANALYSIS_TRAILER = 'ALPHA-Analysis';

/** Git's object id for a file's content: `sha1("blob <byte length>\0" + bytes)`. */
export function gitBlobSha(content: string | Buffer): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * `alpha: least-privilege IAM policy for orders-api`, a body, and the trailer. Role ARNs become names; the
 * summary loses control characters and any line that would read as our trailer, so the trailer is always ours.
 */
export function commitMessage(analysisId: string, roles: readonly string[], summary: string): string {
  const names = [...new Set(roles.map((r) => r.slice(r.lastIndexOf('/') + 1)).filter((r) => r !== ''))].sort();
  let subject = `alpha: least-privilege IAM policy for ${names.length > 0 ? names.join(', ') : 'the analyzed roles'}`;
  if (subject.length > 72) subject = `alpha: least-privilege IAM policy for ${names.length} roles`;
  const body = summary
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .filter((line) => !line.trimStart().toLowerCase().startsWith(`${ANALYSIS_TRAILER.toLowerCase()}:`))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `${subject}\n\n${body === '' ? '' : `${body}\n\n`}${ANALYSIS_TRAILER}: ${analysisId}\n`;
}

/** Paths come from stored analyses and IaC files: never outside the tree, never into `.git`. */
export function assertSafeRepoPath(path: string): void {
  const parts = path.split('/');
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(path) ||
    parts.some((p) => p === '' || p === '.' || p === '..' || p.toLowerCase() === '.git');
  if (bad) {
    throw new AlphaError(
      `refusing to commit to the path "${path}"`,
      'file paths must be relative to the repository root, with no "..", "." or ".git" parts',
    );
  }
}

interface TreeEntry {
  path: string;
  mode: string;
  type: string;
  sha: string;
}

interface FileState {
  mode: string;
  sha: string;
}

function branchRef(branch: string): string {
  return `heads/${branch.replace(/^refs\/heads\//, '')}`;
}

async function readHead(octokit: RequestClient, owner: string, repo: string, branch: string): Promise<string> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      owner,
      repo,
      ref: branchRef(branch),
    });
    return (data as { object: { sha: string } }).object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) {
      throw new AlphaError(
        `branch ${branch} does not exist in ${owner}/${repo}`,
        'check the branch name; a deleted pull request branch cannot be committed to',
      );
    }
    throw wrap(`could not read the head of ${owner}/${repo}@${branch}`, error);
  }
}

function wrap(context: string, error: unknown): AlphaError {
  const status = httpStatus(error);
  const inner = error instanceof Error ? error.message : String(error);
  const fix =
    status === 403 || status === 404
      ? 'the token needs `contents: write` on the repository (a GitHub App needs the Contents write permission)'
      : 'retry; if it keeps failing, check https://www.githubstatus.com';
  return new AlphaError(`${context}: ${status ? `HTTP ${status} ` : ''}${inner}`, fix);
}

/**
 * The mode and blob of each path at a tree, reading one directory level at a time (a recursive listing can be
 * truncated on big repositories; the few directories on the way to an IaC file never are).
 */
async function fileStates(
  octokit: RequestClient,
  owner: string,
  repo: string,
  rootTree: string,
  paths: readonly string[],
): Promise<Map<string, FileState | null>> {
  const listings = new Map<string, Promise<TreeEntry[] | null>>();
  const list = (dir: string, sha: string | null): Promise<TreeEntry[] | null> => {
    let listing = listings.get(dir);
    if (!listing) {
      listing =
        sha === null
          ? Promise.resolve(null)
          : octokit
              .request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { owner, repo, tree_sha: sha })
              .then(({ data }) => (data as { tree: TreeEntry[] }).tree);
      listings.set(dir, listing);
    }
    return listing;
  };
  const states = new Map<string, FileState | null>();
  for (const path of paths) {
    const parts = path.split('/');
    let dir = '';
    let sha: string | null = rootTree;
    for (const part of parts.slice(0, -1)) {
      const entries: TreeEntry[] | null = await list(dir, sha);
      const next: TreeEntry | undefined = entries?.find((e) => e.path === part && e.type === 'tree');
      dir = dir === '' ? part : `${dir}/${part}`;
      sha = next ? next.sha : null;
    }
    const entries = await list(dir, sha);
    const file = entries?.find((e) => e.path === parts[parts.length - 1]);
    if (file && file.type !== 'blob') {
      throw new AlphaError(`${path} is a ${file.type} in the repository, not a file`, 'check the IaC file path');
    }
    states.set(path, file ? { mode: file.mode, sha: file.sha } : null);
  }
  return states;
}

async function snapshot(
  octokit: RequestClient,
  request: PinnedCommitRequest,
  commitSha: string,
): Promise<{ treeSha: string; states: Map<string, FileState | null> }> {
  const { owner, repo } = request;
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      owner,
      repo,
      commit_sha: commitSha,
    });
    const treeSha = (data as { tree: { sha: string } }).tree.sha;
    const paths = request.files.map((f) => f.path);
    return { treeSha, states: await fileStates(octokit, owner, repo, treeSha, paths) };
  } catch (error) {
    if (error instanceof AlphaError) throw error;
    throw wrap(`could not read the files at ${commitSha.slice(0, 7)} in ${owner}/${repo}`, error);
  }
}

/**
 * The head is not the one analyzed. If it already holds exactly this content (our own earlier commit, a
 * concurrent twin of this request, or someone applied the patch by hand) the request is done: no-op. Otherwise
 * the analysis is stale.
 */
async function movedOrAlreadyThere(
  octokit: RequestClient,
  request: PinnedCommitRequest,
  actual: string,
): Promise<PinnedCommitResult> {
  const { states } = await snapshot(octokit, request, actual);
  const same = request.files.every((f) => states.get(f.path)?.sha === gitBlobSha(f.content));
  return same
    ? { kind: 'no-op', reason: `${request.branch} at ${actual.slice(0, 7)} already has exactly this content` }
    : { kind: 'head-moved', expected: request.expectedHeadSha, actual };
}

/**
 * Commits `files` on `branch` as a child of `expectedHeadSha`, or says why not. Never forces; throws only for
 * failures a retry or a fix of permissions could cure (the outcomes a reviewer must hear about are results).
 */
export async function commitPinned(octokit: RequestClient, request: PinnedCommitRequest): Promise<PinnedCommitResult> {
  const { owner, repo, branch, expectedHeadSha } = request;
  if (request.files.length === 0) return { kind: 'no-op', reason: 'there are no file changes to commit' };
  const seen = new Set<string>();
  for (const file of request.files) {
    assertSafeRepoPath(file.path);
    if (seen.has(file.path)) {
      throw new AlphaError(`${file.path} appears twice in one commit`, 'merge the changes to one file into one');
    }
    seen.add(file.path);
  }

  const head = await readHead(octokit, owner, repo, branch);
  if (head !== expectedHeadSha) return movedOrAlreadyThere(octokit, request, head);

  const { treeSha, states } = await snapshot(octokit, request, expectedHeadSha);
  const changed: (FileChange & { mode: string; sha: string })[] = [];
  for (const file of request.files) {
    const current = states.get(file.path) ?? null;
    const sha = gitBlobSha(file.content);
    if (current?.sha === sha) continue;
    if (file.baseBlobSha !== undefined && current?.sha !== file.baseBlobSha) {
      return { kind: 'file-changed', path: file.path };
    }
    changed.push({ ...file, mode: current?.mode ?? '100644', sha });
  }
  if (changed.length === 0) {
    return { kind: 'no-op', reason: `${branch} at ${expectedHeadSha.slice(0, 7)} already has exactly this content` };
  }

  let commit: { sha: string; html_url?: string };
  try {
    for (const file of changed) {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/git/blobs', {
        owner,
        repo,
        content: Buffer.from(file.content, 'utf8').toString('base64'),
        encoding: 'base64',
      });
      const created = (data as { sha: string }).sha;
      if (created !== file.sha) {
        throw new AlphaError(
          `GitHub stored ${file.path} as blob ${created}, expected ${file.sha}`,
          'report this; nothing was committed',
        );
      }
    }
    const { data: tree } = await octokit.request('POST /repos/{owner}/{repo}/git/trees', {
      owner,
      repo,
      base_tree: treeSha,
      tree: changed.map((f) => ({ path: f.path, mode: f.mode, type: 'blob', sha: f.sha })),
    });
    // No author/committer: GitHub then signs the commit with its own key and marks it verified.
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/git/commits', {
      owner,
      repo,
      message: request.message,
      tree: (tree as { sha: string }).sha,
      parents: [expectedHeadSha],
    });
    commit = data as { sha: string; html_url?: string };
  } catch (error) {
    if (error instanceof AlphaError) throw error;
    throw wrap(`could not create the commit in ${owner}/${repo}`, error);
  }

  try {
    await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      owner,
      repo,
      ref: branchRef(branch),
      sha: commit.sha,
      force: false,
    });
  } catch (error) {
    if (httpStatus(error) === 422) {
      const actual = await readHead(octokit, owner, repo, branch);
      if (actual !== expectedHeadSha) return movedOrAlreadyThere(octokit, request, actual);
    }
    throw wrap(`could not move ${branch} to the new commit in ${owner}/${repo}`, error);
  }
  return {
    kind: 'committed',
    sha: commit.sha,
    url: commit.html_url ?? `https://github.com/${owner}/${repo}/commit/${commit.sha}`,
  };
}
