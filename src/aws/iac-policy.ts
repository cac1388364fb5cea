/**
 * Which of a role's IAM policies the repository's IaC defines. Kept free of the AWS SDK: the offline CLI uses it
 * with --iac-dir and must not load any client.
 */
import type { ExistingPolicyRef } from '../core/proposal.js';

export interface IacLocationRef {
  readonly file: string;
  /** Terraform address (`aws_iam_role_policy.orders`) or CloudFormation logical id (`Role/PolicyName`). */
  readonly target?: string;
}

const loose = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Which IAM policy the IaC target defines. Only a unique name match counts: the Terraform address names the
 * resource, not the policy, so `aws_iam_role_policy.orders_api` is matched to an inline policy `orders-api`; a
 * role with a single identity policy is that policy. Anything else stays unknown rather than guessed.
 */
export function policyControlledBy(refs: readonly ExistingPolicyRef[], iac: IacLocationRef): string | undefined {
  const grants = refs.filter((r) => r.kind !== 'boundary');
  const target = iac.target ?? '';
  const last = target.split(/[./]/).pop() ?? '';
  if (last) {
    const byName = grants.filter((r) => loose(r.name.split('/').pop() ?? r.name) === loose(last));
    if (byName.length === 1) return byName[0]?.name;
  }
  const kind = /aws_iam_policy\b|ManagedPolicy/.test(target) ? 'managed' : target ? 'inline' : undefined;
  const ofKind = kind ? grants.filter((r) => r.kind === kind) : grants;
  return ofKind.length === 1 ? ofKind[0]?.name : undefined;
}
