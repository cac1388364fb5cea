import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { outcomeOf } from '../../src/core/analyze.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { guardrailConfigFor } from '../../src/core/guardrails/presets.js';
import type { Proposal } from '../../src/core/proposal.js';
import { mergeReasoning, type ReasoningContext } from '../../src/core/reasoning/merge.js';
import { answer, BUCKET, KEY, OBJECTS, PROD, USAGE } from './fixtures.js';
import { ordersApiProposal } from './orders-api.js';

let proposal: Proposal;
let catalog: IamCatalog;
let ctx: ReasoningContext;
beforeAll(async () => {
  [proposal, catalog] = await Promise.all([ordersApiProposal(), loadIamCatalog()]);
  ctx = { catalog, guardrails: PROD, riskThreshold: 0.1 };
});

const merged = (overrides: Parameters<typeof answer>[0], c: Partial<ReasoningContext> = {}) =>
  mergeReasoning(proposal, { kind: 'answer', model: 'm', answer: answer(overrides), usage: USAGE }, { ...ctx, ...c });

/** Everything but `reasoning`: what must not move whatever the model says. */
function deterministic(p: Proposal): Omit<Proposal, 'reasoning'> {
  const { reasoning: _r, ...rest } = p;
  return rest;
}

describe('suggestions: kept only when concrete, in the catalog, within the guardrails and not granted', () => {
  it.each([
    ['iam:*', '*', /wildcard action/],
    ['*', '*', /wildcard action/],
    ['s3:Get*', OBJECTS, /wildcard action/],
    ['s3:GetObjectz', OBJECTS, /not an action in IAM catalog/],
    ['madeup:DoThing', '*', /not an action in IAM catalog/],
    [
      'iam:PassRole',
      'arn:aws:iam::111122223333:role/admin',
      /guardrails \(prod\): (BLOCKED_ACTION|DISALLOWED_SERVICE)/,
    ],
    ['sts:AssumeRole', 'arn:aws:iam::111122223333:role/admin', /guardrails \(prod\): BLOCKED_ACTION/],
    ['organizations:ListAccounts', '*', /guardrails \(prod\): DISALLOWED_SERVICE/],
    ['s3:GetObject', OBJECTS, /already granted/],
    ['s3:GetObject', `${OBJECTS.slice(0, -1)}a.pdf`, /already granted/],
    ['s3:GetObjectVersion', '*', /every resource/],
    ['s3:GetObjectVersion', 'arn:aws:s3:::*', /every resource/],
    ['s3:GetObjectVersion', 'orders-archive', /not an ARN/],
    ['kms:DescribeKey', '', /no resource/],
    [
      's3:GetObjectVersion',
      KEY,
      /not an ARN of a resource type s3:GetObjectVersion acts on \(accesspointobject, object\)/,
    ],
    ['kms:DescribeKey', OBJECTS, /not an ARN of a resource type kms:DescribeKey acts on \(key\)/],
  ])('%s on "%s" is rejected', (action, resource, reason) => {
    const result = merged({ suggestions: [{ action, resource, reason: 'because' }] });
    expect(result.reasoning?.suggestions).toEqual([]);
    expect(result.reasoning?.rejected).toHaveLength(1);
    expect(result.reasoning?.rejected[0]?.reason).toMatch(reason);
  });

  it('keeps a valid edge case as an unobserved suggestion, canonical, sorted, de-duplicated', () => {
    const result = merged({
      suggestions: [
        { action: 's3:getobjectversion', resource: OBJECTS, reason: 'versioned bucket' },
        { action: 'kms:DescribeKey', resource: KEY, reason: 'SDK checks the key' },
        { action: 's3:GetObjectVersion', resource: OBJECTS, reason: 'duplicate' },
        { action: 's3:PutObject', resource: `${BUCKET}/invoices/2026/11/*`, reason: 'next month' },
      ],
    });
    expect(result.reasoning?.suggestions).toEqual([
      { action: 'kms:DescribeKey', resource: KEY, reason: 'SDK checks the key', status: 'unobserved-suggestion' },
      { action: 's3:GetObjectVersion', resource: OBJECTS, reason: 'versioned bucket', status: 'unobserved-suggestion' },
      // Granted on this month's prefix only: next month's is a real edge case.
      {
        action: 's3:PutObject',
        resource: `${BUCKET}/invoices/2026/11/*`,
        reason: 'next month',
        status: 'unobserved-suggestion',
      },
    ]);
    expect(result.reasoning?.rejected).toEqual([]);
  });

  it('under the none preset, IAM actions are not blocked but wildcards still are', () => {
    const result = merged(
      {
        suggestions: [
          { action: 'iam:GetRole', resource: 'arn:aws:iam::111122223333:role/orders-api', reason: 'x' },
          { action: 'iam:*', resource: '*', reason: 'x' },
        ],
      },
      { guardrails: guardrailConfigFor('none') },
    );
    expect(result.reasoning?.suggestions.map((s) => s.action)).toEqual(['iam:GetRole']);
    expect(result.reasoning?.rejected.map((r) => r.action)).toEqual(['iam:*']);
  });

  it('caps the suggestions at 10 and says so', () => {
    const actions = catalog.actionsOf('s3').filter((a) => a.resourceTypes.some((t) => t.name === 'object'));
    const result = merged({
      suggestions: actions.slice(0, 14).map((a) => ({ action: a.key, resource: `${BUCKET}/x`, reason: 'r' })),
    });
    expect(result.reasoning?.suggestions.length).toBeLessThanOrEqual(10);
    expect(result.reasoning?.rejected.some((r) => /more than 10 suggestions/.test(r.reason))).toBe(true);
  });
});

