import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { outcomeOf } from '../../src/core/analyze.js';
import { applyRefinement, validateRefinement } from '../../src/core/accepted/refine.js';
import { resourceWithin } from '../../src/core/accepted/resource-cover.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import type { PolicyDocument, Statement } from '../../src/core/policy/document.js';
import type { Proposal } from '../../src/core/proposal.js';
import type { AcceptedAddition } from '../../src/store/store.js';
import { BUCKET, KEY, PROD } from './fixtures.js';
import { ordersApiProposal } from './orders-api.js';

let proposal: Proposal;
let catalog: IamCatalog;
beforeAll(async () => {
  [proposal, catalog] = await Promise.all([ordersApiProposal(), loadIamCatalog()]);
});

const current = (): Statement[] => structuredClone(proposal.proposal.proposedPolicy.Statement);
const doc = (Statement: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const bySid = (statements: Statement[], sid: string) => statements.find((s) => s.Sid === sid) as Statement;
const REGION = { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } };

describe('resourceWithin', () => {
  it.each([
    ['arn:aws:s3:::b/a/x.json', 'arn:aws:s3:::b/a/*', true],
    ['arn:aws:s3:::b/a/2026/*', 'arn:aws:s3:::b/a/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/a/*', false],
    ['arn:aws:s3:::b/a*', 'arn:aws:s3:::b/a?', false],
    ['arn:aws:s3:::b/ab', 'arn:aws:s3:::b/a?', true],
    ['*', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/x', '*', true],
    ['arn:aws:s3:::B/x', 'arn:aws:s3:::b/*', false],
  ])('%s within %s: %s', (narrow, wide, expected) => {
    expect(resourceWithin(narrow, wide)).toBe(expected);
  });
});

describe('validateRefinement', () => {
  it('accepts the current policy unchanged', () => {
    const check = validateRefinement(proposal, proposal.proposal.proposedPolicy, [], catalog);
    expect(check).toEqual({ ok: true, policy: proposal.proposal.proposedPolicy, rejectedAdditions: [] });
  });

  it('accepts narrowing: dropping an action, a narrower resource, an extra condition, a Deny', () => {
    const s = current();
    const objects = bySid(s, 'S3Objects');
    objects.Action = ['s3:GetObject'];
    objects.Resource = [`${BUCKET}/invoices/2026/10/a*`];
    objects.Condition = { ...REGION, Bool: { 'aws:SecureTransport': ['true'] } };
    s.push({
      Effect: 'Deny',
      Action: ['*'],
      Resource: ['*'],
      Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
    });
    expect(validateRefinement(proposal, doc(s), [], catalog)).toMatchObject({ ok: true, rejectedAdditions: [] });
  });

  it.each([
    ['iam:* added', (s: Statement[]) => s.push({ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] }), 'iam:'],
    ['a wider resource', (s: Statement[]) => (bySid(s, 'S3Objects').Resource = [`${BUCKET}/*`]), 's3:GetObject'],
    ['a dropped condition', (s: Statement[]) => delete bySid(s, 'S3Objects').Condition, 's3:GetObject'],
    [
      'a widened condition',
      (s: Statement[]) =>
        (bySid(s, 'S3Objects').Condition = {
          StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1', 'ap-south-1'] },
        }),
      's3:GetObject',
    ],
    [
      'an unobserved action on an observed resource',
      (s: Statement[]) => bySid(s, 'KmsWriteKeys').Action?.push('kms:ScheduleKeyDeletion'),
      'kms:ScheduleKeyDeletion',
    ],
    [
      'a pattern reaching unobserved actions',
      (s: Statement[]) => (bySid(s, 'KmsWriteKeys').Action = ['kms:*']),
      'kms:ScheduleKeyDeletion',
    ],
    ['NotAction', (s: Statement[]) => s.push({ Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }), 'iam:*'],
    [
      'an action that does not exist',
      (s: Statement[]) => s.push({ Effect: 'Allow', Action: ['s3:GetEverything'], Resource: ['*'] }),
      's3:GetEverything',
    ],
  ])('rejects %s and keeps the rest', (_name, mutate, rejectedAction) => {
    const s = current();
    mutate(s);
    const check = validateRefinement(proposal, doc(s), [], catalog);
    expect(check.ok).toBe(false);
    expect(check.rejectedAdditions.some((r) => r.action.startsWith(rejectedAction))).toBe(true);
    // What comes back grants nothing the current proposal does not.
    expect(validateRefinement(proposal, check.policy, [], catalog).ok).toBe(true);
  });

  it('allows what a person accepted', () => {
    const s = current();
    s.push({ Effect: 'Allow', Action: ['kms:DescribeKey'], Resource: [KEY] });
    const accepted: AcceptedAddition = {
      repo: 'acme/shop',
      pullNumber: 7,
      roleArn: proposal.role.arn,
      action: 'kms:DescribeKey',
      resource: KEY,
      origin: 'suggestion',
      acceptedBy: 'octocat',
      acceptedAt: '2026-11-23T10:00:00Z',
    };
    expect(validateRefinement(proposal, doc(s), [], catalog).ok).toBe(false);
    expect(validateRefinement(proposal, doc(s), [accepted], catalog).ok).toBe(true);
    expect(validateRefinement(proposal, doc(s), [{ ...accepted, roleArn: 'arn:aws:iam::1:role/x' }], catalog).ok).toBe(
      false,
    );
  });
});

describe('applyRefinement', () => {
  it('re-runs guardrails and score, and raises the risk when used access is taken away', () => {
    const s = current();
    bySid(s, 'S3Objects').Action = ['s3:GetObject'];
    const refined = applyRefinement(proposal, validateRefinement(proposal, doc(s), [], catalog), {
      catalog,
      guardrails: PROD,
      now: '2026-11-23T12:00:00.000Z',
    });
    expect(refined.proposal.proposedPolicy.Statement).toEqual(s);
    const factor = refined.proposal.riskSignal.factors.find((f) => f.code === 'REFINEMENT_REMOVED_USED');
    expect(factor?.detail).toContain('s3:PutObject');
    expect(refined.proposal.riskSignal.probabilityOfBreak).toBeGreaterThan(0.9);
    expect(refined.diff.removedActions).toContain('s3:PutObject');
    expect(outcomeOf([refined], 0.1)).toBe(2);
  });

  it('a refinement that keeps all used access keeps the risk', () => {
    const refined = applyRefinement(
      proposal,
      validateRefinement(proposal, proposal.proposal.proposedPolicy, [], catalog),
      {
        catalog,
        guardrails: PROD,
        now: '2026-11-23T12:00:00.000Z',
      },
    );
    expect(refined.proposal.proposedPolicy).toEqual(proposal.proposal.proposedPolicy);
    expect(refined.proposal.riskSignal).toEqual(proposal.proposal.riskSignal);
  });
});
