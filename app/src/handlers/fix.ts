/**
 * `/alpha fix "<AccessDenied message>"`: the pasted AWS error is parsed deterministically (src/core/access-denied)
 * and answered with what was denied and where the fix is. When the fix is not in this role's identity policy
 * (explicit deny, SCP, RCP, boundary, session or resource policy) ALPHA says so and proposes nothing. Otherwise it
 * proposes the minimal permission — one action on the resource exactly as AWS named it — and grants nothing:
 * a person with write permission confirms by typing the `/alpha accept …` command from the reply. That command
 * is the whole confirmation (never the bot's comment text); the proposal itself is recorded in the store's audit
 * log, so the confirmed addition is stored with origin `fix`.
 */
import type { RoleConfig } from '../../../src/config/schema.js';
import { vetAcceptedAdditions } from '../../../src/core/accepted/apply.js';
import {
  isAccessDeniedInfo,
  parseAccessDenied,
  principalIsRole,
  proposeFix,
  type AccessDeniedInfo,
} from '../../../src/core/access-denied/index.js';
import { codeSpan, escapeMarkdown } from '../../../src/core/report/markdown-escape.js';
import type { AcceptedAddition } from '../../../src/store/store.js';
import { planForApp } from '../analysis.js';
import type { AppConfig } from '../app-config.js';
import { isAcceptableResource } from '../commands.js';
import { errorText, fenced } from '../replies.js';
import { pullRequest, reply, repoKey, type CommandDeps, type CommandEvent, type Outcome } from './context.js';

/** The audit result of a proposed fix; `/alpha accept` looks for exactly this to record origin `fix`. */
export function fixProposedResult(roleArn: string, action: string, resource: string): string {
  return `proposed fix: ${action} on ${resource} for ${roleArn}`;
}

const POLICY_WORDS: Record<AccessDeniedInfo['policyType'], string> = {
  'identity-based': 'identity-based policy',
  'permissions-boundary': 'permissions boundary',
  'service-control': 'service control policy (SCP)',
  'resource-control': 'resource control policy (RCP)',
  session: 'session policy',
  'resource-based': 'resource-based policy',
  'vpc-endpoint': 'VPC endpoint policy',
  trust: 'trust policy',
  unknown: 'policy not named in the message',
};

/** What AWS refused, every field from the message quoted as code. */
export function deniedLine(info: AccessDeniedInfo): string {
  const parts = [`**Denied:** ${info.action ? codeSpan(info.action, 200) : 'an action the message does not name'}`];
  if (info.resource) parts.push(`on ${codeSpan(info.resource, 500)}`);
  if (info.principalArn) parts.push(`to ${codeSpan(info.principalArn, 300)}`);
  const decision =
    info.decision === 'explicit-deny'
      ? `explicit deny in a ${POLICY_WORDS[info.policyType]}`
      : info.decision === 'implicit-deny'
        ? `no ${POLICY_WORDS[info.policyType]} allows it`
        : POLICY_WORDS[info.policyType];
  const code = info.errorCode ? `${codeSpan(info.errorCode, 64)}, ` : '';
  return `${parts.join(' ')} (${code}${decision})${info.policyArn ? ` by ${codeSpan(info.policyArn, 300)}` : ''}.`;
}

function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The configured role the message is about; with one role, that one (proposeFix notes a mismatch). */
function roleFor(roles: readonly RoleConfig[], principal: string | undefined): RoleConfig | string {
  const matches = principal ? roles.filter((r) => principalIsRole(principal, r.arn) === true) : [];
  if (matches.length === 1 && matches[0]) return matches[0];
  if (roles.length === 1 && roles[0]) return roles[0];
  return `${principal ? `The message is about ${codeSpan(principal, 300)}, which is` : 'The message names no principal, so it matches'} none of the roles in .github/alpha.yml (${roles.map((r) => codeSpan(nameOf(r.arn))).join(', ')}). ALPHA only proposes fixes for the roles it analyzes.`;
}

