/**
 * Patches for the roles whose IaC location the config names. Reads the workspace (the PR head checkout: the
 * files under review); never writes to it. A patch that cannot be made is reported, never fatal.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { describeError, withContext } from '../core/errors.js';
import type { NamedPolicy } from '../core/policy/document.js';
import { parsePolicyFile } from '../core/policy/normalize.js';
import type { Proposal } from '../core/proposal.js';
import type { IacReport } from '../core/report/markdown-check.js';
import { patchIacFile } from '../iac/patch-file.js';
import type { RoleConfig } from '../config/schema.js';

export interface RolePatch {
  report: IacReport;
  /** Unified diff for the file, when one was made. */
  diff?: string;
  kind?: 'terraform' | 'cloudformation';
}

export async function patchRoleIac(role: RoleConfig, proposal: Proposal, workspace: string): Promise<RolePatch | null> {
  const iac = role.iac;
  if (!iac) return null;
  const kind = iac.terraform ? 'terraform' : 'cloudformation';
  const file = iac.terraform?.file ?? iac.cloudformation?.file ?? '';
  const location = iac.terraform
    ? { terraform: join(workspace, file), ...(iac.terraform.address ? { resource: iac.terraform.address } : {}) }
    : {
        cloudformation: join(workspace, file),
        ...(iac.cloudformation?.logicalId ? { logicalId: iac.cloudformation.logicalId } : {}),
      };
  try {
    const outcome = await patchIacFile(location, proposal.role.name, proposal.proposal.proposedPolicy);
    switch (outcome.kind) {
      case 'patched':
        // The diff names the absolute path we read; reviewers apply it from the repository root.
        return {
          report: { file, line: outcome.line, outcome: 'patched' },
          diff: outcome.diff.split(join(workspace, file)).join(file),
          kind,
        };
      case 'unchanged':
        return { report: { file, line: outcome.line, outcome: 'unchanged' } };
      case 'refused':
        return { report: { file, line: outcome.line, outcome: 'refused', detail: outcome.reason } };
      case 'not-found':
        return { report: { file, line: 0, outcome: 'not-found', detail: outcome.reason } };
    }
  } catch (error) {
    return { report: { file, line: 0, outcome: 'refused', detail: describeError(error) } };
  }
}

/**
 * The policy the role has today, when the config points at a JSON policy file: that file *is* the policy.
 * Terraform and CloudFormation policies come from IAM through the reader role instead (src/aws).
 */
export async function existingPolicyFromIac(role: RoleConfig, workspace: string): Promise<NamedPolicy[] | null> {
  const file = role.iac?.terraform?.file;
  if (!file || extname(file).toLowerCase() !== '.json') return null;
  let text: string;
  try {
    text = await readFile(join(workspace, file), 'utf8');
  } catch (error) {
    throw withContext(`could not read the policy file ${file} named for ${role.arn} in the config`, error);
  }
  return parsePolicyFile(text, file);
}
