/**
 * The pipeline (DESIGN.md): usage → policy → guardrails → diff + risk → Proposal. Pure: the caller reads the
 * sources, loads the catalog and passes the clock in; the same input gives a byte-identical Proposal.
 */
import type { IamCatalog } from './catalog.js';
import { parseIamArn } from './cloudtrail/principal.js';
import type { RecordRejection } from './cloudtrail/record.js';
import type { ServiceReference } from './cloudtrail/service-reference.js';
import { applyGuardrails, type GuardrailConfig } from './guardrails/apply.js';
import { renderCloudFormationSnippet } from './iac/snippet-cloudformation.js';
import { renderTerraformSnippet } from './iac/snippet-terraform.js';
import { allowedActions } from './policy/grants.js';
import { diffPolicies } from './policy/diff.js';
import type { NamedPolicy } from './policy/document.js';
import { synthesizePolicy } from './policy/synthesize.js';
import { PROPOSAL_SCHEMA_VERSION, type ExistingPolicySummary, type Proposal } from './proposal.js';
import { assessBreakRisk } from './risk/break-risk.js';
import { scorePolicy } from './risk/score.js';
import type { UsageSnapshot } from './usage/evidence.js';
import { buildUsageProfile } from './usage/profile.js';

export interface UsageSourceSummary {
  readonly kind: Proposal['source']['kind'];
  readonly complete: boolean;
  readonly gaps: readonly string[];
  readonly rejections: readonly RecordRejection[];
  /** Regions the source covered; defaults to the regions seen in the records. */
  readonly regions?: readonly string[];
  /** AWS API requests the source made. */
  readonly requests?: number;
  /** athena: bytes scanned and approximate cost. */
  readonly bytesScanned?: number;
  readonly costUsd?: number;
  /** Where AWS's operation → action map came from, when one was used. */
  readonly serviceReference?: string;
}

export interface AnalyzeOptions {
  /** Observation window in days, counted back from `windowEnd`. */
  readonly usageDays: number;
  /** ISO time; the window's end. */
  readonly windowEnd: string;
  readonly guardrails: GuardrailConfig;
  /** Characters (whitespace excluded) the proposed policy must fit: 6,144 managed, 10,240 inline. */
  readonly sizeLimit: number;
  /** When the analysis ran; the only clock the core sees. */
  readonly now: string;
}

export interface AnalyzeInput {
  /** The role as the user named it; a path-less ARN matches the role at any path. */
  readonly roleArn: string;
  readonly usage: UsageSnapshot;
  readonly source: UsageSourceSummary;
  /** `null` when no existing policy is known: everything observed is then "added". */
  readonly existingPolicies: readonly NamedPolicy[] | null;
  /**
   * The role's permissions boundary, read from IAM. It grants nothing by itself but caps the identity policies:
   * the effective grant the diff is computed against is (inline ∪ managed) ∩ boundary.
   */
  readonly permissionsBoundary?: NamedPolicy;
  /** Where the existing policies came from and which one the IaC controls; copied into the Proposal. */
  readonly existingPolicyDetails?: Pick<ExistingPolicySummary, 'origin' | 'policies' | 'iac'>;
  readonly catalog: IamCatalog;
  readonly serviceReference?: ServiceReference;
  readonly options: AnalyzeOptions;
}

const DAY_MS = 86_400_000;
/** Name of the inline policy the snippets and patches create. */
export const POLICY_NAME = 'alpha-least-privilege';

export function windowStartFor(windowEnd: string, usageDays: number): string {
  return new Date(Date.parse(windowEnd) - usageDays * DAY_MS).toISOString();
}

