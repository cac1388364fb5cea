/**
 * `/alpha refine`: a model proposes a modified policy in answer to a reviewer's plain-language request. Whatever
 * it proposes, access may only shrink: every (action, resource) the candidate grants must already be granted by
 * the current proposal (under conditions at least as strict) or accepted by a person. Anything else is taken
 * out and listed in `rejectedAdditions`; the rest is returned as a policy a person can then accept.
 */
import type { AcceptedAddition } from '../../store/store.js';
import type { IamCatalog } from '../catalog.js';
import { applyGuardrails } from '../guardrails/apply.js';
import type { GuardrailConfig } from '../guardrails/config.js';
import type { PolicyDocument, Statement } from '../policy/document.js';
import { expandActionPattern } from '../policy/expand.js';
import { isActionAllowed } from '../policy/grants.js';
import { MANAGED_POLICY_SIZE_LIMIT } from '../policy/limits.js';
import type { Proposal, RiskFactor } from '../proposal.js';
import { riskLevelOf } from '../risk/break-risk.js';
import { scorePolicy } from '../risk/score.js';
import { patchesFor, rediff } from './apply.js';
import { conditionsNoWeaker, statementGrants } from './resource-cover.js';

export interface RejectedAddition {
  /** A concrete action, or the element as written when it is not one. */
  action: string;
  resource: string;
  reason: string;
}

export interface RefinementCheck {
  /** True when nothing had to be taken out. */
  ok: boolean;
  /** The candidate minus every grant it was not allowed to add. */
  policy: PolicyDocument;
  rejectedAdditions: RejectedAddition[];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The current proposal's Allow statements plus one statement per accepted addition for this role. */
function referenceStatements(current: Proposal, accepted: readonly AcceptedAddition[]): Statement[] {
  return [
    ...current.proposal.proposedPolicy.Statement.filter((s) => s.Effect === 'Allow'),
    ...accepted
      .filter((a) => a.roleArn === current.role.arn && !/[*?]/.test(a.action))
      .map((a) => ({ Effect: 'Allow' as const, Action: [a.action], Resource: [a.resource] })),
  ];
}

export function validateRefinement(
  current: Proposal,
  candidate: PolicyDocument,
  accepted: readonly AcceptedAddition[],
  catalog: IamCatalog,
): RefinementCheck {
  const references = referenceStatements(current, accepted);
  const rejected: RejectedAddition[] = [];
  const out: Statement[] = [];

  candidate.Statement.forEach((statement, index) => {
    const where = `$.Statement[${index}]`;
    if (statement.Effect === 'Deny') {
      // A Deny only takes access away.
      out.push(structuredClone(statement));
      return;
    }
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      rejected.push({
        action: (statement.NotAction ?? statement.Action ?? []).join(', ') || '(none)',
        resource: (statement.NotResource ?? statement.Resource ?? []).join(', ') || '(none)',
        reason: `${where}: Allow with NotAction/NotResource grants everything not listed`,
      });
      return;
    }
    const resources = statement.Resource ?? [];
    if (resources.length === 0) {
      rejected.push({
        action: (statement.Action ?? []).join(', '),
        resource: '(none)',
        reason: `${where}: no Resource`,
      });
      return;
    }
    const coveredByAction = new Map<string, string[]>();
    let whole = true;
    for (const element of statement.Action ?? []) {
      const actions = expandActionPattern(element, catalog);
      if (actions.length === 0) {
        rejected.push({
          action: element,
          resource: resources.join(', '),
          reason: `${where}: matches no catalog action`,
        });
        whole = false;
        continue;
      }
      for (const action of actions) {
        const covered: string[] = [];
        for (const resource of resources) {
          const ok = references.some(
            (ref) => statementGrants(ref, action, resource) && conditionsNoWeaker(statement.Condition, ref.Condition),
          );
          if (ok) covered.push(resource);
          else {
            whole = false;
            rejected.push({
              action,
              resource,
              reason: `${where}: not granted by the current proposal (under the same conditions) nor accepted`,
            });
          }
        }
        if (covered.length > 0) coveredByAction.set(action, covered);
      }
    }
    if (whole) {
      out.push(structuredClone(statement));
      return;
    }
    // Rebuild what is left: one statement per distinct list of allowed resources.
    const groups = new Map<string, { actions: string[]; resources: string[] }>();
    for (const [action, list] of coveredByAction) {
      const id = list.join('\u0000');
      const group = groups.get(id) ?? { actions: [], resources: list };
      group.actions.push(action);
      groups.set(id, group);
    }
    [...groups.values()]
      .sort((a, b) => compare(a.actions[0] ?? '', b.actions[0] ?? ''))
      .forEach((g, i) => {
        const { Sid, Action: _action, Resource: _resource, ...rest } = structuredClone(statement);
        out.push({
          ...(Sid === undefined ? {} : { Sid: i === 0 ? Sid : `${Sid}${i + 1}` }),
          ...rest,
          Action: g.actions.sort(compare),
          Resource: g.resources,
        });
      });
  });

