import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  CHECK_SUMMARY_LIMIT,
  renderCheckReport,
  renderCheckTitle,
  type CheckReportInput,
} from '../../src/core/report/markdown-check.js';
import { manyActions, makeProposal } from './proposal-fixture.js';

/** Golden Markdown in test/fixtures/github; `UPDATE_GOLDENS=1` rewrites them (review the diff). */
function golden(name: string, actual: string): void {
  const url = new URL(`../fixtures/github/${name}.golden.md`, import.meta.url);
  if (process.env.UPDATE_GOLDENS === '1') writeFileSync(url, actual);
  if (!existsSync(url)) throw new Error(`missing golden ${url.pathname}: run with UPDATE_GOLDENS=1 and review it`);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

const base = { mode: 'report', riskThreshold: 0.1, conclusion: 'success' } as const;
const hostile = '@octocat [click](https://evil.example) <script>alert(1)</script> | `x` ![i](https://t.example/p.png)';

interface Case {
  name: string;
  input: CheckReportInput;
  limit?: number;
  expectItems: number;
  expectTruncated?: boolean;
}

const cases: Case[] = [
  {
    name: 'one-role-success',
    input: { ...base, proposals: [makeProposal()] },
    expectItems: Infinity,
  },
  {
    name: 'two-roles-enforce-failure',
    input: {
      ...base,
      mode: 'enforce',
      conclusion: 'failure',
      proposals: [
        makeProposal({
          name: 'ci-deployer',
          probability: 0.31,
          level: 'high',
          added: ['iam:PassRole'],
          notes: ['keep quarterly jobs in mind'],
        }),
        makeProposal({
          name: 'orders-api',
          violations: [
            {
              code: 'BLOCKED_ACTION',
              message: 'iam:PassRole is blocked by the prod preset',
              path: '$.Statement[0].Action[2]',
            },
          ],
        }),
      ],
      iac: {
        'arn:aws:iam::111122223333:role/orders-api': { file: 'infra/iam.tf', line: 12, outcome: 'patched' },
        'arn:aws:iam::111122223333:role/ci-deployer': {
          file: 'deploy/ci.yaml',
          line: 0,
          outcome: 'not-found',
          detail: 'no AWS::IAM::Policy names the role',
        },
      },
    },
    expectItems: Infinity,
  },
  {
    name: 'hostile-strings',
    input: {
      ...base,
      conclusion: 'neutral',
      proposals: [
        (() => {
          const p = makeProposal({ probability: 0.2, level: 'medium', notes: [hostile] });
          p.unmapped = [
            {
              eventSource: 'evil.amazonaws.com',
              eventName: 'Do`It`|Now',
              count: 2,
              sampleEventId: '@admin',
              reason: hostile,
            },
          ];
          p.deniedAttempts = [
            {
              eventSource: 's3.amazonaws.com',
              eventName: '<b>PutObject</b>',
              actions: [],
              errorCode: 'AccessDenied',
              count: 1,
              lastSeen: '2026-10-01T00:00:00Z',
              sampleEventId: 'e',
            },
          ];
          p.proposal.guardrailViolations = [{ code: 'WILDCARD_RESOURCE', message: hostile, path: '$.Statement[0]|x' }];
          return p;
        })(),
      ],
    },
    expectItems: Infinity,
  },
  {
    name: 'ten-thousand-actions',
    input: {
      ...base,
      conclusion: 'neutral',
      proposals: [makeProposal({ removed: manyActions(10_000), kept: manyActions(400).map((a) => `${a}Kept`) })],
    },
    expectItems: 200,
  },
  {
    name: 'many-roles-table-only',
    input: {
      ...base,
      proposals: Array.from({ length: 40 }, (_, i) => makeProposal({ name: `role-${String(i).padStart(2, '0')}` })),
    },
    limit: 6000,
    expectItems: 3,
  },
  {
    name: 'many-roles-truncated',
    input: {
      ...base,
      proposals: Array.from({ length: 40 }, (_, i) => makeProposal({ name: `role-${String(i).padStart(2, '0')}` })),
    },
    limit: 2500,
    expectItems: 0,
    expectTruncated: true,
  },
];

describe('renderCheckReport (golden Markdown)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const limit = c.limit ?? CHECK_SUMMARY_LIMIT;
    const report = renderCheckReport(c.input, limit);
    expect(report.summary.length).toBeLessThanOrEqual(limit);
    expect(report.itemsPerList).toBe(c.expectItems);
    expect(report.truncated).toBe(c.expectTruncated ?? false);
    expect(report.title.length).toBeLessThanOrEqual(255);
    if (c.expectItems !== Infinity) expect(report.summary).toMatch(/shortened to fit|Truncated/);
    golden(`check-${name}`, `<!-- title: ${report.title} -->\n${report.summary}`);
  });

  it('renders the same bytes twice', () => {
    const c = cases[1]!;
    expect(renderCheckReport(c.input)).toEqual(renderCheckReport(c.input));
  });

  it('lets no untrusted string through as markup', () => {
    // Code spans render literally, so what matters is the text outside them.
    const summary = renderCheckReport(cases[2]!.input).summary.replace(/`[^`\n]*`/g, '');
    expect(summary).not.toContain('<script>');
    expect(summary).not.toContain('<b>');
    expect(summary).not.toMatch(/@(octocat|admin)/);
    expect(summary).not.toContain('](https://');
    expect(summary).not.toContain('https://');
  });

  it('keeps a hidden marker as the first line', () => {
    const { summary } = renderCheckReport({ ...cases[0]!.input, marker: '<!-- alpha:comment -->' });
    expect(summary.split('\n')[0]).toBe('<!-- alpha:comment -->');
  });

  it('draws the chart only when a policy is known to compare against', () => {
    expect(renderCheckReport(cases[0]!.input).summary).toContain('```mermaid');
    const unknown = renderCheckReport({ ...base, proposals: [makeProposal({ existing: false })] });
    expect(unknown.summary).not.toContain('```mermaid');
    expect(unknown.summary).toContain('| unknown → 3 |');
  });
});

