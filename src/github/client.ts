/** The Octokit the Action uses (`@actions/github`), typed once so adapters and tests agree on it. */
import { getOctokit } from '@actions/github';
import { AlphaError } from '../core/errors.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** HTTP status of an Octokit RequestError, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function createGitHubClient(token: string, options: Parameters<typeof getOctokit>[1] = {}): GitHubClient {
  return getOctokit(token, options);
}

/** Wraps an API failure with what was being done and what to change; a 403 is nearly always `permissions:`. */
export function gitHubError(context: string, error: unknown, permission: string): AlphaError {
  const status = httpStatus(error);
  const inner = error instanceof Error ? error.message : String(error);
  const fix =
    status === 403 || status === 404
      ? `grant the workflow \`${permission}\` in its \`permissions:\` block (fork pull requests never get it: a maintainer can run \`/alpha analyze\`)`
      : 'retry the run; if it keeps failing, check https://www.githubstatus.com';
  return new AlphaError(`${context}: ${status ? `HTTP ${status} ` : ''}${inner}`, fix);
}
