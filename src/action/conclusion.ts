/**
 * DESIGN.md's table: guardrail violation (3) before risk above threshold (2) before safe (0); in `enforce` a
 * finding fails the check and the step, in `report` it is neutral and the step passes with a warning.
 */
import { outcomeOf } from '../core/analyze.js';
import type { Proposal } from '../core/proposal.js';
import type { CheckConclusion } from '../core/report/markdown-check.js';
import type { Mode } from '../config/schema.js';

export interface Verdict {
  conclusion: CheckConclusion;
  /** The CLI's exit code for the same result: 0 safe, 2 risk, 3 guardrail. */
  outcome: 0 | 2 | 3;
  failStep: boolean;
}

export function verdictFor(proposals: readonly Proposal[], mode: Mode, riskThreshold: number): Verdict {
  const outcome = outcomeOf(proposals, riskThreshold);
  if (outcome === 0) return { conclusion: 'success', outcome, failStep: false };
  return mode === 'enforce'
    ? { conclusion: 'failure', outcome, failStep: true }
    : { conclusion: 'neutral', outcome, failStep: false };
}

export function describeOutcome(outcome: 0 | 2 | 3): string {
  return outcome === 3
    ? 'a guardrail is violated'
    : outcome === 2
      ? 'a role is above the risk threshold'
      : 'safe to proceed';
}
