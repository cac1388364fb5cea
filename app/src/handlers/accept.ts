/**
 * `/alpha accept <action> [resource] [role]`: a permission a person vouches for although the logs did not show
 * it (src/core/accepted). Stored with who and when; every later analysis vets it again and grants it in
 * statements of its own, so the commit shows what came from a person.
 */
import { vetAcceptedAdditions } from '../../../src/core/accepted/apply.js';
import { codeSpan } from '../../../src/core/report/markdown-escape.js';
import type { AcceptedAddition } from '../../../src/store/store.js';
import { planForApp } from '../analysis.js';
import type { AppConfig } from '../app-config.js';
import { errorText } from '../replies.js';
import { pullRequest, reply, repoKey, type CommandDeps, type CommandEvent, type Outcome } from './context.js';
import { fixProposedResult } from './fix.js';

/**
 * Vetted now (catalog, no wildcard, guardrails) so the reply can say no at once, and again by every later
 * analysis, which puts it in the proposal and the patch.
 */
export async function acceptCommand(
  deps: CommandDeps,
  ev: CommandEvent,
  config: AppConfig,
  command: { action: string; resource: string; role?: string },
): Promise<Outcome> {
  const plan = planForApp(config.alpha, [], deps.analysis.usage, config.checkName);
  const pr = await pullRequest(ev);
  const analysis = await deps.store.getAnalysis({
    repo: repoKey(ev.owner, ev.repo),
    pullNumber: pr.number,
    headSha: pr.headSha,
    configDigest: config.digest,
  });
  if (!analysis) {
    await reply(ev, '🛑 There is no analysis of this head to accept against: run `/alpha analyze` first.');
    return { ok: false, result: 'refused: no analysis' };
  }
  const nameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
  const candidates = analysis.proposals.filter(
    (p) => command.role === undefined || p.role.arn === command.role || nameOf(p.role.arn) === command.role,
  );
  const [proposal] = candidates;
  if (!proposal || candidates.length > 1) {
    await reply(
      ev,
      `Name the role: \`/alpha accept ${command.action} ${command.resource} <role>\`, one of ${analysis.proposals.map((p) => codeSpan(p.role.name)).join(', ')}.`,
    );
    return { ok: false, result: 'refused: which role', analysisId: analysis.id };
  }
  const addition: AcceptedAddition = {
    repo: repoKey(ev.owner, ev.repo),
    pullNumber: pr.number,
    roleArn: proposal.role.arn,
    action: command.action,
    resource: command.resource,
    origin: 'manual',
    acceptedBy: ev.sender,
    acceptedAt: deps.now().toISOString(),
  };
  const vetted = vetAcceptedAdditions(proposal, [addition], {
    catalog: await deps.analysis.catalog(),
    guardrails: plan.guardrails,
    now: addition.acceptedAt,
  });
  const [ok] = vetted.accepted;
  if (!ok) {
    const reason = vetted.skipped[0]?.reason ?? 'it did not pass the checks';
    await reply(ev, `🛑 Not accepted: ${errorText(reason)}`);
    return { ok: false, result: `refused: ${reason.slice(0, 200)}`, analysisId: analysis.id };
  }
  // Where it came from, from the store only: a fix ALPHA proposed on this PR (its audit entry), a suggestion in
  // the analysis, or the person's own idea. The label never changes what is granted.
  const proposedFix = fixProposedResult(ok.roleArn, ok.action, ok.resource);
  const fromFix = (await deps.store.listAudit(addition.repo, pr.number)).some(
    (e) => e.command === 'fix' && e.result === proposedFix,
  );
  const fromSuggestion = (proposal.reasoning?.suggestions ?? []).some(
    (s) => s.action === ok.action && s.resource === ok.resource,
  );
  const origin: AcceptedAddition['origin'] = fromFix ? 'fix' : fromSuggestion ? 'suggestion' : 'manual';
  await deps.store.addAcceptance({ ...ok, origin });
  const from =
    origin === 'fix' ? ' (the fix ALPHA proposed)' : origin === 'suggestion' ? ' (a reasoner suggestion)' : '';
  await reply(
    ev,
    `Accepted ${codeSpan(ok.action)} on ${codeSpan(ok.resource)} for ${codeSpan(proposal.role.name)}${from} (not observed in the logs; recorded with your name). Run \`/alpha analyze\` to put it in the proposal and the patch.`,
  );
  return { ok: true, result: `accepted ${ok.action} on ${ok.resource} (${origin})`, analysisId: analysis.id };
}
