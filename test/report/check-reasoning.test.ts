/**
 * The check report's optional parts for the App: the reasoner's section (only when the reasoner was asked), the
 * exact `/alpha accept` comment per unobserved suggestion, and the IaC line's hint. Without them the report is
 * the Action's, byte for byte (the goldens in test/fixtures/github cover that).
 */
import { describe, expect, it } from '@jest/globals';
import type { Proposal } from '../../src/core/proposal.js';
import type { ProposalReasoning } from '../../src/core/reasoning/types.js';
import { renderCheckReport, type CheckReportInput } from '../../src/core/report/markdown-check.js';
import { makeProposal } from '../github/proposal-fixture.js';

const base = { mode: 'report', riskThreshold: 0.1, conclusion: 'success' } as const;
const iac = {
  'arn:aws:iam::111122223333:role/orders-api': { file: 'infra/main.tf', line: 17, outcome: 'patched' },
} as const;

const used: ProposalReasoning = {
  model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  used: true,
  narrative: 'Listing the bucket is a usual next step. @octocat <script>x</script>',
  probabilityOfBreak: 0.2,
  modelProbabilityOfBreak: 0.2,
  remediationNotes: [],
  conditionSuggestions: [],
  suggestions: [
    {
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::orders-data',
      reason: 'SDKs list first.',
      status: 'unobserved-suggestion',
    },
    {
      action: 's3:GetObjectVersion',
      resource: 'arn:aws:s3:::orders-data/`x`|y',
      reason: 'Versioned reads.',
      status: 'unobserved-suggestion',
    },
  ],
  rejected: [{ action: 'iam:PassRole', reason: 'wildcard resource' }],
  usage: { inputTokens: 1200, outputTokens: 300, estimatedCostUsd: 0.0081 },
};

function withReasoning(reasoning: ProposalReasoning | null): Proposal {
  return { ...makeProposal(), reasoning };
}

function summary(input: Partial<CheckReportInput> & { proposals: Proposal[] }): string {
  return renderCheckReport({ ...base, ...input }).summary;
}

describe('reasoning in the check report', () => {
  it('prints nothing when the reasoner was not asked (reasoning null)', () => {
    const plain = summary({ proposals: [withReasoning(null)], acceptCommands: true });
    expect(plain).not.toMatch(/Reasoning/);
    expect(plain).toBe(summary({ proposals: [withReasoning(null)] }));
  });

  it('prints the advice section when the model answered', () => {
    const text = summary({ proposals: [withReasoning(used)] });
    expect(text).toContain('### Reasoning (advice)');
    expect(text).toContain('advice only: it changes neither the proposed policy nor the check');
    expect(text).toContain('| `s3:ListBucket` | `arn:aws:s3:::orders-data` | SDKs list first\\. |');
    // Model text is data: no mention, no HTML.
    expect(text).not.toMatch(/(^|[^\\`])@octocat|<script>/);
    // The Action gets no App commands.
    expect(text).not.toContain('To grant a suggestion');
  });

  it('lists the exact /alpha accept comment per suggestion for the App, escaped', () => {
    const text = summary({ proposals: [withReasoning(used)], acceptCommands: true });
    expect(text).toContain('To grant a suggestion, a maintainer with write permission comments:');
    expect(text).toContain('- `/alpha accept s3:ListBucket arn:aws:s3:::orders-data orders-api`');
    // A backtick or pipe from the model cannot close the code span or the list item.
    const line = text.split('\n').find((l) => l.includes('/alpha accept s3:GetObjectVersion')) ?? '';
    expect(line.match(/`/g)).toHaveLength(2);
    expect(line).toContain('\\|');
  });

  it('says in one line why the reasoning was unavailable', () => {
    const text = summary({
      proposals: [withReasoning({ ...used, used: false, unavailableReason: 'throttled', suggestions: [] })],
      acceptCommands: true,
    });
    expect(text).toContain(
      '**Reasoning:** unavailable with `us.anthropic.claude-sonnet-4-5-20250929-v1:0` (throttled): the deterministic result stands, with the same conclusion.',
    );
    expect(text).not.toContain('### Reasoning');
  });

  it('keeps title and header whatever the reasoning says', () => {
    const a = renderCheckReport({ ...base, proposals: [withReasoning(null)] });
    const b = renderCheckReport({ ...base, proposals: [withReasoning({ ...used, probabilityOfBreak: 0.9 })] });
    expect(b.title).toBe(a.title);
    expect(b.summary.split('\n').slice(0, 8)).toEqual(a.summary.split('\n').slice(0, 8));
  });
});

describe('the IaC line', () => {
  it.each([
    [undefined, "**IaC:** a patch for `infra/main.tf:17` is in this run's output"],
    [
      'comment `/alpha commit` to apply it',
      '**IaC:** a patch for `infra/main.tf:17` is ready: comment `/alpha commit` to apply it',
    ],
  ])('with hint %p', (patchedHint, line) => {
    const text = summary({
      proposals: [withReasoning(null)],
      iac,
      ...(patchedHint === undefined ? {} : { patchedHint }),
    });
    expect(text.trimEnd().split('\n').at(-1)).toBe(line);
  });

  it('leaves the other outcomes as they are', () => {
    const text = summary({
      proposals: [withReasoning(null)],
      iac: { 'arn:aws:iam::111122223333:role/orders-api': { file: 'infra/main.tf', line: 17, outcome: 'unchanged' } },
      patchedHint: 'comment `/alpha commit` to apply it',
    });
    expect(text.trimEnd().split('\n').at(-1)).toBe('**IaC:** `infra/main.tf:17` already holds an equivalent policy');
  });
});
