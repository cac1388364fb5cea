/**
 * The check run's extras: the buttons and our `external_id`, which names the PR and the analysis the check shows
 * (fork PRs are not listed in `check_run.pull_requests`, and a button must commit exactly the analysis its check
 * shows). Both go with the conclusion in the shared completion (src/github/checks.ts).
 */
import type { CheckAction } from '../../../src/github/checks.js';
import type { GitHubClient } from '../../../src/github/client.js';
import { readFileAtRef } from '../../../src/github/config-at-ref.js';
import { parseAppConfig, type AppConfig } from '../app-config.js';

export const CONFIG_PATH = '.github/alpha.yml';

/** Check-run buttons: identifier ≤ 20, label ≤ 20, description ≤ 40 characters (GitHub's limits). */
export const CHECK_ACTIONS = {
  commit: { label: 'Commit patch', identifier: 'alpha-commit', description: 'Commit the patch to this branch' },
  analyze: { label: 'Re-analyze', identifier: 'alpha-analyze', description: 'Run the analysis for the PR head again' },
} as const;

export function defaultCheckName(): string {
  return parseAppConfig(null).checkName;
}

export async function loadConfig(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  branch: string,
): Promise<AppConfig> {
  return parseAppConfig(await readFileAtRef(gh, repo, CONFIG_PATH, branch), CONFIG_PATH);
}

/** `external_id` is ours (only this App writes it): it names the PR and the analysis behind the check. */
export function externalId(pullNumber: number, analysisId?: string): string {
  return analysisId ? `pr=${pullNumber};analysis=${analysisId}` : `pr=${pullNumber}`;
}

export function analysisFromExternalId(value: string | null | undefined): string | undefined {
  return /(?:^|;)analysis=([0-9a-f]{6,64})(?:;|$)/.exec(value ?? '')?.[1];
}

export function pullFromExternalId(value: string | null | undefined): number | undefined {
  const match = /^pr=(\d{1,10})(?:;|$)/.exec(value ?? '');
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The buttons and our external_id, sent with the conclusion (one request: completeCheckRun takes both). */
export function checkExtras(
  pullNumber: number,
  analysisId: string | undefined,
  canCommit: boolean,
): { actions: CheckAction[]; externalId: string } {
  return {
    externalId: externalId(pullNumber, analysisId),
    actions: canCommit ? [{ ...CHECK_ACTIONS.commit }, { ...CHECK_ACTIONS.analyze }] : [{ ...CHECK_ACTIONS.analyze }],
  };
}
