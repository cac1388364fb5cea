/**
 * The role's policies from IAM as the pipeline sees them: the grant the diff is computed against is
 * (inline ∪ managed) ∩ boundary, the Proposal lists every policy with its kind, and the one the repository's IaC
 * controls is named only when that is certain.
 */
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { existingFromRolePolicies, policyControlledBy, readExistingFromIam } from '../../src/aws/existing-policies.js';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { analyzeRole } from '../../src/core/analyze.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { guardrailConfigFor } from '../../src/core/guardrails/presets.js';
import type { ExistingPolicyRef } from '../../src/core/proposal.js';
import type { UsageSnapshot } from '../../src/core/usage/evidence.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROLE = 'arn:aws:iam::111122223333:role/orders-api';
const doc = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

const refs = (...specs: string[]): ExistingPolicyRef[] =>
  specs.map((s) => {
    const [kind, name] = s.split(' ') as [ExistingPolicyRef['kind'], string];
    return { kind, name };
  });

describe('policyControlledBy', () => {
  it.each<[string, ExistingPolicyRef[], { file: string; target?: string }, string | undefined]>([
    [
      'the address names the inline policy',
      refs('inline orders_api', 'inline other'),
      { file: 'iam.tf', target: 'aws_iam_role_policy.orders_api' },
      'orders_api',
    ],
    [
      'names match loosely (- and _)',
      refs('inline orders-api', 'inline other'),
      { file: 'iam.tf', target: 'aws_iam_role_policy.orders_api' },
      'orders-api',
    ],
    [
      'a managed policy by its ARN name',
      refs('inline a', 'managed arn:aws:iam::111122223333:policy/orders'),
      { file: 'iam.tf', target: 'aws_iam_policy.orders' },
      'arn:aws:iam::111122223333:policy/orders',
    ],
    [
      'the only inline policy for an aws_iam_role_policy',
      refs('inline orders-api-access', 'managed arn:aws:iam::aws:policy/ReadOnlyAccess'),
      { file: 'iam.tf', target: 'aws_iam_role_policy.orders' },
      'orders-api-access',
    ],
    [
      'CloudFormation Role/PolicyName',
      refs('inline Access', 'inline Other'),
      { file: 't.yaml', target: 'OrdersRole/Access' },
      'Access',
    ],
    [
      'two inline policies, no name match: unknown',
      refs('inline a', 'inline b'),
      { file: 'iam.tf', target: 'aws_iam_role_policy.orders' },
      undefined,
    ],
    [
      'never the boundary',
      refs('boundary orders', 'inline a', 'inline b'),
      { file: 'iam.tf', target: 'aws_iam_policy.orders' },
      undefined,
    ],
    ['a single identity policy with no target', refs('inline only'), { file: 'policy.json' }, 'only'],
  ])('%s', (_name, list, iac, expected) => {
    expect(policyControlledBy(list, iac)).toBe(expected);
  });
});

describe('readExistingFromIam (aws-sdk-client-mock)', () => {
  const iam = mockClient(IAMClient);
  beforeEach(() => {
    iam.reset();
  });

  it('reads every kind, normalizes the documents, and lists them for the Proposal', async () => {
    iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: 'orders-api',
        Arn: ROLE,
        Path: '/',
        RoleId: 'AROA',
        CreateDate: new Date(0),
        PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary' },
      },
    });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['orders_api'] });
    iam
      .on(GetRolePolicyCommand)
      .resolves({ PolicyName: 'orders_api', PolicyDocument: encodeURIComponent(JSON.stringify(doc('s3:GetObject'))) });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v2' } });
    iam
      .on(GetPolicyVersionCommand)
      .resolves({ PolicyVersion: { Document: encodeURIComponent(JSON.stringify(doc('s3:*'))) } });
    const read = await readExistingFromIam(ROLE, {
      client: new IAMClient({ region: 'us-east-1' }),
      iac: { file: 'infra/iam.tf', target: 'aws_iam_role_policy.orders_api' },
    });
    expect(read.policies).toEqual([
      {
        name: 'orders_api',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }],
        },
      },
    ]);
    expect(read.boundary?.name).toBe('arn:aws:iam::111122223333:policy/boundary');
    expect(read.details).toEqual({
      origin: 'iam',
      policies: [
        { kind: 'inline', name: 'orders_api', controlledByIac: true },
        {
          kind: 'boundary',
          name: 'arn:aws:iam::111122223333:policy/boundary',
          arn: 'arn:aws:iam::111122223333:policy/boundary',
          versionId: 'v2',
        },
      ],
      iac: { file: 'infra/iam.tf', target: 'aws_iam_role_policy.orders_api', policy: 'orders_api' },
    });
  });

  it('says which role does not exist', async () => {
    iam
      .on(GetRoleCommand)
      .rejects(Object.assign(new Error('The role with name orders-api cannot be found.'), { name: 'NoSuchEntity' }));
    await expect(readExistingFromIam(ROLE, { client: new IAMClient({ region: 'us-east-1' }) })).rejects.toThrow(
      /iam:GetRole on arn:aws:iam::111122223333:role\/orders-api failed \(NoSuchEntity\)/,
    );
  });

  it('names the action when GetPolicyVersion is denied', async () => {
    iam
      .on(GetRoleCommand)
      .resolves({ Role: { RoleName: 'r', Arn: ROLE, Path: '/', RoleId: 'x', CreateDate: new Date(0) } });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iam
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/X' }] });
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } });
    iam.on(GetPolicyVersionCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    await expect(readExistingFromIam(ROLE, { client: new IAMClient({ region: 'us-east-1' }) })).rejects.toMatchObject({
      fix: expect.stringContaining('"iam:GetPolicyVersion"'),
    });
  });
});