export async function fixCommand(
  deps: CommandDeps,
  ev: CommandEvent,
  config: AppConfig,
  message: string,
): Promise<Outcome> {
  const parsed = parseAccessDenied(message);
  if (!isAccessDeniedInfo(parsed)) {
    await reply(ev, `🛑 ALPHA could not read that as an AWS access-denied message:\n\n${errorText(parsed.error)}`);
    return { ok: false, result: 'refused: not an access-denied message' };
  }
  const info = parsed;
  const denied = deniedLine(info);
  if (!info.fixInIdentityPolicy) {
    await reply(
      ev,
      `${denied}\n\n🛑 **The fix is not in this role's policy.** ${escapeMarkdown(info.where, 1_000)}\n\nALPHA proposes nothing: no Allow in the role's identity policy changes this decision.`,
    );
    return { ok: true, result: `not in this role's policy: ${info.decision} by ${info.policyType}` };
  }
  const plan = planForApp(config.alpha, [], deps.analysis.usage, config.checkName);
  const role = roleFor(plan.roles, info.principalArn);
  if (typeof role === 'string') {
    await reply(ev, `${denied}\n\n🛑 ${role}`);
    return { ok: false, result: 'refused: role not in the config' };
  }
  const catalog = await deps.analysis.catalog();
  const fix = proposeFix(info, catalog, role.arn);
  if (!fix.ok) {
    await reply(ev, `${denied}\n\n🛑 No permission to propose: ${errorText(fix.error)}`);
    return { ok: false, result: `refused: ${fix.error.slice(0, 200)}` };
  }
  const { action, resource } = fix.addition;
  if (!isAcceptableResource(resource)) {
    await reply(
      ev,
      `${denied}\n\n🛑 The resource ${codeSpan(resource, 500)} has characters an \`/alpha accept\` command cannot carry: accept a pattern that covers it (\`*\` and \`?\` match any characters), e.g. \`/alpha accept ${action} arn:…* ${nameOf(role.arn)}\`.`,
    );
    return { ok: false, result: 'refused: resource not expressible in a command' };
  }
  const pr = await pullRequest(ev);
  const analysis = await deps.store.getAnalysis({
    repo: repoKey(ev.owner, ev.repo),
    pullNumber: pr.number,
    headSha: pr.headSha,
    configDigest: config.digest,
  });
  const proposal = analysis?.proposals.find((p) => p.role.arn === role.arn);
  if (proposal) {
    // The same checks `/alpha accept` makes, now: a fix that would be refused is not proposed.
    const candidate: AcceptedAddition = {
      repo: repoKey(ev.owner, ev.repo),
      pullNumber: pr.number,
      roleArn: role.arn,
      action,
      resource,
      origin: 'fix',
      acceptedBy: ev.sender,
      acceptedAt: deps.now().toISOString(),
    };
    const vetted = vetAcceptedAdditions(proposal, [candidate], {
      catalog,
      guardrails: plan.guardrails,
      now: candidate.acceptedAt,
    });
    const skipped = vetted.skipped[0];
    if (skipped) {
      const granted = /already granted/.test(skipped.reason);
      await reply(
        ev,
        `${denied}\n\n${escapeMarkdown(info.where, 1_000)}\n\n${granted ? `The proposal of analysis ${codeSpan(analysis?.id ?? '')} already grants it: \`/alpha commit\` applies it.` : `🛑 Not proposed: ${errorText(skipped.reason)}`}`,
      );
      return {
        ok: granted,
        result: granted ? 'already granted' : `refused: ${skipped.reason.slice(0, 200)}`,
        ...(analysis ? { analysisId: analysis.id } : {}),
      };
    }
  }
  const command = `/alpha accept ${action} ${resource} ${nameOf(role.arn)}`;
  const lines = [
    denied,
    '',
    escapeMarkdown(info.where, 1_000),
    '',
    `**Proposed fix** for ${codeSpan(nameOf(role.arn))}: allow ${codeSpan(action)} on ${codeSpan(resource, 500)} — one action, on the resource exactly as AWS named it. Nothing is granted yet.`,
    ...fix.notes.map((n) => `- ${escapeMarkdown(n, 500)}`),
    '',
    'To grant it, someone with write permission confirms with this comment:',
    '',
    fenced(command, ''),
    '',
    analysis
      ? `It is then checked again, recorded with their name, and the next \`/alpha analyze\` puts it in the proposal and the patch.`
      : 'There is no analysis of this head yet: run `/alpha analyze` first (accepting needs one).',
  ];
  await reply(ev, lines.join('\n'));
  return {
    ok: true,
    result: fixProposedResult(role.arn, action, resource),
    ...(analysis ? { analysisId: analysis.id } : {}),
  };
}
