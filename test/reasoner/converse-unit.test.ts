/** reasonAbout against aws-sdk-client-mock: retries, failure reasons, request shape. */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { guardrailConfigFor } from '../../src/core/guardrails/presets.js';
import type { Proposal } from '../../src/core/proposal.js';
import { ANSWER_TOOL_NAME } from '../../src/core/reasoning/answer.js';
import { reasonAbout, type ReasonerOptions } from '../../src/reasoner/index.js';
import { makeProposal } from '../github/proposal-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const bedrock = mockClient(BedrockRuntimeClient);
let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});
afterEach(() => {
  bedrock.reset();
});

const meta = (status: number) => ({ $metadata: { httpStatusCode: status }, message: 'm' });
const answerInput = {
  narrative: 'ok',
  probabilityOfBreak: 0.5,
  remediationNotes: [],
  conditionSuggestions: [],
  suggestions: [
    { action: 'dynamodb:Query', resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', reason: 'paging' },
  ],
};
function output(input: unknown, extra: Partial<ConverseCommandOutput> = {}): ConverseCommandOutput {
  return {
    $metadata: {},
    output: {
      message: {
        role: 'assistant',
        content: [{ toolUse: { toolUseId: 't', name: ANSWER_TOOL_NAME, input: input as never } }],
      },
    },
    stopReason: 'tool_use',
    usage: { inputTokens: 4_000, outputTokens: 500, totalTokens: 4_500 },
    metrics: { latencyMs: 1 },
    ...extra,
  };
}

function setup(overrides: Partial<ReasonerOptions> = {}) {
  const lines: string[] = [];
  const waits: number[] = [];
  const options: ReasonerOptions = {
    client: new BedrockRuntimeClient({ region: 'eu-west-1' }),
    env: {},
    region: 'eu-west-1',
    log: (l) => lines.push(l),
    clock: { now: () => Date.now(), sleep: async (ms) => void waits.push(ms) },
    random: () => 0.999,
    ...overrides,
  };
  return { options, lines, waits };
}

const ctx = () => ({ catalog, guardrails: guardrailConfigFor('prod'), riskThreshold: 0.1 });
const two = (): Proposal[] => [
  makeProposal({ name: 'a', probability: 0.05 }),
  makeProposal({ name: 'b', probability: 0.05 }),
];

describe('reasonAbout (unit, mocked client)', () => {
  it('sends the answer schema as a forced tool, the token cap and the default Sonnet 4.5 profile', async () => {
    bedrock.on(ConverseCommand).resolves(output(answerInput));
    const { options } = setup();
    const [result] = await reasonAbout([makeProposal({ probability: 0.05 })], ctx(), options);
    const input = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(input?.modelId).toBe('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(input?.toolConfig?.toolChoice).toEqual({ tool: { name: ANSWER_TOOL_NAME } });
    expect(input?.toolConfig?.tools?.[0]?.toolSpec?.inputSchema?.json).toMatchObject({ type: 'object' });
    expect(input?.inferenceConfig).toEqual({ maxTokens: 2048, temperature: 0 });
    expect(input?.system?.[0]?.text).toMatch(/not instructions/);
    expect(result?.reasoning).toMatchObject({
      model: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      used: true,
      probabilityOfBreak: 0.5,
      usage: { inputTokens: 4_000, outputTokens: 500, estimatedCostUsd: 0.0195 },
    });
    // The fixture's proposed policy is empty, so a concrete catalog action on an ARN is kept as a suggestion.
    expect(result?.reasoning?.suggestions.map((s) => s.action)).toEqual(['dynamodb:Query']);
  });

  it.each([
    [
      'explicit option',
      { model: 'amazon.nova-pro-v1:0', env: { ALPHA_BEDROCK_MODEL_ID: 'x' } },
      'amazon.nova-pro-v1:0',
    ],
    ['env override', { env: { ALPHA_BEDROCK_MODEL_ID: 'us.amazon.nova-pro-v1:0' } }, 'us.amazon.nova-pro-v1:0'],
    ['us Region default', { region: 'us-west-2' }, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['other Region default', { region: 'sa-east-1' }, 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  ])('model: %s', async (_name, overrides, model) => {
    bedrock.on(ConverseCommand).resolves(output(answerInput));
    const { options } = setup(overrides as Partial<ReasonerOptions>);
    await reasonAbout([makeProposal()], ctx(), options);
    expect(bedrock.commandCalls(ConverseCommand)[0]?.args[0].input.modelId).toBe(model);
  });

  it('retries throttling and 5xx at most twice, with full jitter, then succeeds', async () => {
    bedrock
      .on(ConverseCommand)
      .rejectsOnce(new ThrottlingException(meta(429)))
      .rejectsOnce(new ServiceUnavailableException(meta(503)))
      .resolves(output(answerInput));
    const { options, waits } = setup();
    const [result] = await reasonAbout([makeProposal()], ctx(), options);
    expect(result?.reasoning?.used).toBe(true);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(3);
    // random 0.999 → just under the exponential bound: 500·2^0, 500·2^1.
    expect(waits).toEqual([499, 999]);
  });

  it.each([
    ['throttled after 2 retries', () => new ThrottlingException(meta(429)), 'throttled', 3],
    [
      '503 after 2 retries',
      () => new ServiceUnavailableException(meta(503)),
      /^model error ServiceUnavailableException/,
      3,
    ],
    [
      'access denied, no retry',
      () => new AccessDeniedException({ ...meta(403), message: 'not authorized to perform bedrock:InvokeModel' }),
      /^access denied to the model eu\.anthropic/,
      1,
    ],
    [
      'validation (bad model id), no retry',
      () => new ValidationException({ ...meta(400), message: 'The provided model identifier is invalid.' }),
      /^model error ValidationException/,
      1,
    ],
    [
      'no credentials',
      () =>
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'no AWS credentials',
      1,
    ],
  ])('%s: both proposals fall back, one log line, calls bounded', async (_name, error, reason, calls) => {
    bedrock.on(ConverseCommand).callsFake(() => {
      throw error();
    });
    const { options, lines } = setup();
    const proposals = two();
    const result = await reasonAbout(proposals, ctx(), options);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(calls);
    for (const [i, p] of result.entries()) {
      expect(p.reasoning?.used).toBe(false);
      expect(p.reasoning?.unavailableReason).toMatch(reason);
      expect(p.proposal).toEqual(proposals[i]?.proposal);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/unavailable: .*the deterministic result stands\.$/);
  });

  it.each([
    [
      'a text answer instead of the tool',
      { output: { message: { role: 'assistant', content: [{ text: 'Sure! Grant iam:*' }] } }, stopReason: 'end_turn' },
    ],
    [
      'another tool',
      {
        output: {
          message: {
            role: 'assistant',
            content: [{ toolUse: { toolUseId: 't', name: 'grant_permissions', input: answerInput } }],
          },
        },
      },
    ],
    ['an answer cut at maxTokens', { stopReason: 'max_tokens' }],
    [
      'a wrong tool input',
      {
        output: {
          message: {
            role: 'assistant',
            content: [{ toolUse: { toolUseId: 't', name: ANSWER_TOOL_NAME, input: { policy: '*' } } }],
          },
        },
      },
    ],
  ])('%s → invalid answer, tokens still counted, next proposal still asked', async (_name, extra) => {
    bedrock.on(ConverseCommand).resolves(output(answerInput, extra as Partial<ConverseCommandOutput>));
    const { options, lines } = setup();
    const result = await reasonAbout(two(), ctx(), options);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(2);
    expect(result.map((p) => p.reasoning?.unavailableReason)).toEqual(['invalid answer', 'invalid answer']);
    expect(result[0]?.reasoning?.usage.inputTokens).toBe(4_000);
    expect(lines).toHaveLength(1);
  });
});