export function analyzeRole(input: AnalyzeInput): Proposal {
  const { catalog, options, usage } = input;
  const profile = buildUsageProfile(usage, input.roleArn, catalog, input.serviceReference);
  const arn = profile.principalArn;
  const parsed = parseIamArn(arn);
  const accountId = parsed?.accountId ?? '';
  const regions = [...(input.source.regions ?? usage.regions)].sort();

  const synthesized = synthesizePolicy(profile, catalog, {
    accountId,
    partition: parsed?.partition ?? 'aws',
    sizeLimit: options.sizeLimit,
  });
  const guarded = applyGuardrails(synthesized.policy, options.guardrails, {
    regions,
    catalog,
    sizeLimit: options.sizeLimit,
  });
  const proposedPolicy = guarded.policy;

  const existingDocuments = input.existingPolicies?.map((p) => p.document) ?? null;
  const existing = existingDocuments
    ? effectiveGrant(allowedActions(existingDocuments, catalog), input.permissionsBoundary, catalog)
    : null;
  const observedActions = Object.keys(profile.evidence).sort();
  const diff = diffPolicies(existing?.allowed ?? null, proposedPolicy, observedActions, catalog);

  // The window the logs actually cover: asking for 90 days of a 30-day trail must not read as 90 days of evidence.
  const requestedStart = windowStartFor(options.windowEnd, options.usageDays);
  const windowStart =
    usage.oldestEvent && Date.parse(usage.oldestEvent) > Date.parse(requestedStart)
      ? usage.oldestEvent
      : requestedStart;
  const windowDays = Math.max(1, Math.round((Date.parse(options.windowEnd) - Date.parse(windowStart)) / DAY_MS));
  // Concrete used actions the guardrails took out (not the violation messages): each is a certain break.
  const guardrailRemoved = guarded.removed;
  const risk = assessBreakRisk({
    profile,
    windowDays,
    windowStart,
    windowEnd: options.windowEnd,
    diff,
    sawDataEvents: usage.sawDataEvents,
    sourceComplete: input.source.complete,
    guardrailRemoved,
    catalog,
  });

  const snippetItem = { roleName: parsed?.name ?? arn, policyName: POLICY_NAME, policy: proposedPolicy };
  const eventsForRole =
    Object.values(profile.evidence).reduce((n, e) => n + e.count, 0) +
    profile.deniedAttempts.reduce((n, d) => n + d.count, 0) +
    profile.unmapped.reduce((n, u) => n + u.count, 0) +
    profile.noPermissionCalls.reduce((n, c) => n + c.count, 0);

  return {
    schemaVersion: PROPOSAL_SCHEMA_VERSION,
    generatedAt: options.now,
    role: { arn, accountId, name: parsed?.name ?? arn },
    window: { start: new Date(windowStart).toISOString(), end: options.windowEnd, days: windowDays },
    source: {
      kind: input.source.kind,
      regions,
      eventsRead: usage.eventsRead,
      eventsForRole,
      ...(usage.eventsOutsideWindow ? { eventsOutsideWindow: usage.eventsOutsideWindow } : {}),
      recordsRejected: input.source.rejections.length,
      complete: input.source.complete,
      gaps: [...input.source.gaps],
      rejections: [...input.source.rejections],
      sawDataEvents: usage.sawDataEvents,
      catalogVersion: catalog.version,
      ...(input.source.requests !== undefined ? { requests: input.source.requests } : {}),
      ...(input.source.bytesScanned !== undefined ? { bytesScanned: input.source.bytesScanned } : {}),
      ...(input.source.costUsd !== undefined ? { costUsd: input.source.costUsd } : {}),
      ...(input.source.serviceReference ? { serviceReference: input.source.serviceReference } : {}),
    },
    evidence: profile.evidence,
    unmapped: profile.unmapped,
    deniedAttempts: profile.deniedAttempts,
    noPermissionCalls: profile.noPermissionCalls,
    existingPolicy:
      input.existingPolicies && existing
        ? {
            sources: input.existingPolicies.map((p) => p.name),
            documents: input.existingPolicies.map((p) => p.document),
            grantedActionCount: existing.allowed.size,
            ...existingDetails(input),
          }
        : null,
    proposal: {
      proposedPolicy,
      rationale: risk.rationale,
      riskSignal: risk.riskSignal,
      guardrailViolations: guarded.violations,
      remediationNotes: [
        ...synthesized.notes,
        ...guarded.notes,
        ...(existing?.findings ?? []),
        ...risk.remediationNotes,
      ],
      securityScore: {
        before: existingDocuments ? scorePolicy(existingDocuments, catalog) : null,
        after: scorePolicy([proposedPolicy], catalog),
      },
    },
    diff,
    reasoning: null,
    // IAM rejects a policy with no statements: with nothing observed there is nothing to patch.
    patches:
      proposedPolicy.Statement.length === 0
        ? {}
        : {
            terraform: renderTerraformSnippet([snippetItem], 'jsonencode'),
            cloudformation: renderCloudFormationSnippet([snippetItem]),
          },
  };
}

/** Identity grant capped by the boundary: an action counts only when both allow it. */
function effectiveGrant(
  identity: ReturnType<typeof allowedActions>,
  boundary: NamedPolicy | undefined,
  catalog: IamCatalog,
): ReturnType<typeof allowedActions> {
  if (!boundary) return identity;
  const capped = allowedActions([boundary.document], catalog, { names: [`permissions boundary ${boundary.name}`] });
  const allowed = new Set([...identity.allowed].filter((a) => capped.allowed.has(a)));
  const outside = identity.allowed.size - allowed.size;
  const findings = [...identity.findings, ...capped.findings];
  if (outside > 0)
    findings.push(
      `the permissions boundary ${boundary.name} caps the identity policies: ${outside} action${outside === 1 ? '' : 's'} they allow ${outside === 1 ? 'is' : 'are'} outside it and not counted as granted`,
    );
  return { allowed, findings };
}

function existingDetails(input: AnalyzeInput): Partial<ExistingPolicySummary> {
  const d = input.existingPolicyDetails;
  const boundary = input.permissionsBoundary;
  const out: Partial<ExistingPolicySummary> = {};
  if (d?.origin) out.origin = d.origin;
  if (d?.policies) out.policies = d.policies.map((p) => ({ ...p }));
  if (boundary) {
    const ref = d?.policies?.find((p) => p.kind === 'boundary');
    out.boundary = {
      name: boundary.name,
      ...(ref?.arn ? { arn: ref.arn } : {}),
      grantedActionCount: allowedActions([boundary.document], input.catalog).allowed.size,
    };
  }
  if (d?.iac) out.iac = { ...d.iac };
  return out;
}

/** CLI exit code / check conclusion for a set of proposals (DESIGN.md): 3 guardrail, 2 risk, 0 safe. */
export function outcomeOf(proposals: readonly Proposal[], riskThreshold: number): 0 | 2 | 3 {
  if (proposals.some((p) => p.proposal.guardrailViolations.length > 0)) return 3;
  if (proposals.some((p) => p.proposal.riskSignal.probabilityOfBreak > riskThreshold)) return 2;
  return 0;
}
