/**
 * Additions a person accepted (`/alpha accept`, a confirmed `/alpha fix`) → a new Proposal that grants them.
 * They go into statements of their own (Sid `AlphaAccepted…`) so a reviewer sees at a glance what came from a
 * person rather than from the logs; each is vetted again (catalog, no wildcard, guardrails, this role), the
 * guardrails' conditions are applied to them, and the diff and security score are recomputed. The break-risk
 * signal is kept as it was: adding a grant cannot make the role fail a call, and the conclusion must not move
 * because someone clicked "accept".
 */
import type { AcceptedAddition } from '../../store/store.js';
import { POLICY_NAME } from '../analyze.js';
import type { IamCatalog } from '../catalog.js';
import { applyGuardrails } from '../guardrails/apply.js';
import type { GuardrailConfig } from '../guardrails/config.js';
import { renderCloudFormationSnippet } from '../iac/snippet-cloudformation.js';
import { renderTerraformSnippet } from '../iac/snippet-terraform.js';
import { diffPolicies } from '../policy/diff.js';
import type { PolicyDocument, Statement } from '../policy/document.js';
import { MANAGED_POLICY_SIZE_LIMIT, policySize } from '../policy/limits.js';
import { formatCount } from '../policy/numbers.js';
import type { GuardrailViolation, Proposal } from '../proposal.js';
import { scorePolicy } from '../risk/score.js';
import type { Evidence } from '../usage/evidence.js';
import { resourceMismatch, statementGrants } from './resource-cover.js';

export interface AcceptContext {
  catalog: IamCatalog;
  guardrails: GuardrailConfig;
  /** ISO time of this re-render; becomes `generatedAt`. */
  now: string;
  /** Default: the proposal's `source.regions`. */
  regions?: readonly string[];
  /** Default 6,144 (managed policy). */
  sizeLimit?: number;
}

export interface SkippedAddition {
  addition: AcceptedAddition;
  reason: string;
}

export interface VettedAdditions {
  /** With canonical action keys, sorted by action then resource, de-duplicated. */
  accepted: AcceptedAddition[];
  skipped: SkippedAddition[];
}

export const ACCEPTED_SID = 'AlphaAccepted';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isWholeServiceArn(resource: string): boolean {
  const parts = resource.split(':');
  return parts[0] === 'arn' && parts.length >= 6 && ['', '*'].includes(parts.slice(5).join(':'));
}

/** Which additions can be granted to this proposal's role, and why the others cannot. */
export function vetAcceptedAdditions(
  proposal: Proposal,
  additions: readonly AcceptedAddition[],
  ctx: AcceptContext,
): VettedAdditions {
  const accepted = new Map<string, AcceptedAddition>();
  const skipped: SkippedAddition[] = [];
  const policy = proposal.proposal.proposedPolicy;
  const ordered = [...additions].sort(
    (a, b) => compare(a.acceptedAt, b.acceptedAt) || compare(a.action, b.action) || compare(a.resource, b.resource),
  );
  for (const addition of ordered) {
    const skip = (reason: string) => skipped.push({ addition, reason });
    if (addition.roleArn !== proposal.role.arn) {
      skip(`accepted for ${addition.roleArn}, not ${proposal.role.arn}`);
      continue;
    }
    if (/[*?]/.test(addition.action)) {
      skip('a wildcard action cannot be accepted: accept concrete actions one by one');
      continue;
    }
    const entry = ctx.catalog.action(addition.action);
    if (!entry) {
      skip(`${addition.action} is not an action in IAM catalog ${ctx.catalog.version}`);
      continue;
    }
    const resource = addition.resource;
    if (resource !== '*' && !resource.startsWith('arn:')) {
      skip(`resource "${resource}" is not an ARN`);
      continue;
    }
    if (entry.resourceTypes.length > 0 && (resource === '*' || isWholeServiceArn(resource))) {
      skip(
        `"${resource}" is every resource, but ${entry.key} supports resource-level permissions: accept it on an ARN`,
      );
      continue;
    }
    const mismatch = resourceMismatch(entry, resource, ctx.catalog);
    if (mismatch) {
      skip(mismatch);
      continue;
    }
    if (policy.Statement.some((s) => statementGrants(s, entry.key, resource))) {
      skip(`${entry.key} on ${resource} is already granted`);
      continue;
    }
    const single: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: [entry.key], Resource: [resource] }],
    };
    const guarded = applyGuardrails(single, ctx.guardrails, {
      regions: ctx.regions ?? proposal.source.regions,
      catalog: ctx.catalog,
    });
    const forbidden = guarded.violations.filter((v) => v.code === 'BLOCKED_ACTION' || v.code === 'DISALLOWED_SERVICE');
    if (forbidden.length > 0 || !guarded.policy.Statement.some((s) => s.Action?.includes(entry.key))) {
      skip(
        `the guardrails (${ctx.guardrails.preset}) do not allow ${entry.key}: ${forbidden.map((v) => v.message).join('; ') || guarded.notes.join('; ')}`,
      );
      continue;
    }
    const id = `${entry.key}\u0000${resource}`;
    if (!accepted.has(id)) accepted.set(id, { ...addition, action: entry.key });
  }
  return {
    accepted: [...accepted.values()].sort((a, b) => compare(a.action, b.action) || compare(a.resource, b.resource)),
    skipped,
  };
}

