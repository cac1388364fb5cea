/**
 * One configured role's Proposal from what a run gathered: its usage, the policy it has today (a JSON file in the
 * repository, else IAM's whole effective grant) and AWS's operation → action map. Shared by the Action and the
 * App, so a pull request gets the same analysis whichever of them runs it.
 */
import type { ExistingFromIam } from '../aws/existing-policies.js';
import { analyzeRole } from '../core/analyze.js';
import type { IamCatalog } from '../core/catalog.js';
import type { ServiceReference } from '../core/cloudtrail/service-reference.js';
import type { NamedPolicy } from '../core/policy/document.js';
import { MANAGED_POLICY_SIZE_LIMIT } from '../core/policy/limits.js';
import type { Proposal } from '../core/proposal.js';
import type { RoleConfig } from '../config/schema.js';
import type { AnalysisPlan } from './plan.js';
import type { RoleUsage } from './usage.js';

export interface RoleProposalInput {
  readonly role: RoleConfig;
  readonly usage: RoleUsage;
  /** The policy file the config names (null when it names none); wins over IAM. */
  readonly fromFile: NamedPolicy[] | null;
  readonly fromIam?: ExistingFromIam | undefined;
  /** From actionServiceReference: absent reference = the built-in mapping rules. */
  readonly serviceReference: { readonly reference?: ServiceReference; readonly origin?: string };
  readonly catalog: IamCatalog;
  readonly plan: Pick<AnalysisPlan, 'usage' | 'guardrails'>;
  readonly now: Date;
}

export function proposalForRole(input: RoleProposalInput): Proposal {
  const { role, usage, fromFile, fromIam, serviceReference, plan } = input;
  return analyzeRole({
    roleArn: role.arn,
    usage: usage.snapshot,
    source: {
      ...usage.source,
      ...(serviceReference.origin ? { serviceReference: serviceReference.origin } : {}),
    },
    existingPolicies: fromIam ? fromIam.policies : fromFile,
    ...(fromIam?.boundary ? { permissionsBoundary: fromIam.boundary } : {}),
    ...(fromIam ? { existingPolicyDetails: fromIam.details } : {}),
    ...(serviceReference.reference ? { serviceReference: serviceReference.reference } : {}),
    catalog: input.catalog,
    options: {
      usageDays: plan.usage.days,
      windowEnd: usage.windowEnd,
      guardrails: plan.guardrails,
      // A managed policy's limit: the proposal must fit wherever the team attaches it.
      sizeLimit: MANAGED_POLICY_SIZE_LIMIT,
      now: input.now.toISOString(),
    },
  });
}
