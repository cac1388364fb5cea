/**
 * The role's policies from IAM, shaped for `analyzeRole`: inline ∪ managed as the identity grant, the permissions
 * boundary apart (it caps the grant, grants nothing), and the list the Proposal shows — which policies exist and
 * which one the repository's IaC controls, when that can be told from the IaC location.
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { NamedPolicy } from '../core/policy/document.js';
import { normalizePolicyDocument } from '../core/policy/normalize.js';
import type { ExistingPolicyRef, ExistingPolicySummary } from '../core/proposal.js';
import { policyControlledBy, type IacLocationRef } from './iac-policy.js';
import { readRolePolicies, type ReadRolePoliciesOptions, type RolePolicies } from './role-policies.js';

export { policyControlledBy, type IacLocationRef } from './iac-policy.js';

export interface ExistingFromIam {
  /** The role's ARN with its path, as IAM knows it. */
  readonly actualArn?: string;
  readonly policies: NamedPolicy[];
  readonly boundary?: NamedPolicy;
  readonly details: Pick<ExistingPolicySummary, 'origin' | 'policies' | 'iac'>;
}

export function existingFromRolePolicies(read: RolePolicies, iac?: IacLocationRef): ExistingFromIam {
  const policies: NamedPolicy[] = read.policies.map((p) => ({
    name: p.name,
    document: normalizePolicyDocument(p.document, `${p.kind} policy ${p.name} of ${read.roleArn}`),
  }));
  const boundary = read.boundary
    ? {
        name: read.boundary.name,
        document: normalizePolicyDocument(read.boundary.document, `permissions boundary ${read.boundary.name}`),
      }
    : undefined;
  const refs: ExistingPolicyRef[] = [...read.policies, ...(read.boundary ? [read.boundary] : [])].map((p) => ({
    kind: p.kind,
    name: p.name,
    ...(p.arn ? { arn: p.arn } : {}),
    ...(p.versionId ? { versionId: p.versionId } : {}),
  }));
  let iacDetail: ExistingPolicySummary['iac'];
  if (iac) {
    const controlled = policyControlledBy(refs, iac);
    for (const r of refs) if (r.name === controlled) r.controlledByIac = true;
    iacDetail = {
      file: iac.file,
      ...(iac.target ? { target: iac.target } : {}),
      ...(controlled ? { policy: controlled } : {}),
    };
  }
  return {
    ...(read.actualArn ? { actualArn: read.actualArn } : {}),
    policies,
    ...(boundary ? { boundary } : {}),
    details: { origin: 'iam', policies: refs, ...(iacDetail ? { iac: iacDetail } : {}) },
  };
}

export async function readExistingFromIam(
  roleArn: string,
  options: { credentials?: AwsCredentialIdentityProvider; iac?: IacLocationRef } & ReadRolePoliciesOptions = {},
): Promise<ExistingFromIam> {
  const read = await readRolePolicies(roleArn, {
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.client ? { client: options.client } : {}),
    ...(options.clientConfig ? { clientConfig: options.clientConfig } : {}),
  });
  return existingFromRolePolicies(read, options.iac);
}