/** One statement per distinct resource list, actions sorted: deterministic whatever the acceptance order. */
function acceptedStatements(accepted: readonly AcceptedAddition[]): Statement[] {
  const byAction = new Map<string, Set<string>>();
  for (const a of accepted) byAction.set(a.action, (byAction.get(a.action) ?? new Set()).add(a.resource));
  const byResources = new Map<string, { actions: string[]; resources: string[] }>();
  for (const [action, resources] of byAction) {
    const list = [...resources].sort(compare);
    const id = list.join('\u0000');
    const group = byResources.get(id) ?? { actions: [], resources: list };
    group.actions.push(action);
    byResources.set(id, group);
  }
  return [...byResources.values()]
    .map((g) => ({ ...g, actions: g.actions.sort(compare) }))
    .sort(
      (a, b) => compare(a.actions[0] ?? '', b.actions[0] ?? '') || compare(a.resources[0] ?? '', b.resources[0] ?? ''),
    )
    .map((g, i) => ({
      Sid: i === 0 ? ACCEPTED_SID : `${ACCEPTED_SID}${i + 1}`,
      Effect: 'Allow' as const,
      Action: g.actions,
      Resource: g.resources,
    }));
}

function shiftPath(v: GuardrailViolation, offset: number): GuardrailViolation {
  return {
    ...v,
    path: v.path.replace(/^\$\.Statement\[(\d+)\]/, (_, i: string) => `$.Statement[${Number(i) + offset}]`),
  };
}

/** The diff against the same existing grant the analysis used (kept ∪ removed), for a new proposed policy. */
export function rediff(proposal: Proposal, policy: PolicyDocument, catalog: IamCatalog): Proposal['diff'] {
  const existing = proposal.existingPolicy
    ? new Set([...proposal.diff.keptActions, ...proposal.diff.removedActions])
    : null;
  const observed = Object.entries(proposal.evidence)
    .filter(([, e]) => e.origin !== 'accepted')
    .map(([a]) => a)
    .sort(compare);
  return diffPolicies(existing, policy, observed, catalog);
}

export function patchesFor(proposal: Proposal, policy: PolicyDocument): Proposal['patches'] {
  if (policy.Statement.length === 0) return {};
  const item = { roleName: proposal.role.name, policyName: POLICY_NAME, policy };
  return {
    terraform: renderTerraformSnippet([item], 'jsonencode'),
    cloudformation: renderCloudFormationSnippet([item]),
  };
}

