/**
 * `/alpha refine`: asks the model for a narrowed policy. Returns a candidate only; the caller must pass it to
 * validateRefinement (which removes any added access) and applyRefinement (guardrails, diff, score, risk)
 * before showing it for acceptance. Never throws for model or network failures.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { PolicyDocument } from '../core/policy/document.js';
import type { Proposal } from '../core/proposal.js';
import {
  buildRefinePrompt,
  parseRefineAnswer,
  REFINE_TOOL_NAME,
  refineJsonSchema,
  type RefineAnswer,
} from '../core/reasoning/refine-prompt.js';
import type { ReasoningUnavailableReason, ReasoningUsage } from '../core/reasoning/types.js';
import { systemClock } from '../aws/sleep.js';
import { converseWithTool, unavailableReasonOf, type AnswerTool } from './converse.js';
import { createBedrockClient, DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_MS, type ReasonerOptions } from './client.js';
import { resolveModelId, resolveRegion } from './models.js';

export type RefinementProposal =
  | { ok: true; model: string; candidate: PolicyDocument; explanation: string; usage: ReasoningUsage }
  | { ok: false; model: string; unavailableReason: ReasoningUnavailableReason; detail?: string; usage: ReasoningUsage };

const REFINE_TOOL: AnswerTool<RefineAnswer> = {
  name: REFINE_TOOL_NAME,
  description: 'Return the complete refined policy. Call exactly once.',
  schema: refineJsonSchema(),
  parse: parseRefineAnswer,
};

const NO_USAGE: ReasoningUsage = { inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 };

export async function proposeRefinement(
  proposal: Proposal,
  request: string,
  options: ReasonerOptions = {},
): Promise<RefinementProposal> {
  const env = options.env ?? process.env;
  const region = resolveRegion(options.region, env);
  const model = resolveModelId(options.model, env, region);
  let client: BedrockRuntimeClient | undefined;
  try {
    client = options.client ?? createBedrockClient(options, region);
    const outcome = await converseWithTool(buildRefinePrompt(proposal, request), REFINE_TOOL, {
      client,
      model,
      // A whole policy is longer than the review answer.
      maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS * 2,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      clock: options.clock ?? systemClock,
      random: options.random ?? Math.random,
    });
    if (outcome.kind === 'unavailable')
      return {
        ok: false,
        model,
        unavailableReason: outcome.reason,
        ...(outcome.detail ? { detail: outcome.detail } : {}),
        usage: outcome.usage ?? NO_USAGE,
      };
    return {
      ok: true,
      model,
      candidate: outcome.value.policy,
      explanation: outcome.value.explanation,
      usage: outcome.usage,
    };
  } catch (error) {
    return { ok: false, model, unavailableReason: unavailableReasonOf(error, model), usage: NO_USAGE };
  } finally {
    if (client && !options.client) client.destroy();
  }
}
