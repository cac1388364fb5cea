/**
 * What the triggering event says about where to report: the commit the check belongs to, the commit the config
 * is read from, and whether this is a fork PR (GitHub gives those no OIDC token and a read-only GITHUB_TOKEN).
 */
import { AlphaError } from '../core/errors.js';

export interface RunTarget {
  /** The commit the check run is attached to: the PR head, not the merge commit `GITHUB_SHA` names. */
  headSha: string;
  /** The commit `.github/alpha.yml` is read from: the PR base, or the pushed commit. */
  configSha: string;
  pullRequest?: { number: number; fork: boolean; baseRef: string };
}

interface RepoLike {
  full_name?: unknown;
}
interface PullRequestPayload {
  number?: unknown;
  head?: { sha?: unknown; repo?: RepoLike | null };
  base?: { sha?: unknown; ref?: unknown; repo?: RepoLike | null };
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function runTargetOf(eventName: string, payload: Record<string, unknown>, sha: string): RunTarget {
  if (!PR_EVENTS.has(eventName)) {
    if (!sha) throw new AlphaError('GITHUB_SHA is not set', 'run ALPHA as a step of a GitHub Actions workflow');
    return { headSha: sha, configSha: sha };
  }
  const pr = payload.pull_request as PullRequestPayload | undefined;
  const headSha = pr?.head?.sha;
  const baseSha = pr?.base?.sha;
  if (!pr || typeof headSha !== 'string' || typeof baseSha !== 'string' || typeof pr.number !== 'number')
    throw new AlphaError(
      `the ${eventName} event payload has no pull_request head and base`,
      'run the workflow on pull_request events, or check GITHUB_EVENT_PATH',
    );
  const baseRepo = pr.base?.repo?.full_name;
  // A deleted fork leaves head.repo null: treat it like any fork.
  const headRepo = pr.head?.repo?.full_name;
  return {
    headSha,
    configSha: baseSha,
    pullRequest: {
      number: pr.number,
      fork: typeof headRepo !== 'string' || headRepo !== baseRepo,
      baseRef: typeof pr.base?.ref === 'string' ? pr.base.ref : '',
    },
  };
}
