/**
 * `/alpha refine <request>` and `/alpha refine accept <id>`.
 *
 * Propose: the model (Bedrock, the App's credentials) answers the request with a candidate policy for one role of
 * the current analysis; validateRefinement takes out anything that adds access not observed or accepted;
 * applyRefinement re-runs guardrails, diff, score and risk; the IaC patch is recomputed. The result is stored as
 * a *pending* refinement (an analysis record in the store under a separate namespace, so no command treats it as
 * the analysis of the pull request) and shown with its id. Nothing the reviewers saw changes.
 *
 * Accept: a person with write permission makes a pending refinement the analysis of this head — the one the
 * check shows and `/alpha commit` commits — if the head, base and config are the ones it was made on and no
 * newer analysis was made since. The refinement is read from the store by id, never from a comment.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyRefinement, validateRefinement, type RejectedAddition } from '../../../src/core/accepted/refine.js';
import { unifiedDiff } from '../../../src/core/iac/patch/unified-diff.js';
import type { Proposal } from '../../../src/core/proposal.js';
import type { IacReport } from '../../../src/core/report/markdown-check.js';
import { formatPercent } from '../../../src/core/report/markdown-check.js';
import { codeSpan, escapeMarkdown } from '../../../src/core/report/markdown-escape.js';
import type { ReasoningUnavailableReason, ReasoningUsage } from '../../../src/core/reasoning/types.js';
import { completeCheckRun, createCheckRun } from '../../../src/github/checks.js';
import { proposeRefinement } from '../../../src/reasoner/index.js';
import type { AnalysisKey, StoredAnalysis, StoredPatch } from '../../../src/store/store.js';
import { COMMIT_HINT, FORK_COMMIT_HINT, planForApp, POLICY_SIZE_LIMIT, reportFor } from '../analysis.js';
import type { AppConfig } from '../app-config.js';
import { patchRole } from '../pr-iac.js';
import { reasonerOptionsFor, refineUnavailable } from '../reasoner-settings.js';
import { fenced, short } from '../replies.js';
import { filesAtRef } from '../repo-files.js';
import { analysisIdFor } from './analyze.js';
import { checkExtras } from './check-run.js';
import { pullRequest, reply, repoKey, type CommandDeps, type CommandEvent, type Outcome } from './context.js';

const MAX_REJECTED_SHOWN = 20;

/** Pending refinements live beside the analyses, under a repository key no pull request has. */
export function pendingRefinementRepo(repo: string): string {
  return `pending-refinement:${repo}`;
}

function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function reasonInWords(reason: ReasoningUnavailableReason, detail?: string): string {
  const why =
    reason === 'no AWS credentials'
      ? 'the App has no AWS credentials for Amazon Bedrock'
      : reason === 'throttled'
        ? 'Bedrock throttled the requests (after 2 retries); try again later'
        : reason === 'timeout'
          ? 'the model did not answer in time'
          : reason === 'invalid answer'
            ? 'the model’s answer was not a valid policy, so it was ignored'
            : reason.startsWith('access denied')
              ? `${reason}: the App’s AWS role needs bedrock:InvokeModel on it (and model access enabled in the account)`
              : reason;
  return escapeMarkdown(detail ? `${why} (${detail})` : why, 600);
}

function unavailableReply(model: string, why: string): string {
  return `🛑 \`/alpha refine\` needs the reasoner (Amazon Bedrock${model ? `, model ${codeSpan(model, 200)}` : ''}), and it is unavailable: ${why}.\n\nNothing changed: the analysis in the check stands, and \`/alpha commit\` still commits it.`;
}

/** The role the request is about: the only one, or the one its first word names (then cut from the request). */
function pickRole(
  proposals: readonly Proposal[],
  request: string,
): { proposal: Proposal; request: string } | { error: string } {
  const [first = '', ...rest] = request.split(/\s+/);
  const named = proposals.find((p) => p.role.arn === first || nameOf(p.role.arn) === first);
  if (named && rest.length > 0) return { proposal: named, request: rest.join(' ') };
  if (proposals.length === 1 && proposals[0]) return { proposal: proposals[0], request };
  return {
    error: `This analysis has several roles: name one first, e.g. \`/alpha refine ${nameOf(proposals[0]?.role.arn ?? 'role')} <request>\` (one of ${proposals.map((p) => codeSpan(p.role.name)).join(', ')}).`,
  };
}

const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;

