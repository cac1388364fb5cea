/**
 * What the optional reasoner (Amazon Bedrock) adds to a Proposal: advice only. Nothing here changes the proposed
 * policy, the deterministic risk signal or the check's conclusion (DESIGN.md, "The reasoner only advises").
 */

/**
 * Why the reasoning is absent; the report prints it so a reader knows the result is the deterministic one.
 * (`--no-reasoning` does not call the reasoner at all: `reasoning` then stays `null`.)
 */
export type ReasoningUnavailableReason =
  | 'no AWS credentials'
  | `access denied to the model ${string}`
  | 'throttled'
  | 'timeout'
  | 'invalid answer'
  | `model error ${string}`;

/** An edge-case permission the model thinks the role may need; never granted until a person accepts it. */
export interface ReasoningSuggestion {
  /** Canonical catalog key, e.g. `s3:ListBucket`. */
  action: string;
  /** ARN (or `*` for actions without resource types), as the model named it: never widened by ALPHA. */
  resource: string;
  reason: string;
  status: 'unobserved-suggestion';
}

/** A model suggestion ALPHA refused, with the reason: kept so nothing the model said is silently dropped. */
export interface RejectedSuggestion {
  action: string;
  reason: string;
}

/** A condition the model suggests adding; advice, validated only for shape. */
export interface ConditionSuggestion {
  /** Actions it would apply to (canonical keys when known). */
  actions: string[];
  operator: string;
  key: string;
  values: string[];
  reason: string;
}

export interface ReasoningUsage {
  inputTokens: number;
  outputTokens: number;
  /** From the approximate price table in src/reasoner/pricing.ts; 0 when the model is not in it. */
  estimatedCostUsd: number;
}

export interface ProposalReasoning {
  /** Bedrock model or inference profile id. */
  model: string;
  used: boolean;
  unavailableReason?: ReasoningUnavailableReason;
  narrative: string;
  /**
   * max(model's estimate, deterministic `proposal.riskSignal.probabilityOfBreak`): the model may raise the risk
   * shown to a reader, never lower it. Advice only: the check's conclusion uses the deterministic value.
   */
  probabilityOfBreak: number;
  /** The model's own estimate, when it gave one (shown when it was lower and therefore not used). */
  modelProbabilityOfBreak?: number;
  remediationNotes: string[];
  conditionSuggestions: ConditionSuggestion[];
  suggestions: ReasoningSuggestion[];
  rejected: RejectedSuggestion[];
  usage: ReasoningUsage;
}
