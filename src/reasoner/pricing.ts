/**
 * Approximate on-demand prices of the models ALPHA is documented with, in USD per million tokens, used only to
 * show an order of magnitude next to the token counts. Recorded 2026-11-23 from AWS's published Bedrock list
 * prices as known at the time (Claude Sonnet 4.5: launch price of 2025-09; Amazon Nova: 2024-12), us-east-1,
 * standard tier, without batch, caching or long-context premiums, and ignoring the small surcharge some
 * Regional (geo) inference profiles carry over the global one. Check https://aws.amazon.com/bedrock/pricing/
 * for the current figures; an unknown model costs 0 here (reported, not guessed).
 */
export interface ModelPrice {
  /** USD per 1,000,000 input tokens. */
  input: number;
  /** USD per 1,000,000 output tokens. */
  output: number;
}

export const PRICES_RECORDED_ON = '2026-11-23';

/** Keyed by the foundation model id prefix, without the inference profile's geo prefix or version suffix. */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'anthropic.claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic.claude-sonnet-4': { input: 3, output: 15 },
  'anthropic.claude-3-7-sonnet': { input: 3, output: 15 },
  'anthropic.claude-3-5-sonnet': { input: 3, output: 15 },
  'anthropic.claude-haiku-4-5': { input: 1, output: 5 },
  'anthropic.claude-3-5-haiku': { input: 0.8, output: 4 },
  'anthropic.claude-opus-4-5': { input: 5, output: 25 },
  'anthropic.claude-opus-4-1': { input: 15, output: 75 },
  'amazon.nova-premier': { input: 2.5, output: 12.5 },
  'amazon.nova-pro': { input: 0.8, output: 3.2 },
  'amazon.nova-lite': { input: 0.06, output: 0.24 },
  'amazon.nova-micro': { input: 0.035, output: 0.14 },
};

const GEO_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;

/** `us.anthropic.claude-sonnet-4-5-20250929-v1:0` or its ARN → its price entry, if known. */
export function priceOf(modelId: string): ModelPrice | undefined {
  const id = (modelId.includes('/') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId).replace(GEO_PREFIX, '');
  // Longest prefix first: `claude-sonnet-4-5` must not be priced as `claude-sonnet-4`.
  const key = Object.keys(MODEL_PRICES)
    .sort((a, b) => b.length - a.length)
    .find((k) => id.startsWith(k));
  return key === undefined ? undefined : MODEL_PRICES[key];
}

/** USD, rounded to a millionth of a dollar (stable JSON). */
export function estimateCostUsd(modelId: string, inputTokens: number, outputTokens: number): number {
  const price = priceOf(modelId);
  if (!price) return 0;
  return Math.round(((inputTokens * price.input + outputTokens * price.output) / 1_000_000) * 1e6) / 1e6;
}
