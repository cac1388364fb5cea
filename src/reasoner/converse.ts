/**
 * One bounded Converse call: the answer schema as a forced tool (toolChoice `{tool: {name}}`, supported by
 * Anthropic Claude 3+ and Amazon Nova), a token cap, a deadline, and at most 2 retries with full jitter on
 * throttling and 5xx. Every failure becomes a ModelOutcome with a reason; nothing here throws for model or
 * network trouble.
 */
import {
  ConverseCommand,
  type BedrockRuntimeClient,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import {
  ANSWER_TOOL_NAME,
  answerJsonSchema,
  parseReasoningAnswer,
  type ReasoningAnswer,
} from '../core/reasoning/answer.js';
import type { ModelOutcome } from '../core/reasoning/merge.js';
import type { ReasoningPrompt } from '../core/reasoning/prompt.js';
import type { ReasoningUnavailableReason, ReasoningUsage } from '../core/reasoning/types.js';
import { awsErrorCode, isAccessDenied, isThrottling } from '../aws/errors.js';
import { fullJitter, type Clock } from '../aws/sleep.js';
import { estimateCostUsd } from './pricing.js';

export const MAX_RETRIES = 2;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

export interface ConverseOptions {
  client: BedrockRuntimeClient;
  model: string;
  maxTokens: number;
  /** Deadline for the call, retries included. */
  timeoutMs: number;
  clock: Clock;
  random: () => number;
}

const RETRYABLE = new Set([
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
]);

function isTimeout(error: unknown): boolean {
  const code = awsErrorCode(error);
  return (
    code === 'AbortError' || code === 'TimeoutError' || code === 'RequestTimeout' || code === 'ModelTimeoutException'
  );
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function retryable(error: unknown): boolean {
  const code = awsErrorCode(error) ?? '';
  const http = status(error) ?? 0;
  return isThrottling(error) || RETRYABLE.has(code) || http === 429 || http >= 500;
}

/** The reason a reader sees, for an error that ended the attempts. */
export function unavailableReasonOf(error: unknown, model: string): ReasoningUnavailableReason {
  const code = awsErrorCode(error) ?? 'Error';
  const message = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 300) : String(error);
  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(message)) return 'no AWS credentials';
  if (isAccessDenied(error) || status(error) === 403)
    return `access denied to the model ${model}: ${message} (allow bedrock:InvokeModel on the inference profile and its models, and enable model access in the Bedrock console)`;
  if (isTimeout(error)) return 'timeout';
  // A 200 whose body is not the Converse JSON (a proxy's HTML page, a truncated body): nothing usable came back.
  if (code === 'SyntaxError' || /Deserialization error/.test(message)) return 'invalid answer';
  if (isThrottling(error) || status(error) === 429) return 'throttled';
  return `model error ${code}: ${message}`;
}

function usageOf(output: ConverseCommandOutput | undefined, model: string): ReasoningUsage {
  const inputTokens = output?.usage?.inputTokens ?? 0;
  const outputTokens = output?.usage?.outputTokens ?? 0;
  return { inputTokens, outputTokens, estimatedCostUsd: estimateCostUsd(model, inputTokens, outputTokens) };
}

function addUsage(a: ReasoningUsage, b: ReasoningUsage, model: string): ReasoningUsage {
  const inputTokens = a.inputTokens + b.inputTokens;
  const outputTokens = a.outputTokens + b.outputTokens;
  return { inputTokens, outputTokens, estimatedCostUsd: estimateCostUsd(model, inputTokens, outputTokens) };
}

/** A tool the model is forced to call; its input, parsed, is the answer. */
export interface AnswerTool<T> {
  name: string;
  description: string;
  schema: Record<string, unknown>;
  parse: (input: unknown) => { ok: true; value: T } | { ok: false; error: string };
}

export type ToolOutcome<T> =
  { kind: 'answer'; model: string; value: T; usage: ReasoningUsage } | Extract<ModelOutcome, { kind: 'unavailable' }>;

/** The tool input the model produced, or why it is not a usable answer. */
export function toolInputOf<T>(output: ConverseCommandOutput, tool: AnswerTool<T>): ReturnType<AnswerTool<T>['parse']> {
  const content = output.output?.message?.content ?? [];
  const use = content.find((c) => c.toolUse !== undefined)?.toolUse;
  if (!use)
    return { ok: false, error: `no ${tool.name} tool call in the answer (stopReason ${output.stopReason ?? '?'})` };
  if (use.name !== tool.name) return { ok: false, error: `the model called tool "${String(use.name)}"` };
  if (output.stopReason === 'max_tokens') return { ok: false, error: 'the answer was cut at maxTokens' };
  return tool.parse(use.input);
}

/** One bounded, forced-tool Converse call. */
export async function converseWithTool<T>(
  prompt: ReasoningPrompt,
  tool: AnswerTool<T>,
  options: ConverseOptions,
): Promise<ToolOutcome<T>> {
  const { client, model, clock } = options;
  const deadline = clock.now() + options.timeoutMs;
  let usage: ReasoningUsage = { inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 };
  const command = new ConverseCommand({
    modelId: model,
    system: [{ text: prompt.system }],
    messages: [{ role: 'user', content: [{ text: prompt.user }] }],
    inferenceConfig: { maxTokens: options.maxTokens, temperature: 0 },
    toolConfig: {
      tools: [
        { toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: tool.schema as never } } },
      ],
      toolChoice: { tool: { name: tool.name } },
    },
  });
  for (let attempt = 0; ; attempt++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) return { kind: 'unavailable', model, reason: 'timeout', usage };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), remaining);
    try {
      const output = await client.send(command, { abortSignal: abort.signal });
      usage = addUsage(usage, usageOf(output, model), model);
      const parsed = toolInputOf(output, tool);
      if (!parsed.ok) return { kind: 'unavailable', model, reason: 'invalid answer', usage, detail: parsed.error };
      return { kind: 'answer', model, value: parsed.value, usage };
    } catch (error) {
      if (abort.signal.aborted) return { kind: 'unavailable', model, reason: 'timeout', usage };
      if (attempt >= MAX_RETRIES || !retryable(error)) {
        return { kind: 'unavailable', model, reason: unavailableReasonOf(error, model), usage };
      }
      const wait = fullJitter(attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS, options.random);
      if (clock.now() + wait >= deadline)
        return { kind: 'unavailable', model, reason: isThrottling(error) ? 'throttled' : 'timeout', usage };
      await clock.sleep(wait);
    } finally {
      clearTimeout(timer);
    }
  }
}

export const REASONING_TOOL: AnswerTool<ReasoningAnswer> = {
  name: ANSWER_TOOL_NAME,
  description: 'Report your assessment of the proposed least-privilege policy. Call exactly once.',
  schema: answerJsonSchema(),
  parse: (input) => {
    const checked = parseReasoningAnswer(input);
    return checked.ok ? { ok: true, value: checked.answer } : checked;
  },
};

export async function converseForAnswer(prompt: ReasoningPrompt, options: ConverseOptions): Promise<ModelOutcome> {
  const outcome = await converseWithTool(prompt, REASONING_TOOL, options);
  if (outcome.kind === 'unavailable') return outcome;
  return { kind: 'answer', model: outcome.model, answer: outcome.value, usage: outcome.usage };
}
