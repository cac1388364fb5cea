import { describe, it, expect, beforeEach } from '@jest/globals';
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
import { readRolePolicies, roleNameFromArn } from '../../src/aws/role-policies.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROLE = 'arn:aws:iam::111122223333:role/service/orders-api';
const doc = (action: string) =>
  encodeURIComponent(
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }),
  );

describe('readRolePolicies', () => {
  const iam = mockClient(IAMClient);
  beforeEach(() => {
    iam.reset();
  });

  it('reads inline, managed (default version) and the boundary, across pages, URL-decoded and sorted', async () => {
    iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: 'orders-api',
        Arn: ROLE,
        Path: '/service/',
        RoleId: 'AROA',
        CreateDate: new Date(0),
        PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary' },
      },
    });
    iam
      .on(ListRolePoliciesCommand, { RoleName: 'orders-api' })
      .resolves({ PolicyNames: ['zeta'], IsTruncated: true, Marker: 'm1' })
      .on(ListRolePoliciesCommand, { RoleName: 'orders-api', Marker: 'm1' })
      .resolves({ PolicyNames: ['alpha'], IsTruncated: false });
    iam.on(GetRolePolicyCommand).callsFake((input: { PolicyName: string }) => ({
      RoleName: 'orders-api',
      PolicyName: input.PolicyName,
      PolicyDocument: doc(`s3:${input.PolicyName}`),
    }));
    iam
      .on(ListAttachedRolePoliciesCommand, { RoleName: 'orders-api' })
      .resolves({
        AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        IsTruncated: true,
        Marker: 'a1',
      })
      .on(ListAttachedRolePoliciesCommand, { RoleName: 'orders-api', Marker: 'a1' })
      .resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::111122223333:policy/app' }], IsTruncated: false });
    iam
      .on(GetPolicyCommand)
      .callsFake((input: { PolicyArn: string }) => ({ Policy: { Arn: input.PolicyArn, DefaultVersionId: 'v3' } }));
    iam.on(GetPolicyVersionCommand).callsFake((input: { PolicyArn: string; VersionId: string }) => ({
      PolicyVersion: {
        VersionId: input.VersionId,
        Document: doc(input.PolicyArn.endsWith('boundary') ? '*' : 'ec2:Describe*'),
      },
    }));

    const result = await readRolePolicies(ROLE, { client: new IAMClient({ region: 'us-east-1' }) });
    expect(result.policies.map((p) => `${p.kind}:${p.name}`)).toEqual([
      'inline:alpha',
      'inline:zeta',
      'managed:arn:aws:iam::111122223333:policy/app',
      'managed:arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    expect(result.policies[0]?.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:alpha', Resource: '*' }],
    });
    expect(result.boundary?.kind).toBe('boundary');
    expect(result.boundary?.versionId).toBe('v3');
    expect(iam.commandCalls(GetPolicyVersionCommand).map((c) => c.args[0].input.VersionId)).toEqual(['v3', 'v3', 'v3']);
  });

  it.each([
    ['GetRole', GetRoleCommand, 'iam:GetRole'],
    ['ListRolePolicies', ListRolePoliciesCommand, 'iam:ListRolePolicies'],
    ['ListAttachedRolePolicies', ListAttachedRolePoliciesCommand, 'iam:ListAttachedRolePolicies'],
  ] as const)('names the missing action when %s is denied', async (_name, command, action) => {
    iam
      .on(GetRoleCommand)
      .resolves({ Role: { RoleName: 'r', Arn: ROLE, Path: '/', RoleId: 'x', CreateDate: new Date(0) } });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' });
    iam.on(command as typeof GetRoleCommand).rejects(denied);
    await expect(readRolePolicies(ROLE, { client: new IAMClient({ region: 'us-east-1' }) })).rejects.toMatchObject({
      message: expect.stringContaining(action),
      fix: expect.stringContaining(`"${action}"`),
    });
  });

  it.each([['arn:aws:iam::111122223333:user/bob'], ['orders-api'], ['arn:aws:iam::1234:role/x']])(
    'rejects %s',
    (arn) => {
      expect(() => roleNameFromArn(arn)).toThrow(/not an IAM role ARN/);
    },
  );
});