/**
 * The proposal with the accepted additions granted. Additions that cannot be granted are left out and each is
 * named in `remediationNotes` (use vetAcceptedAdditions to show them separately).
 */
export function applyAcceptedAdditions(
  proposal: Proposal,
  additions: readonly AcceptedAddition[],
  ctx: AcceptContext,
): Proposal {
  const { accepted, skipped } = vetAcceptedAdditions(proposal, additions, ctx);
  const base = proposal.proposal.proposedPolicy;
  const notes = skipped.map(
    (s) =>
      `Accepted ${s.addition.action} on ${s.addition.resource} (by ${s.addition.acceptedBy}) was not granted: ${s.reason}`,
  );
  if (accepted.length === 0 && skipped.length === 0) return proposal;

  const guarded = applyGuardrails({ Version: '2012-10-17', Statement: acceptedStatements(accepted) }, ctx.guardrails, {
    regions: ctx.regions ?? proposal.source.regions,
    catalog: ctx.catalog,
    sizeLimit: Number.MAX_SAFE_INTEGER,
  });
  const policy: PolicyDocument = {
    Version: base.Version,
    Statement: [...structuredClone(base.Statement), ...guarded.policy.Statement],
  };
  const violations = [
    ...proposal.proposal.guardrailViolations,
    ...guarded.violations.map((v) => shiftPath(v, base.Statement.length)),
  ];
  const limit = ctx.sizeLimit ?? MANAGED_POLICY_SIZE_LIMIT;
  const size = policySize(policy);
  if (size > limit && !violations.some((v) => v.code === 'POLICY_TOO_LARGE'))
    violations.push({
      code: 'POLICY_TOO_LARGE',
      message: `With the accepted additions the policy has ${formatCount(size)} characters (whitespace excluded), over the limit of ${formatCount(limit)}: split it into several managed policies or use an inline policy.`,
      path: '$',
    });

  const evidence: Record<string, Evidence> = structuredClone(proposal.evidence);
  for (const a of accepted) {
    const seen = evidence[a.action];
    if (seen && seen.origin !== 'accepted') continue;
    if (seen) seen.resources = [...new Set([...seen.resources, a.resource])].sort(compare);
    else
      evidence[a.action] = {
        count: 0,
        firstSeen: a.acceptedAt,
        lastSeen: a.acceptedAt,
        regions: [],
        resources: [a.resource],
        sampleEventId: '',
        origin: 'accepted',
        calls: [],
        accepted: { by: a.acceptedBy, at: a.acceptedAt },
      };
  }
  const sortedEvidence: Record<string, Evidence> = {};
  for (const key of Object.keys(evidence).sort(compare)) sortedEvidence[key] = evidence[key] as Evidence;

  const acceptedLine =
    accepted.length === 0
      ? []
      : [
          `${formatCount(accepted.length)} permission${accepted.length === 1 ? '' : 's'} accepted by a person, not observed: ${accepted
            .map((a) => `${a.action} on ${a.resource} (${a.acceptedBy}, ${a.acceptedAt})`)
            .join('; ')}.`,
        ];
  const reasoning = proposal.reasoning
    ? {
        ...proposal.reasoning,
        suggestions: proposal.reasoning.suggestions.filter(
          (s) => !policy.Statement.some((st) => statementGrants(st, s.action, s.resource)),
        ),
      }
    : null;
  return {
    ...proposal,
    generatedAt: ctx.now,
    evidence: sortedEvidence,
    proposal: {
      ...proposal.proposal,
      proposedPolicy: policy,
      rationale: [...proposal.proposal.rationale, ...acceptedLine],
      guardrailViolations: violations,
      remediationNotes: [...proposal.proposal.remediationNotes, ...guarded.notes, ...notes],
      securityScore: { ...proposal.proposal.securityScore, after: scorePolicy([policy], ctx.catalog) },
    },
    diff: rediff(proposal, policy, ctx.catalog),
    reasoning,
    patches: patchesFor(proposal, policy),
  };
}
