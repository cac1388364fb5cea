/**
 * A model answer → `proposal.reasoning`. This is where "advice only" is enforced: every suggested action is
 * checked against the catalog, wildcards, the guardrails and the proposed policy, and what fails goes to
 * `rejected` with the reason. The proposed policy, the deterministic risk signal and everything the check's
 * conclusion reads (outcomeOf) are copied through untouched, whatever the model said.
 */
import type { IamCatalog } from '../catalog.js';
import { applyGuardrails } from '../guardrails/apply.js';
import type { GuardrailConfig } from '../guardrails/config.js';
import type { PolicyDocument } from '../policy/document.js';
import { resourceMismatch, statementGrants } from '../accepted/resource-cover.js';
import { isActionAllowed } from '../policy/grants.js';
import type { Proposal } from '../proposal.js';
import type { ReasoningAnswer } from './answer.js';
import { sanitizeUntrusted } from './sanitize.js';
import type {
  ConditionSuggestion,
  ProposalReasoning,
  ReasoningSuggestion,
  ReasoningUnavailableReason,
  ReasoningUsage,
  RejectedSuggestion,
} from './types.js';

export interface ReasoningContext {
  catalog: IamCatalog;
  guardrails: GuardrailConfig;
  /** Regions for the guardrails' region condition; default: the proposal's `source.regions`. */
  regions?: readonly string[];
  riskThreshold: number;
}

/** What one model call produced: an answer, or why there is none. */
export type ModelOutcome =
  | { kind: 'answer'; model: string; answer: ReasoningAnswer; usage: ReasoningUsage }
  | {
      kind: 'unavailable';
      model: string;
      reason: ReasoningUnavailableReason;
      usage?: ReasoningUsage;
      /** What exactly was wrong (an invalid answer's schema error), for the log line; not in the Proposal. */
      detail?: string;
    };

export const MAX_SUGGESTIONS = 10;
const MAX_NOTES = 5;
const MAX_CONDITIONS = 5;
const MAX_REJECTED = 50;

const NO_USAGE: ReasoningUsage = { inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 };

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** `proposal.reasoning` when the model gave nothing: the deterministic result stands and says why. */
export function unavailableReasoning(
  proposal: Proposal,
  model: string,
  reason: ReasoningUnavailableReason,
  usage: ReasoningUsage = NO_USAGE,
): ProposalReasoning {
  return {
    model,
    used: false,
    unavailableReason: reason,
    narrative: '',
    probabilityOfBreak: proposal.proposal.riskSignal.probabilityOfBreak,
    remediationNotes: [],
    conditionSuggestions: [],
    suggestions: [],
    rejected: [],
    usage: { ...usage },
  };
}

/** Whether the resource part of an ARN (after `arn:partition:service:region:account:`) is only `*`. */
function isWholeServiceArn(resource: string): boolean {
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return false;
  const rest = parts.slice(5).join(':');
  return rest === '' || rest === '*';
}

type Verdict = { ok: true; suggestion: ReasoningSuggestion } | { ok: false; rejected: RejectedSuggestion };

function vetSuggestion(
  raw: ReasoningAnswer['suggestions'][number],
  proposal: Proposal,
  ctx: ReasoningContext,
): Verdict {
  const action = sanitizeUntrusted(raw.action, { max: 128 });
  const resource = sanitizeUntrusted(raw.resource, { max: 2_048 });
  const reason = sanitizeUntrusted(raw.reason, { max: 500 });
  const reject = (why: string): Verdict => ({ ok: false, rejected: { action, reason: why } });
  if (action.includes('*') || action.includes('?'))
    return reject('wildcard action: ALPHA only shows concrete actions a person can accept one by one');
  const entry = ctx.catalog.action(action);
  if (!entry) return reject(`not an action in IAM catalog ${ctx.catalog.version}`);
  if (resource === '') return reject('no resource given');
  if (resource !== '*' && !resource.startsWith('arn:')) return reject(`resource "${resource}" is not an ARN or *`);
  if (resource.includes('*') && entry.resourceTypes.length > 0 && (resource === '*' || isWholeServiceArn(resource)))
    return reject(`resource "${resource}" is every resource, but ${entry.key} supports resource-level permissions`);
  const mismatch = resourceMismatch(entry, resource, ctx.catalog);
  if (mismatch) return reject(mismatch);
  // Resource-aware: PutObject on next month's prefix is a real edge case even when this month's is granted.
  if (proposal.proposal.proposedPolicy.Statement.some((s) => statementGrants(s, entry.key, resource)))
    return reject('already granted by the proposed policy');
  const single: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [entry.key], Resource: [resource] }],
  };
  const guarded = applyGuardrails(single, ctx.guardrails, {
    regions: ctx.regions ?? proposal.source.regions,
    catalog: ctx.catalog,
  });
  // MISSING_CONDITION (no region known) and POLICY_TOO_LARGE are about the whole policy, not this action.
  const about = guarded.violations.filter((v) => v.code !== 'MISSING_CONDITION' && v.code !== 'POLICY_TOO_LARGE');
  if (about.length > 0)
    return reject(`guardrails (${ctx.guardrails.preset}): ${about.map((v) => `${v.code} ${v.message}`).join('; ')}`);
  if (!isActionAllowed(entry.key, [guarded.policy], ctx.catalog))
    return reject(`left out by the guardrails' exclusions: ${guarded.notes.join('; ') || ctx.guardrails.preset}`);
  return { ok: true, suggestion: { action: entry.key, resource, reason, status: 'unobserved-suggestion' } };
}

