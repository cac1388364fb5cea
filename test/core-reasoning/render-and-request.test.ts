import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { acceptedAdditionsFor } from '../../src/core/accepted/from-request.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import type { Proposal } from '../../src/core/proposal.js';
import { renderReasoningMarkdown, renderReasoningText } from '../../src/core/reasoning/render.js';
import type { ProposalReasoning } from '../../src/core/reasoning/types.js';
import { makeProposal } from '../github/proposal-fixture.js';

const OBJECTS = 'arn:aws:s3:::orders/invoices/*';
const reasoning: ProposalReasoning = {
  model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  used: true,
  narrative: 'Ask @octocat <img src=x onerror=alert(1)> [here](https://evil.example) #12\nSecond line.',
  probabilityOfBreak: 0.264,
  modelProbabilityOfBreak: 0.05,
  remediationNotes: ['Observe 90 days.'],
  conditionSuggestions: [
    { actions: ['s3:GetObject'], operator: 'Bool', key: 'aws:SecureTransport', values: ['true'], reason: 'TLS only' },
  ],
  suggestions: [
    { action: 's3:GetObjectVersion', resource: OBJECTS, reason: 'versioned | bucket', status: 'unobserved-suggestion' },
  ],
  rejected: [{ action: 'iam:*', reason: 'wildcard action' }],
  usage: { inputTokens: 4022, outputTokens: 325, estimatedCostUsd: 0.016941 },
};

describe('renderReasoningMarkdown', () => {
  it('says it is advice, escapes the model text, and lists suggestions, conditions and refusals', () => {
    const md = renderReasoningMarkdown(reasoning);
    expect(md).toContain('advice only: it changes neither the proposed policy nor the check');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('@octocat');
    expect(md).not.toContain('](https://');
    expect(md).toContain('| `s3:GetObjectVersion` | `arn:aws:s3:::orders/invoices/*` | versioned \\| bucket |');
    expect(md).toContain('(the model estimated 5%; ALPHA never lowers the deterministic estimate)');
    expect(md).toContain('`Bool aws:SecureTransport = true` on `s3:GetObject`');
    expect(md).toContain('1 model suggestion refused by ALPHA');
    expect(md).toContain('4022 input + 325 output tokens, ≈ $0.0169');
  });

  it('says why when unavailable, and renders nothing without reasoning', () => {
    const md = renderReasoningMarkdown({ ...reasoning, used: false, unavailableReason: 'throttled' });
    expect(md).toContain(
      'was unavailable (throttled): the result above is the deterministic one, with the same conclusion',
    );
    expect(renderReasoningMarkdown(null)).toBe('');
  });
});

describe('renderReasoningText', () => {
  it('one summary line and one per suggestion, terminal-safe', () => {
    const lines = renderReasoningText({
      ...reasoning,
      suggestions: [{ ...reasoning.suggestions[0]!, reason: 'x\u001b[2Jy' }],
    });
    expect(lines[0]).toMatch(
      /^Reasoning \(us\.anthropic\.claude-sonnet-4-5-20250929-v1:0, advice only\): probability of break 26\.4%; 1 unobserved suggestion, 1 refused/,
    );
    expect(lines[1]).toBe(`  suggestion: s3:GetObjectVersion on ${OBJECTS}: xy`);
    expect(lines.join('')).not.toContain('\u001b');
  });
});

describe('acceptedAdditionsFor', () => {
  let catalog: IamCatalog;
  let proposal: Proposal;
  beforeAll(async () => {
    catalog = await loadIamCatalog();
    proposal = { ...makeProposal(), reasoning };
  });
  const who = { repo: 'acme/shop', pullNumber: 7, acceptedBy: 'octocat', acceptedAt: '2026-11-23T10:00:00Z' };

  it.each([
    [
      'a named resource',
      { action: 's3:getobjectversion', resource: 'arn:aws:s3:::orders/x' },
      ['s3:GetObjectVersion', 'arn:aws:s3:::orders/x'],
    ],
    ['the suggestion resource when none is named', { action: 's3:GetObjectVersion' }, ['s3:GetObjectVersion', OBJECTS]],
    [
      'the suggestion resource for the App default *',
      { action: 's3:GetObjectVersion', resource: '*' },
      ['s3:GetObjectVersion', OBJECTS],
    ],
    ['* for an action without resource types', { action: 's3:ListAllMyBuckets' }, ['s3:ListAllMyBuckets', '*']],
  ])('uses %s', (_name, request, [action, resource]) => {
    const result = acceptedAdditionsFor(proposal, { ...request, origin: 'manual' }, who, catalog);
    expect(result).toEqual({
      ok: true,
      additions: [{ ...who, roleArn: proposal.role.arn, action, resource, origin: 'manual' }],
    });
  });

  it.each([
    ['a pattern', { action: 's3:Get*' }, /pattern/],
    ['an unknown action', { action: 's3:Nope' }, /not an action/],
    ['a resource-level action without a resource or suggestion', { action: 's3:DeleteObject' }, /accept it on an ARN/],
  ])('refuses %s', (_name, request, error) => {
    const result = acceptedAdditionsFor(proposal, { ...request, origin: 'manual' }, who, catalog);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});
