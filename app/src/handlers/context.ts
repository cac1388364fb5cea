/**
 * What every command handler shares: the event as one object (from a comment or a check-run button), what a
 * handler returns for the audit log, and the few GitHub calls all of them make (reply, react, read the PR).
 */
import type { Context } from 'probot';
import type { GitHubClient } from '../../../src/github/client.js';
import type { AlphaStore } from '../../../src/store/store.js';
import type { AnalysisDeps } from '../analysis.js';
import type { AlphaCommand } from '../commands.js';
import type { Committer } from '../commit-port.js';
import type { RequestOctokit } from '../octokit.js';
import { clampComment } from '../replies.js';

export interface CommandDeps {
  store: AlphaStore;
  committer: Committer;
  analysis: AnalysisDeps;
  now: () => Date;
}

export interface PullRequestInfo {
  number: number;
  state: string;
  headSha: string;
  headRef: string;
  baseSha: string;
  fork: boolean;
  htmlUrl: string;
}

/** A command with everything the handlers need, whether it came from a comment or a check-run button. */
export interface CommandEvent {
  deliveryId: string;
  owner: string;
  repo: string;
  pullNumber: number;
  sender: string;
  defaultBranch: string;
  command: AlphaCommand;
  /** The comment to react to; absent for check-run buttons. */
  commentId?: number;
  /** A button commits only the analysis its check run shows (named in the check's external_id). */
  shownAnalysisId?: string;
  octokit: RequestOctokit;
  gh: GitHubClient;
  log: Context['log'];
}

export interface Outcome {
  ok: boolean;
  /** For the audit log: e.g. `committed abc1234`, `refused: head moved`. */
  result: string;
  analysisId?: string;
}

export function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

export async function pullRequest(ev: CommandEvent): Promise<PullRequestInfo> {
  const { data } = await ev.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    owner: ev.owner,
    repo: ev.repo,
    pull_number: ev.pullNumber,
  });
  const pr = data as {
    number: number;
    state: string;
    html_url: string;
    head: { sha: string; ref: string; repo: { full_name: string } | null };
    base: { sha: string; repo: { full_name: string } };
  };
  return {
    number: pr.number,
    state: pr.state,
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseSha: pr.base.sha,
    fork: pr.head.repo === null || pr.head.repo.full_name !== pr.base.repo.full_name,
    htmlUrl: pr.html_url,
  };
}

export async function reply(ev: CommandEvent, body: string): Promise<void> {
  await ev.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: ev.owner,
    repo: ev.repo,
    issue_number: ev.pullNumber,
    body: clampComment(body),
  });
}

export async function react(ev: CommandEvent, content: 'eyes' | 'rocket' | 'confused'): Promise<void> {
  if (ev.commentId === undefined) return;
  try {
    await ev.octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
      owner: ev.owner,
      repo: ev.repo,
      comment_id: ev.commentId,
      content,
    });
  } catch (error) {
    // A reaction is courtesy: the reply says the same, so a deleted comment must not fail the command.
    ev.log.warn({ err: error }, 'ALPHA: could not react');
  }
}
