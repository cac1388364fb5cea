/**
 * The commit path behind one interface, so handler tests can count or fail commits without a git server. The
 * real one is src/github/commit.ts (shared with `alpha propose`): pinned to the analyzed head, never forced.
 */
import {
  ANALYSIS_TRAILER,
  commitMessage,
  commitPinned,
  type PinnedCommitRequest,
  type PinnedCommitResult,
} from '../../src/github/commit.js';
import type { RequestOctokit } from './octokit.js';

export type { PinnedCommitRequest, PinnedCommitResult } from '../../src/github/commit.js';

export interface Committer {
  commitPinned(octokit: RequestOctokit, request: PinnedCommitRequest): Promise<PinnedCommitResult>;
  commitMessage(analysisId: string, roles: readonly string[], summary: string): string;
}

export const gitDataCommitter: Committer = { commitPinned, commitMessage };

/** The analysis id in a commit's `ALPHA-Analysis:` trailer (only ALPHA writes it; `commitMessage` strips fakes). */
export function analysisIdOf(message: string): string | undefined {
  return new RegExp(`^${ANALYSIS_TRAILER}: ([0-9a-f]{6,64})\\s*$`, 'm').exec(message)?.[1];
}
