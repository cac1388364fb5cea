/**
 * `pull_request` opened / synchronize / reopened from a fork: GitHub gives the fork's workflow no OIDC token and
 * a read-only token, so the Action cannot analyze it. The App owns the check then: `action_required` (which,
 * unlike neutral or skipped, blocks a required check) with what a maintainer can do.
 */
import { completeCheckRun, createCheckRun } from '../../../src/github/checks.js';
import type { GitHubClient } from '../../../src/github/client.js';
import type { RequestOctokit } from '../octokit.js';
import { checkExtras, defaultCheckName, loadConfig } from './check-run.js';
import { repoKey, type CommandDeps } from './context.js';

export interface ForkPullRequestEvent {
  deliveryId: string;
  owner: string;
  repo: string;
  defaultBranch: string;
  pullNumber: number;
  headSha: string;
  action: string;
  sender: string;
  octokit: RequestOctokit;
  gh: GitHubClient;
}

export const FORK_CHECK_SUMMARY = [
  '## ⏸️ ALPHA least privilege: waiting for a maintainer',
  '',
  'This pull request comes from a fork. GitHub gives fork workflows no AWS credentials (no OIDC token) and a read-only token, so the Action cannot analyze it — and ALPHA never reports success without an analysis.',
  '',
  'A maintainer (write permission or higher) can comment `/alpha analyze` or press **Re-analyze**: the ALPHA App then reads this pull request’s files as data only (nothing from the fork is executed) and analyzes it with the App’s own AWS credentials. Patches for fork pull requests are offered as review suggestions, never committed to the fork.',
].join('\n');

export async function markForkCheck(deps: CommandDeps, ev: ForkPullRequestEvent): Promise<void> {
  if (!(await deps.store.claimDelivery(ev.deliveryId))) return;
  const repo = { owner: ev.owner, repo: ev.repo };
  // A broken config must not leave the fork without a check: the default name is what the Action uses too.
  const config = await loadConfig(ev.gh, repo, ev.defaultBranch).catch(() => null);
  const check = await createCheckRun(ev.gh, repo, {
    name: config?.checkName ?? defaultCheckName(),
    headSha: ev.headSha,
  });
  await completeCheckRun(ev.gh, repo, check, {
    conclusion: 'action_required',
    title: 'Fork pull request: a maintainer must run /alpha analyze',
    summary: FORK_CHECK_SUMMARY,
    ...checkExtras(ev.pullNumber, undefined, false),
  });
  await deps.store.appendAudit({
    at: deps.now().toISOString(),
    repo: repoKey(ev.owner, ev.repo),
    pullNumber: ev.pullNumber,
    actor: ev.sender,
    command: `pull_request.${ev.action}`,
    deliveryId: ev.deliveryId,
    result: 'fork: check action_required',
  });
}
