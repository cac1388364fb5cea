/**
 * The check run: created `in_progress` when the analysis starts, completed with a conclusion. GitHub accepts at
 * most 50 annotations per request, and rejects titles over 255 and summaries over 65,535 characters; the
 * renderer keeps within those, and this adapter clamps again so a renderer bug costs detail, not the check.
 */
import { CHECK_SUMMARY_LIMIT, CHECK_TITLE_LIMIT } from '../core/report/markdown-check.js';
import { gitHubError, type GitHubClient, type RepoRef } from './client.js';

export const ANNOTATIONS_PER_REQUEST = 50;
const ANNOTATION_MESSAGE_LIMIT = 65_535;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunRef {
  id: number;
  /** The check's page on GitHub (`html_url`). */
  url: string;
}

export interface CheckResult {
  conclusion: 'success' | 'failure' | 'neutral' | 'action_required';
  title: string;
  summary: string;
  annotations?: readonly CheckAnnotation[];
  /** Buttons (`check_run.requested_action`), at most 3; sent with the conclusion. */
  actions?: readonly CheckAction[];
  /** The integrator's own reference (the App names the PR and the analysis here); sent with the conclusion. */
  externalId?: string;
}

/** A check-run button: identifier ≤ 20, label ≤ 20, description ≤ 40 characters (GitHub's limits). */
export interface CheckAction {
  label: string;
  identifier: string;
  description: string;
}

function clamp(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export async function createCheckRun(
  gh: GitHubClient,
  repo: RepoRef,
  run: { name: string; headSha: string; detailsUrl?: string | undefined },
): Promise<CheckRunRef> {
  try {
    const { data } = await gh.rest.checks.create({
      ...repo,
      name: run.name,
      head_sha: run.headSha,
      status: 'in_progress',
      ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}),
      output: {
        title: 'Analyzing IAM usage…',
        summary: 'ALPHA is reading CloudTrail usage and computing the proposal.',
      },
    });
    return { id: data.id, url: data.html_url ?? '' };
  } catch (error) {
    throw gitHubError(`could not create the check run "${run.name}"`, error, 'checks: write');
  }
}

/** Sends annotations in batches of 50; the last request carries the conclusion. */
export async function completeCheckRun(
  gh: GitHubClient,
  repo: RepoRef,
  check: CheckRunRef,
  result: CheckResult,
): Promise<void> {
  const title = clamp(result.title, CHECK_TITLE_LIMIT);
  const summary = clamp(result.summary, CHECK_SUMMARY_LIMIT);
  const annotations = (result.annotations ?? []).map((a) => ({
    ...a,
    message: clamp(a.message, ANNOTATION_MESSAGE_LIMIT),
  }));
  const batches: (typeof annotations)[] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  try {
    for (const [index, batch] of batches.entries()) {
      const last = index === batches.length - 1;
      await gh.rest.checks.update({
        ...repo,
        check_run_id: check.id,
        ...(last ? { status: 'completed' as const, conclusion: result.conclusion } : {}),
        ...(last && result.actions ? { actions: result.actions.map((a) => ({ ...a })) } : {}),
        ...(last && result.externalId !== undefined ? { external_id: result.externalId } : {}),
        output: { title, summary, ...(batch.length > 0 ? { annotations: batch } : {}) },
      });
    }
  } catch (error) {
    throw gitHubError(`could not complete the check run ${check.id}`, error, 'checks: write');
  }
}