const CONDITION_KEY = /^[A-Za-z0-9-]+:[A-Za-z0-9_./:${}-]+$/;
const CONDITION_OPERATOR = /^(ForAllValues:|ForAnyValue:)?[A-Za-z]+(IfExists)?$/;

function vetCondition(
  raw: ReasoningAnswer['conditionSuggestions'][number],
  catalog: IamCatalog,
): { ok: true; condition: ConditionSuggestion } | { ok: false; rejected: RejectedSuggestion } {
  const key = sanitizeUntrusted(raw.key, { max: 128 });
  const operator = sanitizeUntrusted(raw.operator, { max: 64 });
  if (!CONDITION_KEY.test(key) || !CONDITION_OPERATOR.test(operator))
    return {
      ok: false,
      rejected: { action: `condition ${operator} ${key}`, reason: 'not an IAM condition operator and key' },
    };
  const actions = [...new Set(raw.actions.map((a) => catalog.action(a)?.key ?? sanitizeUntrusted(a, { max: 128 })))]
    .slice(0, 20)
    .sort(compare);
  return {
    ok: true,
    condition: {
      actions,
      operator,
      key,
      values: raw.values.slice(0, 20).map((v) => sanitizeUntrusted(v)),
      reason: sanitizeUntrusted(raw.reason, { max: 500 }),
    },
  };
}

/** The answer vetted into `reasoning`; suggestions and rejections sorted and de-duplicated. */
export function reasoningFromAnswer(
  proposal: Proposal,
  outcome: Extract<ModelOutcome, { kind: 'answer' }>,
  ctx: ReasoningContext,
): ProposalReasoning {
  const { answer } = outcome;
  const suggestions = new Map<string, ReasoningSuggestion>();
  const rejected = new Map<string, RejectedSuggestion>();
  for (const raw of answer.suggestions) {
    const verdict = vetSuggestion(raw, proposal, ctx);
    if (verdict.ok) {
      const id = `${verdict.suggestion.action}\u0000${verdict.suggestion.resource}`;
      if (!suggestions.has(id)) suggestions.set(id, verdict.suggestion);
    } else rejected.set(`${verdict.rejected.action}\u0000${verdict.rejected.reason}`, verdict.rejected);
  }
  const kept = [...suggestions.values()].sort((a, b) => compare(a.action, b.action) || compare(a.resource, b.resource));
  for (const extra of kept.slice(MAX_SUGGESTIONS))
    rejected.set(`${extra.action}\u0000cap`, {
      action: extra.action,
      reason: `more than ${MAX_SUGGESTIONS} suggestions: left out`,
    });
  const conditions: ConditionSuggestion[] = [];
  for (const raw of answer.conditionSuggestions) {
    const verdict = vetCondition(raw, ctx.catalog);
    if (verdict.ok) conditions.push(verdict.condition);
    else rejected.set(`${verdict.rejected.action}\u0000${verdict.rejected.reason}`, verdict.rejected);
  }
  const deterministic = proposal.proposal.riskSignal.probabilityOfBreak;
  const fromModel = round(Math.min(1, Math.max(0, answer.probabilityOfBreak)));
  return {
    model: outcome.model,
    used: true,
    narrative: sanitizeUntrusted(answer.narrative, { max: 4_000, multiline: true }),
    // The model may raise the risk a reader sees, never lower it.
    probabilityOfBreak: Math.max(fromModel, deterministic),
    modelProbabilityOfBreak: fromModel,
    remediationNotes: [
      ...new Set(answer.remediationNotes.map((n) => sanitizeUntrusted(n, { max: 500 })).filter(Boolean)),
    ].slice(0, MAX_NOTES),
    conditionSuggestions: conditions.slice(0, MAX_CONDITIONS),
    suggestions: kept.slice(0, MAX_SUGGESTIONS),
    rejected: [...rejected.values()]
      .sort((a, b) => compare(a.action, b.action) || compare(a.reason, b.reason))
      .slice(0, MAX_REJECTED),
    usage: { ...outcome.usage },
  };
}

/**
 * The proposal with `reasoning` set from the outcome. Only `reasoning` differs from the input: the proposed
 * policy, riskSignal, guardrail violations and remediation notes are the deterministic ones, so
 * `outcomeOf([mergeReasoning(p, …)], t) === outcomeOf([p], t)` for every outcome.
 */
export function mergeReasoning(proposal: Proposal, outcome: ModelOutcome, ctx: ReasoningContext): Proposal {
  const reasoning =
    outcome.kind === 'answer'
      ? reasoningFromAnswer(proposal, outcome, ctx)
      : unavailableReasoning(proposal, outcome.model, outcome.reason, outcome.usage);
  return { ...proposal, reasoning };
}
