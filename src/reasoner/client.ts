/** The Bedrock Runtime client and the options every reasoner call shares. */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Clock } from '../aws/sleep.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_TOKENS = 2_048;

export interface ReasonerOptions {
  /** Model or inference profile id. Default: Claude Sonnet 4.5's cross-Region profile for the Region; env ALPHA_BEDROCK_MODEL_ID overrides the default. */
  model?: string;
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1. */
  region?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** e.g. a loopback fake: `http://127.0.0.1:PORT`. */
  endpoint?: string;
  /** Deadline per proposal, retries included. Default 60 s. */
  timeoutMs?: number;
  /** Cap on the answer's tokens. Default 2,048. */
  maxTokens?: number;
  /** A ready client (tests, or a caller sharing one); its own retry settings then apply on top of ours. */
  client?: BedrockRuntimeClient;
  /** Where the one informative line per failure kind goes. Default: stderr. */
  log?: (line: string) => void;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Injected so retries never wait in tests. */
  clock?: Clock;
  random?: () => number;
}

/** The client ALPHA builds: HTTP/1.1 (Converse needs no HTTP/2), our own retries only. */
export function createBedrockClient(options: ReasonerOptions, region: string): BedrockRuntimeClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new BedrockRuntimeClient({
    region,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: Math.min(10_000, timeoutMs), requestTimeout: timeoutMs }),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
}