describe('renderCheckReport limits', () => {
  const thousands = {
    ...base,
    proposals: Array.from({ length: 2000 }, (_, i) => makeProposal({ name: `role-${String(i).padStart(4, '0')}` })),
  };
  const huge = cases.find((c) => c.name === 'ten-thousand-actions')!.input;

  it.each([1_500, 3_000, 10_000, CHECK_SUMMARY_LIMIT, 1_048_576])('never exceeds a %i-character limit', (limit) => {
    for (const input of [thousands, huge, cases[2]!.input]) {
      expect(renderCheckReport(input, limit).summary.length).toBeLessThanOrEqual(limit);
    }
  });

  it('cuts 2,000 roles at a table row at the real limit and says so', () => {
    const report = renderCheckReport(thousands);
    expect(report.truncated).toBe(true);
    expect(report.summary).toMatch(
      /\| `role-\d{4}` \|[^\n]*\|\n\n> \[!WARNING\]\n> Truncated: \d[\d,]* more lines? did not fit/,
    );
  });

  it('keeps every role of the 2,000 in a 1 MiB job summary', () => {
    const report = renderCheckReport(thousands, 1_048_576);
    expect(report.truncated).toBe(false);
    expect(report.summary).toContain('`role-1999`');
  });
});

describe('renderCheckTitle', () => {
  it.each([
    ['no roles', [], 'No roles analyzed'],
    ['one role', [makeProposal()], 'orders-api · 3 actions removable · break risk 4.0 %'],
    [
      'risk and violations',
      [
        makeProposal({ probability: 0.5, violations: [{ code: 'WILDCARD_ACTION', message: 'x', path: '$' }] }),
        makeProposal({ name: 'b' }),
      ],
      '2 roles · 6 actions removable · break risk 50.0 % · 1 above the 10.0 % threshold · 1 guardrail violation',
    ],
  ] as const)('%s', (_name, proposals, title) => expect(renderCheckTitle({ ...base, proposals })).toBe(title));

  it('stays within 255 characters for a long role name', () => {
    expect(renderCheckTitle({ ...base, proposals: [makeProposal({ name: 'r'.repeat(400) })] }).length).toBe(255);
  });
});