/** The policy with every statement's keys in IAM's usual order: guardrails rebuild statements in another order. */
function policyText(p: Proposal): string {
  const policy = p.proposal.proposedPolicy;
  const statements = policy.Statement.map((s) => {
    const out: Record<string, unknown> = {};
    for (const key of STATEMENT_KEYS) if (s[key] !== undefined) out[key] = s[key];
    for (const [key, value] of Object.entries(s)) if (!(key in out)) out[key] = value;
    return out;
  });
  return `${JSON.stringify({ Version: policy.Version, Statement: statements }, null, 2)}\n`;
}

/** Grouped by service, resource and reason: one `iam:*` from the model is ~190 concrete actions. */
function rejectedLines(rejected: readonly RejectedAddition[]): string[] {
  if (rejected.length === 0) return [];
  const groups = new Map<string, { service: string; resource: string; reason: string; actions: string[] }>();
  for (const r of rejected) {
    const service = r.action.includes(':') ? r.action.slice(0, r.action.indexOf(':')) : r.action;
    const id = `${service}\u0000${r.resource}\u0000${r.reason}`;
    const group = groups.get(id) ?? { service, resource: r.resource, reason: r.reason, actions: [] };
    group.actions.push(r.action);
    groups.set(id, group);
  }
  const lines = [...groups.values()].map((g) => {
    const what =
      g.actions.length <= 3
        ? g.actions.map((a) => codeSpan(a, 200)).join(', ')
        : `${g.actions.length} ${codeSpan(`${g.service}:`, 60)} actions (${g.actions
            .slice(0, 3)
            .map((a) => codeSpan(a, 200))
            .join(', ')}, …)`;
    return `- ${what} on ${codeSpan(g.resource, 300)}: ${escapeMarkdown(g.reason, 300)}`;
  });
  const shown = lines.slice(0, MAX_REJECTED_SHOWN);
  return [
    `**Rejected additions (${rejected.length})** — access the current proposal does not grant and no person accepted; taken out:`,
    '',
    ...shown,
    ...(lines.length > shown.length ? [`- … and ${lines.length - shown.length} more groups`] : []),
    '',
  ];
}

function renderRefinement(
  id: string,
  analysisId: string,
  before: Proposal,
  after: Proposal,
  rejected: readonly RejectedAddition[],
  explanation: string,
  model: string,
  usage: ReasoningUsage,
): string {
  const r0 = before.proposal.riskSignal;
  const r1 = after.proposal.riskSignal;
  const s0 = before.proposal.securityScore.after;
  const s1 = after.proposal.securityScore.after;
  const newFactors = r1.factors.slice(r0.factors.length);
  const diff = unifiedDiff('proposed-policy.json', policyText(before), policyText(after));
  const newViolations = after.proposal.guardrailViolations.slice(before.proposal.guardrailViolations.length);
  return [
    `### Refinement ${codeSpan(id)} of analysis ${codeSpan(analysisId)} for ${codeSpan(before.role.name)}`,
    '',
    `Proposed by ${codeSpan(model, 200)} and checked by ALPHA: access can only shrink. **Not applied yet.**`,
    '',
    `> ${escapeMarkdown(explanation || '(no explanation)', 1_500)}`,
    '',
    '**Proposed policy, before → after:**',
    '',
    diff ? fenced(diff.trimEnd(), 'diff') : '_The proposed policy is unchanged._',
    '',
    `**Policy diff** as the check shows it: ${escapeMarkdown(after.diff.changeSummary, 500)} (before the refinement: ${escapeMarkdown(before.diff.changeSummary, 500)}).`,
    '',
    ...rejectedLines(rejected),
    `**Break risk:** ${formatPercent(r0.probabilityOfBreak)} (${r0.level}) → ${formatPercent(r1.probabilityOfBreak)} (${r1.level}) · **security score:** ${s0.score} (${s0.grade}) → ${s1.score} (${s1.grade})`,
    ...newFactors.map((f) => `- ${escapeMarkdown(f.detail, 500)} (+${formatPercent(f.weight)})`),
    ...newViolations.map((v) => `- guardrail ${codeSpan(v.code)}: ${escapeMarkdown(v.message, 500)}`),
    '',
    `To make it the analysis that the check shows and \`/alpha commit\` commits, someone with write permission comments \`/alpha refine accept ${id}\`. A new push or \`/alpha analyze\` starts from the logs again.`,
    '',
    `<sub>${usage.inputTokens} input + ${usage.outputTokens} output tokens${usage.estimatedCostUsd > 0 ? `, ≈ $${usage.estimatedCostUsd.toFixed(4)}` : ''}</sub>`,
  ].join('\n');
}

