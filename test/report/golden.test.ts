/**
 * Golden files for every renderer. To accept an intended change: UPDATE_GOLDEN=1 npm test -- test/report, then
 * read the diff of test/fixtures/report/ before committing it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { renderCloudFormationSnippet } from '../../src/core/iac/snippet-cloudformation.js';
import { renderTerraformSnippet, type PolicySnippetItem } from '../../src/core/iac/snippet-terraform.js';
import type { Proposal } from '../../src/core/proposal.js';
import { stableStringify } from '../../src/core/report/json.js';
import { renderTextSummary } from '../../src/core/report/text.js';

const dir = join(import.meta.dirname, '../fixtures/report');
const proposal = JSON.parse(readFileSync(join(dir, 'proposal.input.json'), 'utf8')) as Proposal;
const update = process.env.UPDATE_GOLDEN === '1';

function golden(file: string, actual: string): void {
  const path = join(dir, file);
  if (update) writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const items: PolicySnippetItem[] = [
  { roleName: proposal.role.name, policyName: 'alpha-least-privilege', policy: proposal.proposal.proposedPolicy },
  {
    roleName: '2nd role.with/odd chars',
    policyName: 'alpha-least-privilege',
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['arn:aws:s3:::home/${aws:username}/*'],
          Condition: { StringLike: { 's3:prefix': ['%{if}', 'a"quote\\back'] } },
        },
        { Effect: 'Deny', NotAction: ['s3:*'], NotResource: ['arn:aws:s3:::home'] },
      ],
    },
  },
];

describe('golden renderers (test/fixtures/report)', () => {
  it('stable JSON', () => golden('proposal.golden.json', stableStringify(proposal)));
  it('text summary without color', () => golden('summary.golden.txt', renderTextSummary(proposal, { color: false })));
  it('text summary with color', () => golden('summary-color.golden.txt', renderTextSummary(proposal, { color: true })));
  it('Terraform jsonencode', () =>
    golden('terraform-jsonencode.golden.tf', renderTerraformSnippet(items, 'jsonencode')));
  it('Terraform policy document', () =>
    golden('terraform-policy-document.golden.tf', renderTerraformSnippet(items, 'policy-document')));
  it('CloudFormation', () => golden('cloudformation.golden.yaml', renderCloudFormationSnippet(items)));
});