  const unique = new Map(rejected.map((r) => [`${r.action}\u0000${r.resource}\u0000${r.reason}`, r]));
  const rejectedAdditions = [...unique.values()].sort(
    (a, b) => compare(a.action, b.action) || compare(a.resource, b.resource) || compare(a.reason, b.reason),
  );
  return {
    ok: rejectedAdditions.length === 0,
    policy: { Version: candidate.Version, Statement: out },
    rejectedAdditions,
  };
}

export interface RefineContext {
  catalog: IamCatalog;
  guardrails: GuardrailConfig;
  now: string;
  regions?: readonly string[];
  sizeLimit?: number;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/**
 * The proposal with a validated refinement as its proposed policy: guardrails, diff and score re-run. A
 * refinement can only take access away, so it can break the role: every observed (action, resource) the new
 * policy no longer grants is a certain break (REFINEMENT_REMOVED_USED, 0.9), and conditions the logs cannot
 * check are a small one (REFINEMENT_NEW_CONDITIONS, 0.05). The probability never goes down.
 */
export function applyRefinement(current: Proposal, refined: RefinementCheck, ctx: RefineContext): Proposal {
  const guarded = applyGuardrails(refined.policy, ctx.guardrails, {
    regions: ctx.regions ?? current.source.regions,
    catalog: ctx.catalog,
    sizeLimit: ctx.sizeLimit ?? MANAGED_POLICY_SIZE_LIMIT,
  });
  // Guardrails run a second time on statements they already split: keep the split's Sid stable.
  const policy: PolicyDocument = {
    ...guarded.policy,
    Statement: guarded.policy.Statement.map((s) =>
      s.Sid?.endsWith('GlobalGlobal') ? { ...s, Sid: s.Sid.slice(0, -'Global'.length) } : s,
    ),
  };
  // Evidence lists every ARN a call touched (a GetObject event names the bucket too): only what the current
  // policy granted and the refined one does not is access taken away.
  const before = current.proposal.proposedPolicy;
  const broken: string[] = [];
  for (const [action, e] of Object.entries(current.evidence).sort(([a], [b]) => compare(a, b))) {
    if (!isActionAllowed(action, [before], ctx.catalog)) continue;
    if (!isActionAllowed(action, [policy], ctx.catalog)) {
      broken.push(action);
      continue;
    }
    const grants = (d: PolicyDocument, r: string) => d.Statement.some((s) => statementGrants(s, action, r));
    const missing = e.resources.filter((r) => grants(before, r) && !grants(policy, r));
    if (missing.length > 0) broken.push(`${action} on ${missing.slice(0, 3).join(', ')}`);
  }
  const previous = current.proposal.riskSignal;
  const factors: RiskFactor[] = [...previous.factors];
  if (broken.length > 0)
    factors.push({
      code: 'REFINEMENT_REMOVED_USED',
      weight: 0.9,
      detail: `The refinement takes away access the role used: ${broken.slice(0, 5).join('; ')}${broken.length > 5 ? ` and ${broken.length - 5} more` : ''}.`,
    });
  const hadConditions = new Set(
    current.proposal.proposedPolicy.Statement.map((s) => JSON.stringify(s.Condition ?? {})),
  );
  if (policy.Statement.some((s) => s.Effect === 'Allow' && !hadConditions.has(JSON.stringify(s.Condition ?? {}))))
    factors.push({
      code: 'REFINEMENT_NEW_CONDITIONS',
      weight: 0.05,
      detail: 'The refinement adds conditions that CloudTrail evidence cannot confirm the workload meets.',
    });
  const added = factors.slice(previous.factors.length);
  const probability = round(1 - added.reduce((p, f) => p * (1 - f.weight), 1 - previous.probabilityOfBreak));
  const rationale = [
    ...current.proposal.rationale,
    'Refined on request; every grant stays within the analysis or accepted additions.',
  ];
  return {
    ...current,
    generatedAt: ctx.now,
    proposal: {
      ...current.proposal,
      proposedPolicy: policy,
      rationale: [...rationale, ...added.map((f) => f.detail)],
      riskSignal: { probabilityOfBreak: probability, level: riskLevelOf(probability), factors },
      // The analysis' own violations name used actions the guardrails removed; they stand whatever is refined.
      guardrailViolations: [
        ...current.proposal.guardrailViolations,
        ...guarded.violations.filter(
          (v) => !current.proposal.guardrailViolations.some((c) => c.code === v.code && c.message === v.message),
        ),
      ],
      remediationNotes: [
        ...current.proposal.remediationNotes,
        ...guarded.notes,
        ...refined.rejectedAdditions.map((r) => `Refinement rejected ${r.action} on ${r.resource}: ${r.reason}`),
      ],
      securityScore: { ...current.proposal.securityScore, after: scorePolicy([policy], ctx.catalog) },
    },
    diff: rediff(current, policy, ctx.catalog),
    patches: patchesFor(current, policy),
  };
}
