/** Which Bedrock model the reasoner asks, and where. */

/** Claude Sonnet 4.5's foundation model id; reached through a cross-Region inference profile (`us.`, `eu.`…). */
export const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
export const MODEL_ENV = 'ALPHA_BEDROCK_MODEL_ID';
export const DEFAULT_REGION = 'us-east-1';

/**
 * Claude Sonnet 4.5 is invoked through an inference profile, not on demand by model id. The geographic profile
 * keeps requests in the caller's geography (data residency); elsewhere the global profile is the one offered.
 */
export function defaultModelId(region: string): string {
  if (/^(us|ca)-/.test(region)) return `us.${SONNET_4_5}`;
  if (region.startsWith('eu-')) return `eu.${SONNET_4_5}`;
  if (region === 'ap-northeast-1' || region === 'ap-northeast-3') return `jp.${SONNET_4_5}`;
  if (region === 'ap-southeast-2' || region === 'ap-southeast-4') return `au.${SONNET_4_5}`;
  return `global.${SONNET_4_5}`;
}

/** `--bedrock-model` / input `bedrock-model` (explicit) → env ALPHA_BEDROCK_MODEL_ID → default for the Region. */
export function resolveModelId(explicit: string | undefined, env: NodeJS.ProcessEnv, region: string): string {
  const fromEnv = env[MODEL_ENV]?.trim();
  return explicit?.trim() || fromEnv || defaultModelId(region);
}

export function resolveRegion(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  return explicit?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || DEFAULT_REGION;
}
