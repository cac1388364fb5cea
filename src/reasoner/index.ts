/**
 * The optional reasoner: asks an Amazon Bedrock model (Converse API) to review each proposal and merges its
 * advice into `proposal.reasoning`. Advice only: the proposed policy, the deterministic risk signal and the
 * conclusion (outcomeOf) are the same with and without it, and any failure leaves `reasoning.used: false` with
 * the reason, never an exception.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { IamCatalog } from '../core/catalog.js';
import type { GuardrailConfig } from '../core/guardrails/config.js';
import { mergeReasoning, type ModelOutcome } from '../core/reasoning/merge.js';
import { buildReasoningPrompt } from '../core/reasoning/prompt.js';
import type { ReasoningUnavailableReason } from '../core/reasoning/types.js';
import type { Proposal } from '../core/proposal.js';
import { systemClock } from '../aws/sleep.js';
import { createBedrockClient, DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_MS, type ReasonerOptions } from './client.js';
import { converseForAnswer, unavailableReasonOf } from './converse.js';
import { resolveModelId, resolveRegion } from './models.js';

export { createBedrockClient, DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_MS, type ReasonerOptions } from './client.js';
export { defaultModelId, MODEL_ENV, SONNET_4_5 } from './models.js';
export { proposeRefinement, type RefinementProposal } from './refine.js';
export { estimateCostUsd, MODEL_PRICES, PRICES_RECORDED_ON } from './pricing.js';

export interface ReasonerContext {
  catalog: IamCatalog;
  guardrails: GuardrailConfig;
  /** Regions for the guardrails' region condition; default: each proposal's `source.regions`. */
  regions?: readonly string[];
  riskThreshold: number;
}

/** Failures that will fail the same way for every other proposal: stop asking. */
function stopsAll(reason: ReasoningUnavailableReason): boolean {
  return reason !== 'invalid answer';
}

function explain(reason: ReasoningUnavailableReason): string {
  if (reason === 'no AWS credentials')
    return 'no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID, or use OIDC in the Action); pass --no-reasoning to skip it';
  if (reason === 'throttled')
    return 'Bedrock throttled the requests after 2 retries; try later or request a quota increase';
  if (reason === 'timeout') return 'the model did not answer in time; raise the timeout or try a faster model';
  if (reason === 'invalid answer') return 'the model answer did not match the schema and was ignored';
  return reason;
}

/**
 * Each proposal with `reasoning` set. Never throws for model or network failures: they give
 * `reasoning: {used: false, unavailableReason}` and one line on `log`.
 */
export async function reasonAbout(
  proposals: Proposal[],
  ctx: ReasonerContext,
  options: ReasonerOptions = {},
): Promise<Proposal[]> {
  const env = options.env ?? process.env;
  const region = resolveRegion(options.region, env);
  const model = resolveModelId(options.model, env, region);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const logged = new Set<string>();
  const say = (reason: ReasoningUnavailableReason, detail?: string) => {
    if (logged.has(reason)) return;
    logged.add(reason);
    log(
      `alpha: reasoning with ${model} unavailable: ${explain(reason)}${detail ? ` (${detail})` : ''}; the deterministic result stands.`,
    );
  };
  let client: BedrockRuntimeClient;
  try {
    client = options.client ?? createBedrockClient(options, region);
  } catch (error) {
    const reason = unavailableReasonOf(error, model);
    say(reason);
    return proposals.map((p) => mergeReasoning(p, { kind: 'unavailable', model, reason }, ctx));
  }
  const out: Proposal[] = [];
  let stopped: ReasoningUnavailableReason | undefined;
  try {
    for (const proposal of proposals) {
      if (stopped) {
        out.push(mergeReasoning(proposal, { kind: 'unavailable', model, reason: stopped }, ctx));
        continue;
      }
      let outcome: ModelOutcome;
      try {
        outcome = await converseForAnswer(buildReasoningPrompt(proposal, ctx), {
          client,
          model,
          maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          clock: options.clock ?? systemClock,
          random: options.random ?? Math.random,
        });
      } catch (error) {
        // converseForAnswer does not throw for AWS failures; anything else is still not worth failing the run.
        outcome = { kind: 'unavailable', model, reason: unavailableReasonOf(error, model) };
      }
      if (outcome.kind === 'unavailable') {
        say(outcome.reason, outcome.detail);
        if (stopsAll(outcome.reason)) stopped = outcome.reason;
      }
      out.push(mergeReasoning(proposal, outcome, ctx));
    }
  } finally {
    if (!options.client) client.destroy();
  }
  return out;
}
