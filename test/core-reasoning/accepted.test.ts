import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { outcomeOf } from '../../src/core/analyze.js';
import { applyAcceptedAdditions, vetAcceptedAdditions } from '../../src/core/accepted/apply.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import type { Proposal } from '../../src/core/proposal.js';
import type { AcceptedAddition } from '../../src/store/store.js';
import { KEY, OBJECTS, PROD } from './fixtures.js';
import { ordersApiProposal } from './orders-api.js';

let proposal: Proposal;
let catalog: IamCatalog;
beforeAll(async () => {
  [proposal, catalog] = await Promise.all([ordersApiProposal(), loadIamCatalog()]);
});

const NOW = '2026-11-23T12:00:00.000Z';
const ROLE = 'arn:aws:iam::111122223333:role/service-role/orders-api';
function addition(action: string, resource: string, extra: Partial<AcceptedAddition> = {}): AcceptedAddition {
  return {
    repo: 'acme/shop',
    pullNumber: 7,
    roleArn: ROLE,
    action,
    resource,
    origin: 'suggestion',
    acceptedBy: 'octocat',
    acceptedAt: '2026-11-23T10:00:00Z',
    ...extra,
  };
}
const accept = (additions: AcceptedAddition[]) =>
  applyAcceptedAdditions(proposal, additions, { catalog, guardrails: PROD, now: NOW });

describe('applyAcceptedAdditions', () => {
  it('is about the role the examples name', () => expect(proposal.role.arn).toBe(ROLE));

  it('grants accepted actions in their own AlphaAccepted statement, under the guardrails conditions', () => {
    const result = accept([addition('s3:GetObjectVersion', OBJECTS), addition('kms:describekey', KEY)]);
    const statements = result.proposal.proposedPolicy.Statement;
    expect(statements.slice(0, proposal.proposal.proposedPolicy.Statement.length)).toEqual(
      proposal.proposal.proposedPolicy.Statement,
    );
    const region = { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } };
    expect(statements.filter((s) => s.Sid?.startsWith('AlphaAccepted'))).toEqual([
      { Sid: 'AlphaAccepted', Effect: 'Allow', Action: ['kms:DescribeKey'], Resource: [KEY], Condition: region },
      {
        Sid: 'AlphaAccepted2',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersion'],
        Resource: [OBJECTS],
        Condition: region,
      },
    ]);
    expect(result.evidence['kms:DescribeKey']).toEqual({
      count: 0,
      firstSeen: '2026-11-23T10:00:00Z',
      lastSeen: '2026-11-23T10:00:00Z',
      regions: [],
      resources: [KEY],
      sampleEventId: '',
      origin: 'accepted',
      calls: [],
      accepted: { by: 'octocat', at: '2026-11-23T10:00:00Z' },
    });
    expect(Object.keys(result.evidence)).toEqual([...Object.keys(result.evidence)].sort());
    expect(result.diff.keptActions).toEqual(expect.arrayContaining(['kms:DescribeKey', 's3:GetObjectVersion']));
    expect(result.diff.removedActions).not.toContain('s3:GetObjectVersion');
    expect(result.generatedAt).toBe(NOW);
    expect(result.proposal.rationale.at(-1)).toMatch(
      /2 permissions accepted by a person, not observed: kms:DescribeKey/,
    );
    expect(result.patches.terraform).toContain('AlphaAccepted');
    // Accepting adds grants: the break risk and the conclusion stay.
    expect(result.proposal.riskSignal).toEqual(proposal.proposal.riskSignal);
    expect(outcomeOf([result], 0.1)).toBe(outcomeOf([proposal], 0.1));
  });

  it('is deterministic whatever the order additions arrive in', () => {
    const a = [addition('s3:GetObjectVersion', OBJECTS), addition('kms:DescribeKey', KEY)];
    expect(accept(a)).toEqual(accept([...a].reverse()));
  });

  it.each([
    [
      'another role',
      addition('kms:DescribeKey', KEY, { roleArn: 'arn:aws:iam::111122223333:role/other' }),
      /accepted for arn:aws:iam::111122223333:role\/other/,
    ],
    ['a wildcard', addition('s3:*', OBJECTS), /wildcard action cannot be accepted/],
    ['an unknown action', addition('s3:GetObjectz', OBJECTS), /not an action in IAM catalog/],
    ['"*" for a resource-level action', addition('s3:GetObjectVersion', '*'), /every resource/],
    ['a name, not an ARN', addition('s3:GetObjectVersion', 'orders'), /not an ARN/],
    [
      'an ARN of the wrong type',
      addition('s3:GetObjectVersion', KEY),
      /not an ARN of a resource type s3:GetObjectVersion acts on \(accesspointobject, object\)/,
    ],
    ['what is already granted', addition('s3:GetObject', `${OBJECTS.slice(0, -1)}a.pdf`), /already granted/],
    [
      'a guardrail-blocked action',
      addition('iam:PassRole', 'arn:aws:iam::111122223333:role/x'),
      /guardrails \(prod\) do not allow iam:PassRole/,
    ],
  ])('skips %s and says why', (_name, bad, reason) => {
    const { accepted, skipped } = vetAcceptedAdditions(proposal, [bad], { catalog, guardrails: PROD, now: NOW });
    expect(accepted).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toMatch(reason);
    const result = accept([bad]);
    expect(result.proposal.proposedPolicy).toEqual(proposal.proposal.proposedPolicy);
    expect(result.proposal.remediationNotes.at(-1)).toMatch(/was not granted/);
  });

  it('returns the proposal as is when nothing was accepted', () => {
    expect(accept([])).toBe(proposal);
  });
});
