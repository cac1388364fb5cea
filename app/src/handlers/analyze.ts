/**
 * `/alpha analyze` (and "Re-analyze"): the PR head analyzed as the Action would, the check run created and
 * completed with the same name and rendering, the analysis stored under (repo, PR, head, config digest).
 */
import { createHash } from 'node:crypto';
import { describeError } from '../../../src/core/errors.js';
import { codeSpan } from '../../../src/core/report/markdown-escape.js';
import { completeCheckRun, createCheckRun, type CheckRunRef } from '../../../src/github/checks.js';
import type { AnalysisKey, StoredAnalysis } from '../../../src/store/store.js';
import { analyzePullRequest, COMMIT_HINT, FORK_COMMIT_HINT, planForApp } from '../analysis.js';
import type { AppConfig } from '../app-config.js';
import { errorText, short } from '../replies.js';
import { filesAtRef } from '../repo-files.js';
import { checkExtras } from './check-run.js';
import { pullRequest, reply, repoKey, type CommandDeps, type CommandEvent, type Outcome } from './context.js';

/** 16 hex digits, unique per (key, time, delivery): named in the check, the replies and the commit trailer. */
export function analysisIdFor(key: AnalysisKey, createdAt: string, deliveryId: string, salt = ''): string {
  return createHash('sha256')
    .update(`${key.repo}#${key.pullNumber}@${key.headSha}:${key.configDigest}:${createdAt}:${deliveryId}${salt}`)
    .digest('hex')
    .slice(0, 16);
}

export async function analyzeCommand(
  deps: CommandDeps,
  ev: CommandEvent,
  config: AppConfig,
  roles: string[],
): Promise<Outcome> {
  const repo = { owner: ev.owner, repo: ev.repo };
  // A typo in a role name or a config the App cannot run is a reply, not a failed check.
  planForApp(config.alpha, roles, deps.analysis.usage, config.checkName);
  const pr = await pullRequest(ev);
  let check: CheckRunRef | undefined;
  try {
    check = await createCheckRun(ev.gh, repo, { name: config.checkName, headSha: pr.headSha });
    const result = await analyzePullRequest(deps.analysis, {
      acceptances: await deps.store.listAcceptances(repoKey(ev.owner, ev.repo), pr.number),
      config: config.alpha,
      roles,
      files: filesAtRef(ev.octokit, repo, pr.headSha),
      checkName: config.checkName,
      patchedHint: pr.fork ? FORK_COMMIT_HINT : COMMIT_HINT,
    });
    const createdAt = deps.now().toISOString();
    const key: AnalysisKey = {
      repo: repoKey(ev.owner, ev.repo),
      pullNumber: pr.number,
      headSha: pr.headSha,
      configDigest: config.digest,
    };
    const id = analysisIdFor(key, createdAt, ev.deliveryId);
    const stored: StoredAnalysis = {
      id,
      key,
      baseSha: pr.baseSha,
      createdAt,
      requestedBy: ev.sender,
      checkRunId: check.id,
      proposals: result.proposals,
      patches: result.patches,
    };
    await deps.store.putAnalysis(stored);
    await completeCheckRun(ev.gh, repo, check, {
      conclusion: result.verdict.conclusion,
      title: result.report.title,
      summary: result.report.summary,
      annotations: result.annotations,
      ...checkExtras(pr.number, id, result.patches.length > 0),
    });
    const next =
      result.patches.length === 0
        ? 'No IaC file needs a change.'
        : pr.fork
          ? `${result.patches.length} file(s) can be patched: \`/alpha commit\` posts them as review suggestions (fork pull requests are never committed to).`
          : `${result.patches.length} file(s) can be patched: \`/alpha commit\` commits exactly this analysis to \`${short(pr.headSha)}\`'s branch.`;
    await reply(
      ev,
      `Analysis ${codeSpan(id)} of ${codeSpan(short(pr.headSha))}: ${codeSpan(result.report.title, 255)} — ${result.verdict.conclusion}.${check.url ? ` [Check run](${check.url}).` : ''}\n\n${next}`,
    );
    return { ok: true, result: `analyzed: ${result.verdict.conclusion}`, analysisId: id };
  } catch (error) {
    if (check)
      await completeCheckRun(ev.gh, repo, check, {
        conclusion: 'failure',
        title: 'ALPHA could not complete the analysis',
        summary: `## ❌ ALPHA could not complete the analysis\n\n${errorText(describeError(error))}\n`,
      }).catch(() => {});
    throw error;
  }
}
