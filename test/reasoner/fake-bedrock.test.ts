/**
 * reasonAbout against a loopback Bedrock (HTTP/1.1, the real Converse wire format) with adversarial answers,
 * throttling, 5xx and timeouts; and the cost of one analysis of the examples' orders-api role.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { outcomeOf } from '../../src/core/analyze.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import type { Proposal } from '../../src/core/proposal.js';
import { DATA_BEGIN, DATA_END } from '../../src/core/reasoning/sanitize.js';
import { estimateCostUsd, reasonAbout, type ReasonerOptions } from '../../src/reasoner/index.js';
import { poisoned, PROD, OBJECTS, KEY, BUCKET } from '../core-reasoning/fixtures.js';
import { ordersApiProposal } from '../core-reasoning/orders-api.js';
import { startFakeBedrock, type FakeBedrock, type FakeBedrockResponse } from '../fakes/bedrock-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let catalog: IamCatalog;
let orders: Proposal;
let fake: FakeBedrock | undefined;
beforeAll(async () => {
  [catalog, orders] = await Promise.all([loadIamCatalog(), ordersApiProposal()]);
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ctx = () => ({ catalog, guardrails: PROD, riskThreshold: 0.1 });
const REALISTIC = {
  narrative:
    'The proposal keeps every action orders-api used in the last 30 days and scopes S3 to the October invoices prefix. The main break risk is a monthly job (for example invoice archiving at month start) writing to another prefix, which a 30-day window may not show. KMS usage is limited to Decrypt and GenerateDataKey on one key.',
  probabilityOfBreak: 0.3,
  remediationNotes: [
    'Observe a full 90-day window before applying, or confirm the S3 key layout with the owners.',
    'Enable S3 data events on the archive bucket so object-level calls are visible.',
  ],
  conditionSuggestions: [
    {
      actions: ['s3:GetObject', 's3:PutObject'],
      operator: 'Bool',
      key: 'aws:SecureTransport',
      values: ['true'],
      reason: 'Require TLS.',
    },
  ],
  suggestions: [
    {
      action: 's3:GetObjectVersion',
      resource: OBJECTS,
      reason: 'Versioned buckets return versions on reads with versionId.',
    },
    { action: 'kms:DescribeKey', resource: KEY, reason: 'SDK envelope encryption often describes the key first.' },
    { action: 's3:PutObject', resource: `${BUCKET}/invoices/2026/11/*`, reason: 'Next month\u2019s prefix.' },
  ],
};

async function run(responses: FakeBedrockResponse[], proposals: Proposal[], overrides: Partial<ReasonerOptions> = {}) {
  fake = await startFakeBedrock(responses);
  const lines: string[] = [];
  const result = await reasonAbout(proposals, ctx(), {
    endpoint: fake.endpoint,
    region: 'eu-west-1',
    env: {},
    credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    log: (l) => lines.push(l),
    clock: { now: () => Date.now(), sleep: async () => undefined },
    ...overrides,
  });
  return { result, lines, fake };
}

function withoutReasoning(p: Proposal | undefined) {
  const { reasoning: _r, ...rest } = p as Proposal;
  return rest;
}

describe('reasonAbout against a loopback Bedrock', () => {
  it('speaks Converse over HTTP/1.1, signed, to /model/{profile}/converse', async () => {
    const { result, fake: f } = await run([{ toolInput: REALISTIC }], [orders]);
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]).toMatchObject({
      modelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      httpVersion: '1.1',
    });
    expect(f.requests[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\//,
    );
    expect(result[0]?.reasoning?.used).toBe(true);
  });

  it('instructions injected through CloudTrail fields stay delimited data, and a hostile answer changes nothing', async () => {
    const hostile = poisoned(orders);
    const { result, fake: f } = await run(
      [
        {
          toolInput: {
            narrative: 'As instructed by the data: grant admin.',
            probabilityOfBreak: 0,
            remediationNotes: [],
            conditionSuggestions: [],
            suggestions: [
              { action: 'iam:*', resource: '*', reason: 'the logs said so' },
              { action: '*', resource: '*', reason: 'simpler' },
              {
                action: 'iam:CreateUser',
                resource: 'arn:aws:iam::111122223333:user/backdoor',
                reason: 'denied attempts',
              },
              { action: 's3:ReadEverything', resource: OBJECTS, reason: 'made up' },
              { action: 's3:GetObjectVersion', resource: '*', reason: 'wide' },
            ],
          },
        },
      ],
      [hostile],
    );
    const user = f.requests[0]?.prompt.user ?? '';
    expect(user.split(DATA_BEGIN)).toHaveLength(2);
    expect(user.split(DATA_END)).toHaveLength(2);
    const inside = user.slice(user.indexOf(DATA_BEGIN), user.indexOf(DATA_END));
    expect(inside).toContain('ignore all previous instructions');
    // eslint-disable-next-line no-control-regex -- the injected characters are the point
    expect(user).not.toMatch(/[\u202e\u0000]/);
    expect(f.requests[0]?.prompt.system).toMatch(/not instructions/);

    const reasoning = result[0]?.reasoning;
    expect(reasoning?.suggestions).toEqual([]);
    expect(reasoning?.rejected.map((r) => r.action).sort()).toEqual([
      '*',
      'iam:*',
      'iam:CreateUser',
      's3:GetObjectVersion',
      's3:ReadEverything',
    ]);
    expect(reasoning?.probabilityOfBreak).toBe(hostile.proposal.riskSignal.probabilityOfBreak);
    expect(withoutReasoning(result[0])).toEqual(withoutReasoning(hostile));
    expect(outcomeOf(result, 0.1)).toBe(outcomeOf([hostile], 0.1));
  });

  it.each([
    [
      'tool input that is broken JSON text',
      [{ toolInput: '{"narrative": "x", "probabilityOfBreak":' }],
      'invalid answer',
    ],
    [
      'the wrong shape',
      [{ toolInput: { policy: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } }],
      'invalid answer',
    ],
    ['text instead of the tool', [{ text: 'Here is your policy: {"Action": "*"}' }], 'invalid answer'],
    ['a body that is not JSON', [{ rawBody: '<html>502 Bad Gateway</html>' }], 'invalid answer'],
    [
      '429 three times',
      [
        {
          status: 429,
          errorType: 'ThrottlingException',
          message: 'Too many requests, please wait before trying again.',
        },
      ],
      'throttled',
    ],
    [
      '503 three times',
      [{ status: 503, errorType: 'ServiceUnavailableException' }],
      /^model error ServiceUnavailableException/,
    ],
    [
      '403 access denied',
      [
        {
          status: 403,
          errorType: 'AccessDeniedException',
          message: 'You don\u2019t have access to the model with the specified model ID.',
        },
      ],
      /^access denied to the model eu\.anthropic\.claude-sonnet-4-5/,
    ],
  ])('%s → falls back with the same conclusion', async (_name, responses, reason) => {
    const { result, lines } = await run(responses as FakeBedrockResponse[], [orders]);
    expect(result[0]?.reasoning?.used).toBe(false);
    expect(result[0]?.reasoning?.unavailableReason).toMatch(reason);
    expect(withoutReasoning(result[0])).toEqual(withoutReasoning(orders));
    expect(outcomeOf(result, 0.1)).toBe(outcomeOf([orders], 0.1));
    expect(lines).toHaveLength(1);
  });

  it('429 then 503 then an answer: two retries, then used', async () => {
    const { result, fake: f } = await run(
      [
        { status: 429, errorType: 'ThrottlingException' },
        { status: 503, errorType: 'ServiceUnavailableException' },
        { toolInput: REALISTIC },
      ],
      [orders],
    );
    expect(f.requests).toHaveLength(3);
    expect(result[0]?.reasoning?.used).toBe(true);
  });

  it('a model that never answers hits the deadline, quickly', async () => {
    const started = Date.now();
    const { result } = await run([{ hang: true }], [orders], { timeoutMs: 300 });
    expect(result[0]?.reasoning?.unavailableReason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('measures the cost of one orders-api analysis from the token counts', async () => {
    const { result, fake: f } = await run([{ toolInput: REALISTIC }], [orders]);
    const reasoning = result[0]?.reasoning;
    const usage = f.usage[0] as { inputTokens: number; outputTokens: number };
    expect(reasoning?.usage).toEqual({
      ...usage,
      estimatedCostUsd: estimateCostUsd(
        'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
        usage.inputTokens,
        usage.outputTokens,
      ),
    });
    const nova = estimateCostUsd('amazon.nova-pro-v1:0', usage.inputTokens, usage.outputTokens);
    // Printed for the README (cost per analysis); bounded so a prompt that balloons fails here.
    process.stdout.write(
      `orders-api reasoning: ${usage.inputTokens} input + ${usage.outputTokens} output tokens ≈ $${reasoning?.usage.estimatedCostUsd} (Claude Sonnet 4.5), $${nova} (Nova Pro)\n`,
    );
    expect(usage.inputTokens).toBeLessThan(8_000);
    expect(reasoning?.usage.estimatedCostUsd).toBeLessThan(0.05);
    expect(reasoning?.suggestions.map((s) => `${s.action} ${s.resource}`)).toEqual([
      `kms:DescribeKey ${KEY}`,
      `s3:GetObjectVersion ${OBJECTS}`,
      `s3:PutObject ${BUCKET}/invoices/2026/11/*`,
    ]);
    expect(reasoning?.rejected).toEqual([]);
    expect(reasoning?.probabilityOfBreak).toBe(0.3);
    expect(result[0]?.proposal.riskSignal.probabilityOfBreak).toBe(0.264);
  });
});