describe('analyzeRole against the whole effective grant', () => {
  let catalog: IamCatalog;
  beforeAll(async () => {
    catalog = await loadIamCatalog();
  });
  const usage: UsageSnapshot = {
    calls: [],
    activeDays: {},
    eventsRead: 0,
    eventsIgnored: 0,
    regions: [],
    sawDataEvents: false,
  };
  const analyze = (boundaryActions?: string[]) => {
    const read = existingFromRolePolicies({
      roleArn: ROLE,
      policies: [
        { kind: 'inline', name: 'a', document: doc('s3:GetObject') },
        {
          kind: 'managed',
          name: 'arn:aws:iam::aws:policy/SQS',
          arn: 'arn:aws:iam::aws:policy/SQS',
          document: doc('sqs:*'),
        },
      ],
      ...(boundaryActions
        ? {
            boundary: {
              kind: 'boundary' as const,
              name: 'arn:aws:iam::111122223333:policy/b',
              arn: 'arn:aws:iam::111122223333:policy/b',
              document: doc(...boundaryActions),
            },
          }
        : {}),
    });
    return analyzeRole({
      roleArn: ROLE,
      usage,
      source: { kind: 'lookup-events', complete: true, gaps: [], rejections: [] },
      existingPolicies: read.policies,
      ...(read.boundary ? { permissionsBoundary: read.boundary } : {}),
      existingPolicyDetails: read.details,
      catalog,
      options: {
        usageDays: 90,
        windowEnd: '2026-11-20T00:00:00.000Z',
        guardrails: guardrailConfigFor('none', { excludeServices: [], suppressActions: [] }),
        sizeLimit: 6144,
        now: '2026-11-20T00:00:00.000Z',
      },
    });
  };

  it.each<[string, string[] | undefined, (removed: string[]) => void]>([
    [
      'no boundary: inline ∪ managed',
      undefined,
      (r) => expect(r).toEqual(expect.arrayContaining(['s3:GetObject', 'sqs:SendMessage'])),
    ],
    [
      'a boundary without SQS caps the managed policy',
      ['s3:*'],
      (r) => expect(r.some((a) => a.startsWith('sqs:'))).toBe(false),
    ],
  ])('%s', (_name, boundary, check) => {
    const p = analyze(boundary);
    check(p.diff.removedActions);
    expect(p.existingPolicy?.origin).toBe('iam');
    expect(p.existingPolicy?.policies?.map((x) => x.kind)).toEqual(
      boundary ? ['inline', 'managed', 'boundary'] : ['inline', 'managed'],
    );
    if (boundary) {
      expect(p.existingPolicy?.grantedActionCount).toBe(1);
      expect(p.existingPolicy?.boundary?.arn).toBe('arn:aws:iam::111122223333:policy/b');
      expect(p.proposal.remediationNotes.join('\n')).toMatch(
        /caps the identity policies: \d+ actions they allow are outside it/,
      );
    }
  });
});