export async function refineCommand(
  deps: CommandDeps,
  ev: CommandEvent,
  config: AppConfig,
  requestText: string,
): Promise<Outcome> {
  const off = refineUnavailable(deps.analysis.reasoner);
  if (off) {
    await reply(ev, unavailableReply('', off));
    return { ok: false, result: 'refused: reasoner off' };
  }
  const plan = planForApp(config.alpha, [], deps.analysis.usage, config.checkName);
  const pr = await pullRequest(ev);
  const key: AnalysisKey = {
    repo: repoKey(ev.owner, ev.repo),
    pullNumber: pr.number,
    headSha: pr.headSha,
    configDigest: config.digest,
  };
  const analysis = await deps.store.getAnalysis(key);
  if (!analysis) {
    await reply(ev, '🛑 There is no analysis of this head to refine: run `/alpha analyze` first.');
    return { ok: false, result: 'refused: no analysis' };
  }
  const picked = pickRole(analysis.proposals, requestText);
  if ('error' in picked) {
    await reply(ev, picked.error);
    return { ok: false, result: 'refused: which role', analysisId: analysis.id };
  }
  const current = picked.proposal;
  const answer = await proposeRefinement(
    current,
    picked.request,
    reasonerOptionsFor(deps.analysis.reasoner, plan, deps.analysis.usage.credentials),
  );
  if (!answer.ok) {
    await reply(ev, unavailableReply(answer.model, reasonInWords(answer.unavailableReason, answer.detail)));
    return {
      ok: false,
      result: `refused: reasoner unavailable (${answer.unavailableReason})`.slice(0, 300),
      analysisId: analysis.id,
    };
  }
  const catalog = await deps.analysis.catalog();
  const acceptances = await deps.store.listAcceptances(key.repo, key.pullNumber, current.role.arn);
  const checked = validateRefinement(current, answer.candidate, acceptances, catalog);
  if (!checked.policy.Statement.some((s) => s.Effect === 'Allow')) {
    await reply(
      ev,
      [
        `🛑 Nothing is left of the model's answer once the additions it may not make are taken out: no refinement stored. Rephrase the request.`,
        '',
        ...rejectedLines(checked.rejectedAdditions),
      ].join('\n'),
    );
    return { ok: false, result: 'refused: nothing left after validation', analysisId: analysis.id };
  }
  const now = deps.now().toISOString();
  const refined = applyRefinement(current, checked, {
    catalog,
    guardrails: plan.guardrails,
    now,
    sizeLimit: POLICY_SIZE_LIMIT,
  });
  if (policyText(refined) === policyText(current)) {
    await reply(
      ev,
      [
        `The model's answer, once checked, leaves the proposed policy of ${codeSpan(current.role.name)} as it is: no refinement stored.`,
        '',
        `> ${escapeMarkdown(answer.explanation || '(no explanation)', 1_500)}`,
        '',
        ...rejectedLines(checked.rejectedAdditions),
      ].join('\n'),
    );
    return { ok: false, result: 'no change', analysisId: analysis.id };
  }

  // The patch of the refined policy, against the same head the analysis read.
  const roleConfig = plan.roles.find((r) => r.arn === current.role.arn);
  let patch: StoredPatch | undefined;
  if (roleConfig) {
    const workspace = await mkdtemp(join(tmpdir(), 'alpha-refine-'));
    try {
      const patched = await patchRole(
        roleConfig,
        refined,
        filesAtRef(ev.octokit, { owner: ev.owner, repo: ev.repo }, pr.headSha),
        workspace,
      );
      refined.patches = {};
      if (patched?.patch && patched.kind) {
        patch = patched.patch;
        refined.patches[patched.kind] = patched.patch.diff;
      }
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  }
  const pendingKey: AnalysisKey = { ...key, repo: pendingRefinementRepo(key.repo) };
  const id = analysisIdFor(key, now, ev.deliveryId, ':refine');
  const pending: StoredAnalysis = {
    id,
    key: pendingKey,
    baseSha: analysis.baseSha,
    createdAt: now,
    requestedBy: ev.sender,
    proposals: analysis.proposals.map((p) => (p.role.arn === refined.role.arn ? refined : p)),
    patches: [...analysis.patches.filter((p) => p.roleArn !== refined.role.arn), ...(patch ? [patch] : [])].sort(
      (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.roleArn < b.roleArn ? -1 : 1),
    ),
  };
  await deps.store.putAnalysis(pending);
  await reply(
    ev,
    renderRefinement(
      id,
      analysis.id,
      current,
      refined,
      checked.rejectedAdditions,
      answer.explanation,
      answer.model,
      answer.usage,
    ),
  );
  return {
    ok: true,
    result: `refinement ${id} proposed (${checked.rejectedAdditions.length} addition(s) rejected)`,
    analysisId: analysis.id,
  };
}

/** Reports for the check of an accepted refinement: the patch lines are not stored, only the files. */
function iacFromPatches(patches: readonly StoredPatch[]): Record<string, IacReport> {
  const out: Record<string, IacReport> = {};
  for (const p of patches) out[p.roleArn] = { file: p.path, line: 0, outcome: 'patched' };
  return out;
}

export async function acceptRefinementCommand(
  deps: CommandDeps,
  ev: CommandEvent,
  config: AppConfig,
  id: string,
): Promise<Outcome> {
  const repo = repoKey(ev.owner, ev.repo);
  const stored = await deps.store.getAnalysisById(id);
  if (stored && stored.key.repo === repo && stored.key.pullNumber === ev.pullNumber) {
    await reply(ev, `Refinement ${codeSpan(id)} was already accepted: it is analysis ${codeSpan(id)}. Nothing to do.`);
    return { ok: true, result: 'no-op: already accepted', analysisId: id };
  }
  if (!stored || stored.key.repo !== pendingRefinementRepo(repo) || stored.key.pullNumber !== ev.pullNumber) {
    await reply(
      ev,
      `🛑 There is no refinement ${codeSpan(id)} on this pull request. \`/alpha refine <request>\` makes one.`,
    );
    return { ok: false, result: 'refused: unknown refinement' };
  }
  const plan = planForApp(config.alpha, [], deps.analysis.usage, config.checkName);
  const pr = await pullRequest(ev);
  const key: AnalysisKey = { repo, pullNumber: pr.number, headSha: pr.headSha, configDigest: config.digest };
  const moved =
    stored.key.headSha !== pr.headSha
      ? `the head moved (${codeSpan(short(stored.key.headSha))} → ${codeSpan(short(pr.headSha))})`
      : stored.key.configDigest !== config.digest
        ? '.github/alpha.yml on the default branch changed'
        : stored.baseSha !== pr.baseSha
          ? 'the base branch moved'
          : undefined;
  const current = moved ? null : await deps.store.getAnalysis(key);
  const newer =
    current &&
    (current.createdAt > stored.createdAt || (current.createdAt === stored.createdAt && current.id > stored.id));
  if (moved || !current || newer) {
    const why =
      moved ?? (current ? `analysis ${codeSpan(current.id)} was made after it` : 'the analysis it refined is gone');
    await reply(
      ev,
      `🛑 Refinement ${codeSpan(id)} is stale: ${why}. Nothing changed. Run \`/alpha analyze\` and \`/alpha refine\` again.`,
    );
    return { ok: false, result: 'refused: stale refinement' };
  }
  const gh = { owner: ev.owner, repo: ev.repo };
  const check = await createCheckRun(ev.gh, gh, { name: config.checkName, headSha: pr.headSha });
  const accepted: StoredAnalysis = {
    ...stored,
    key,
    createdAt: deps.now().toISOString(),
    requestedBy: ev.sender,
    checkRunId: check.id,
  };
  // Stored first: the check's button names this id, and must find it.
  await deps.store.putAnalysis(accepted);
  const result = reportFor(
    plan,
    accepted.proposals,
    iacFromPatches(accepted.patches),
    pr.fork ? FORK_COMMIT_HINT : COMMIT_HINT,
  );
  await completeCheckRun(ev.gh, gh, check, {
    conclusion: result.verdict.conclusion,
    title: result.report.title,
    summary: result.report.summary,
    annotations: result.annotations,
    ...checkExtras(pr.number, id, accepted.patches.length > 0),
  });
  await reply(
    ev,
    `Refinement ${codeSpan(id)} accepted: it is now the analysis of ${codeSpan(short(pr.headSha))} — ${codeSpan(result.report.title, 255)}, ${result.verdict.conclusion}.${check.url ? ` [Check run](${check.url}).` : ''} \`/alpha commit\` commits it.`,
  );
  return { ok: true, result: `refinement accepted: ${result.verdict.conclusion}`, analysisId: id };
}
