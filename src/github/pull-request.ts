/**
 * What `alpha propose` needs from GitHub besides the commit itself: the base branch and its head, a new
 * branch (never an existing one: it may hold someone's work), the repository's IaC files at a commit, and the
 * pull request with a body in which nothing from the proposal can mention, link or reference anyone.
 *
 * Like commit.ts, only `octokit.request(route, params)` is used.
 */
import { AlphaError } from '../core/errors.js';
import type { Proposal } from '../core/proposal.js';
import { codeSpan, escapeMarkdown } from '../core/report/markdown-escape.js';
import { httpStatus } from './client.js';
import type { RequestClient } from './commit.js';

/** GitHub rejects a pull request body over 65,536 characters. */
export const PULL_REQUEST_BODY_LIMIT = 65_536;

export interface RepoFile {
  path: string;
  /** Git blob sha. */
  sha: string;
  size: number;
}

function apiError(context: string, error: unknown, permission: string): AlphaError {
  const status = httpStatus(error);
  const inner = error instanceof Error ? error.message : String(error);
  const fix =
    status === 401
      ? 'the token was refused: pass a valid --github-token or set GITHUB_TOKEN'
      : status === 403 || status === 404
        ? `the token needs \`${permission}\` on the repository (check --repo and, for GitHub Enterprise, --api-url)`
        : 'retry; if it keeps failing, check https://www.githubstatus.com';
  return new AlphaError(`${context}: ${status ? `HTTP ${status} ` : ''}${inner}`, fix);
}

export async function defaultBranch(octokit: RequestClient, owner: string, repo: string): Promise<string> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner, repo });
    return (data as { default_branch: string }).default_branch;
  } catch (error) {
    throw apiError(`could not read the repository ${owner}/${repo}`, error, 'contents: read');
  }
}

/** The branch's head commit, or null when there is no such branch. */
export async function branchHead(
  octokit: RequestClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<string | null> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      owner,
      repo,
      ref: `heads/${branch}`,
    });
    return (data as { object: { sha: string } }).object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw apiError(`could not read the branch ${branch} of ${owner}/${repo}`, error, 'contents: read');
  }
}

function branchExists(owner: string, repo: string, branch: string): AlphaError {
  return new AlphaError(
    `the branch ${branch} already exists in ${owner}/${repo}; alpha propose only creates new branches, so it never commits on top of someone else's work`,
    'pass another --branch, or delete that branch if it is a leftover of an earlier run',
  );
}