describe('risk: the model may raise it, never lower it, and the conclusion never moves', () => {
  it.each([
    ['lowered to 0', 0, 0.264],
    ['lowered a little', 0.2, 0.264],
    ['raised', 0.45, 0.45],
    ['raised to certain', 1, 1],
  ])('%s', (_name, fromModel, shown) => {
    const result = merged({ probabilityOfBreak: fromModel });
    expect(result.reasoning?.probabilityOfBreak).toBe(shown);
    expect(result.reasoning?.modelProbabilityOfBreak).toBe(fromModel);
    expect(result.proposal.riskSignal).toEqual(proposal.proposal.riskSignal);
    for (const threshold of [0.1, 0.3, 0.5])
      expect(outcomeOf([result], threshold)).toBe(outcomeOf([proposal], threshold));
  });
});

describe('the rest of the answer', () => {
  it('sanitizes the narrative and notes, and validates condition suggestions', () => {
    const result = merged({
      narrative: `ok\u202e\u0007 <<<ALPHA_DATA_END>>>\n\n\n\nnext`,
      remediationNotes: ['a', 'a', 'b\nc'],
      conditionSuggestions: [
        {
          actions: ['s3:getobject'],
          operator: 'StringEquals',
          key: 'aws:SourceVpce',
          values: ['vpce-1'],
          reason: 'VPC only',
        },
        { actions: ['s3:GetObject'], operator: 'Allow everything', key: 'iam:*', values: [], reason: 'x' },
      ],
    });
    expect(result.reasoning?.narrative).toBe('ok ___\n\nnext');
    expect(result.reasoning?.remediationNotes).toEqual(['a', 'b c']);
    expect(result.reasoning?.conditionSuggestions).toEqual([
      {
        actions: ['s3:GetObject'],
        operator: 'StringEquals',
        key: 'aws:SourceVpce',
        values: ['vpce-1'],
        reason: 'VPC only',
      },
    ]);
    expect(result.reasoning?.rejected).toEqual([
      { action: 'condition Allow everything iam:*', reason: 'not an IAM condition operator and key' },
    ]);
    expect(result.reasoning?.usage).toEqual(USAGE);
    expect(result.reasoning?.used).toBe(true);
  });

  it('an unavailable model leaves the deterministic result and says why', () => {
    const result = mergeReasoning(proposal, { kind: 'unavailable', model: 'm', reason: 'throttled' }, ctx);
    expect(result.reasoning).toEqual({
      model: 'm',
      used: false,
      unavailableReason: 'throttled',
      narrative: '',
      probabilityOfBreak: 0.264,
      remediationNotes: [],
      conditionSuggestions: [],
      suggestions: [],
      rejected: [],
      usage: { inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 },
    });
    expect(deterministic(result)).toEqual(deterministic(proposal));
  });

  it('never changes anything but reasoning, whatever the answer', () => {
    const result = merged({
      probabilityOfBreak: 0,
      suggestions: [
        { action: 'iam:*', resource: '*', reason: 'admin' },
        { action: 's3:GetObjectVersion', resource: OBJECTS, reason: 'ok' },
      ],
    });
    expect(deterministic(result)).toEqual(deterministic(proposal));
    expect(result.proposal.proposedPolicy).toBe(proposal.proposal.proposedPolicy);
  });
});
