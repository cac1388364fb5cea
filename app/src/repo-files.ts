/**
 * Files of a repository at one commit, through the contents API. The App never checks a pull request out:
 * what it reads from the PR head is DATA (Terraform / CloudFormation / JSON text handed to the patchers),
 * never executed, and never the config (that comes from the default branch).
 */
import { AlphaError } from '../../src/core/errors.js';
import { httpStatusOf, type RequestOctokit } from './octokit.js';

export interface RepoEntry {
  path: string;
  /** Git blob sha: what a pinned commit checks the file against. */
  sha: string;
  type: string;
  size: number;
}

export interface RepoFile {
  text: string;
  sha: string;
}

export interface FilesAtRef {
  readonly ref: string;
  /** Entries of a folder ('' is the root); [] when it does not exist. */
  listDir(dir: string): Promise<RepoEntry[]>;
  /** `null` when the file does not exist at `ref`. */
  readFile(path: string): Promise<RepoFile | null>;
}

// The contents API inlines files up to 1 MB; policies and templates are far smaller.
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * A repository path from the config: relative, no `..`, no backslashes. Checked before it is joined to a
 * temporary folder, so a config cannot make the App read or write outside it.
 */
export function safeRepoPath(path: string): string {
  const clean = path.replace(/^\.\//, '');
  if (
    clean === '' ||
    clean.startsWith('/') ||
    clean.includes('\\') ||
    clean.includes('\0') ||
    clean.split('/').some((part) => part === '..' || part === '.' || part === '')
  )
    throw new AlphaError(
      `${JSON.stringify(path.slice(0, 200))} is not a plain repository path`,
      'name IaC files in .github/alpha.yml relative to the repository root, without .. or a leading /',
    );
  return clean;
}

export function filesAtRef(octokit: RequestOctokit, repo: { owner: string; repo: string }, ref: string): FilesAtRef {
  return {
    ref,
    async listDir(dir) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
          ...repo,
          path: dir,
          ref,
        });
        if (!Array.isArray(data)) return [];
        return (data as Partial<RepoEntry>[])
          .filter((e) => typeof e.path === 'string' && typeof e.sha === 'string')
          .map((e) => ({ path: e.path ?? '', sha: e.sha ?? '', type: e.type ?? 'file', size: e.size ?? 0 }));
      } catch (error) {
        if (httpStatusOf(error) === 404) return [];
        throw new AlphaError(
          `could not list ${dir || 'the repository root'} at ${ref.slice(0, 12)}: ${(error as Error).message}`,
          'the App needs contents: read',
        );
      }
    },
    async readFile(path) {
      let data: unknown;
      try {
        ({ data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, ref }));
      } catch (error) {
        if (httpStatusOf(error) === 404) return null;
        throw new AlphaError(
          `could not read ${path} at ${ref.slice(0, 12)}: ${(error as Error).message}`,
          'the App needs contents: read',
        );
      }
      const file = data as { type?: string; encoding?: string; content?: string; sha?: string; size?: number };
      if (Array.isArray(data) || file.type !== 'file') return null;
      if (file.encoding !== 'base64' || typeof file.content !== 'string' || (file.size ?? 0) > MAX_FILE_BYTES)
        throw new AlphaError(`${path} at ${ref.slice(0, 12)} is over 1 MB`, 'keep policies and templates small');
      return { text: Buffer.from(file.content, 'base64').toString('utf8'), sha: file.sha ?? '' };
    },
  };
}