/** Creates `branch` at `sha`; refuses when it exists (checked first, and again by GitHub's 422). */
export async function createBranch(
  octokit: RequestClient,
  owner: string,
  repo: string,
  branch: string,
  sha: string,
): Promise<void> {
  if ((await branchHead(octokit, owner, repo, branch)) !== null) throw branchExists(owner, repo, branch);
  try {
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${branch}`, sha });
  } catch (error) {
    if (httpStatus(error) === 422 && (await branchHead(octokit, owner, repo, branch)) !== null)
      throw branchExists(owner, repo, branch);
    throw apiError(`could not create the branch ${branch} in ${owner}/${repo}`, error, 'contents: write');
  }
}

/** Deletes a branch only if it still points where we left it (cleaning up after a failed propose). */
export async function deleteBranchIfAt(
  octokit: RequestClient,
  owner: string,
  repo: string,
  branch: string,
  sha: string,
): Promise<boolean> {
  if ((await branchHead(octokit, owner, repo, branch)) !== sha) return false;
  await octokit.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { owner, repo, ref: `heads/${branch}` });
  return true;
}

/** Every file of the commit's tree (one recursive listing; refuses a truncated one rather than miss files). */
export async function listFilesAt(
  octokit: RequestClient,
  owner: string,
  repo: string,
  commitSha: string,
): Promise<RepoFile[]> {
  try {
    const { data: commit } = await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      owner,
      repo,
      commit_sha: commitSha,
    });
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner,
      repo,
      tree_sha: (commit as { tree: { sha: string } }).tree.sha,
      recursive: '1',
    });
    const tree = data as { truncated?: boolean; tree: { path: string; type: string; sha: string; size?: number }[] };
    if (tree.truncated) {
      throw new AlphaError(
        `${owner}/${repo} has too many files to list through the API in one request`,
        'check the repository out and pass its folder with --iac-dir',
      );
    }
    return tree.tree
      .filter((e) => e.type === 'blob')
      .map((e) => ({ path: e.path, sha: e.sha, size: e.size ?? 0 }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  } catch (error) {
    if (error instanceof AlphaError) throw error;
    throw apiError(`could not list the files of ${owner}/${repo} at ${commitSha.slice(0, 7)}`, error, 'contents: read');
  }
}

export async function readBlob(octokit: RequestClient, owner: string, repo: string, file: RepoFile): Promise<Buffer> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
      owner,
      repo,
      file_sha: file.sha,
    });
    const blob = data as { content: string; encoding: string };
    return Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8');
  } catch (error) {
    throw apiError(`could not read ${file.path} from ${owner}/${repo}`, error, 'contents: read');
  }
}

export interface PullRequestRef {
  number: number;
  url: string;
}

export async function openPullRequest(
  octokit: RequestClient,
  request: { owner: string; repo: string; head: string; base: string; title: string; body: string; draft: boolean },
): Promise<PullRequestRef> {
  const { owner, repo, ...rest } = request;
  try {
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      owner,
      repo,
      ...rest,
      body: clampBody(rest.body),
    });
    const pull = data as { number: number; html_url: string };
    return { number: pull.number, url: pull.html_url };
  } catch (error) {
    throw apiError(
      `could not open the pull request ${request.head} → ${request.base} in ${owner}/${repo}`,
      error,
      'pull-requests: write',
    );
  }
}

function clampBody(body: string): string {
  if (body.length <= PULL_REQUEST_BODY_LIMIT) return body;
  const note = '\n\n_…cut to fit GitHub’s pull request size limit; the full proposal is in the commit._\n';
  return body.slice(0, PULL_REQUEST_BODY_LIMIT - note.length) + note;
}

export interface ProposedChange {
  roleArn: string;
  path: string;
  /** Terraform address or CloudFormation logical id. */
  target: string;
  line: number;
}

/**
 * The pull request body: per role, what changes and how risky it is. Everything from the proposal and the
 * repository (role names, paths, summaries) is untrusted and escaped: no mention, link or reference survives.
 */
export function renderProposeBody(
  proposals: readonly Proposal[],
  changes: readonly ProposedChange[],
  analysisId: string,
): string {
  const lines = [
    '## ALPHA least-privilege proposal',
    '',
    'ALPHA rewrote these IAM policies from what each role actually did in CloudTrail. Nothing was changed in AWS: ' +
      'merging this pull request is the decision.',
    '',
    '| Role | Change | Reduction | Break risk | Guardrail violations |',
    '|---|---|---|---|---|',
  ];
  const sorted = [...proposals].sort((a, b) => a.role.arn.localeCompare(b.role.arn));
  for (const p of sorted) {
    // Proposal files are user input: a hand-trimmed one may lack the summary parts.
    const risk = p.proposal.riskSignal as Partial<Proposal['proposal']['riskSignal']> | undefined;
    const diff = p.diff as Partial<Proposal['diff']> | undefined;
    const riskText =
      risk?.level && typeof risk.probabilityOfBreak === 'number'
        ? `${risk.level} (${(risk.probabilityOfBreak * 100).toFixed(1)}%)`
        : 'not given';
    lines.push(
      `| ${codeSpan(p.role.name || p.role.arn)} | ${escapeMarkdown(diff?.changeSummary ?? 'see the diff')} | ` +
        `${escapeMarkdown(typeof diff?.reductionPercent === 'number' ? `${diff.reductionPercent}%` : '—')} | ` +
        `${escapeMarkdown(riskText)} | ${p.proposal.guardrailViolations?.length ?? 0} |`,
    );
  }
  lines.push('', '### Files', '');
  for (const c of [...changes].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line)) {
    lines.push(`- ${codeSpan(`${c.path}:${c.line}`)} ${codeSpan(c.target)} for ${codeSpan(c.roleArn)}`);
  }
  const notes = sorted.flatMap((p) => (p.proposal.remediationNotes ?? []).map((n) => `${p.role.name}: ${n}`));
  if (notes.length > 0) {
    lines.push('', '### Before merging', '');
    for (const note of notes.slice(0, 50)) lines.push(`- ${escapeMarkdown(note)}`);
    if (notes.length > 50) lines.push(`- …and ${notes.length - 50} more in the proposal JSON`);
  }
  lines.push('', `<sub>Opened by \`alpha propose\` · ALPHA-Analysis: ${escapeMarkdown(analysisId)}</sub>`, '');
  return lines.join('\n');
}
