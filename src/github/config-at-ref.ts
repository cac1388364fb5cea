/**
 * Reads `.github/alpha.yml` at a given commit through the API. In pull-request runs that commit is the base:
 * the PR head is whatever its author wrote, and the config (guardrails, mode, threshold) must not be theirs.
 */
import { AlphaError } from '../core/errors.js';
import { gitHubError, httpStatus, type GitHubClient, type RepoRef } from './client.js';

/** The file's text, or `null` when it does not exist at that commit. */
export async function readFileAtRef(
  gh: GitHubClient,
  repo: RepoRef,
  path: string,
  ref: string,
): Promise<string | null> {
  let data: unknown;
  try {
    ({ data } = await gh.rest.repos.getContent({ ...repo, path, ref }));
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw gitHubError(`could not read ${path} at ${ref.slice(0, 12)}`, error, 'contents: read');
  }
  const file = data as { type?: string; encoding?: string; content?: string };
  if (Array.isArray(data) || file.type !== 'file')
    throw new AlphaError(`${path} at ${ref.slice(0, 12)} is not a file`, 'point the `config` input at a YAML file');
  if (file.encoding !== 'base64' || typeof file.content !== 'string')
    // The contents API inlines files up to 1 MB; a config that large is a mistake.
    throw new AlphaError(`${path} at ${ref.slice(0, 12)} is too large to be a config`, 'keep .github/alpha.yml small');
  return Buffer.from(file.content, 'base64').toString('utf8');
}
