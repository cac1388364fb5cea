/**
 * A role's policy in the pull request's IaC, patched: the configured file and its folder's IaC siblings are
 * copied from the PR head (contents API, as data) into a temporary folder, the shared patchers run there, and
 * the outcome is mapped back to repository paths with the blob sha each patch was computed against.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { RoleConfig } from '../../src/config/schema.js';
import { AlphaError, describeError } from '../../src/core/errors.js';
import type { PatchOutcome } from '../../src/core/iac/patch/outcome.js';
import type { Proposal } from '../../src/core/proposal.js';
import type { IacReport } from '../../src/core/report/markdown-check.js';
import { patchIacFile } from '../../src/iac/patch-file.js';
import type { StoredPatch } from '../../src/store/store.js';
import { safeRepoPath, type FilesAtRef } from './repo-files.js';

// Folder entries fetched around an IaC file (siblings the Terraform patcher needs for references).
const MAX_SIBLING_FILES = 60;
const IAC_EXTENSIONS = /\.(?:tf|json|ya?ml|template)$/i;

/**
 * Copies the IaC file and its folder's IaC siblings from the PR head into `workspace` (Terraform references
 * across files in one module). Returns the blob sha of every file copied, by repository path.
 */
export async function materialize(files: FilesAtRef, path: string, workspace: string): Promise<Map<string, string>> {
  const shas = new Map<string, string>();
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const entries = (await files.listDir(dir))
    .filter((e) => e.type === 'file' && (e.path === path || IAC_EXTENSIONS.test(e.path)))
    .slice(0, MAX_SIBLING_FILES);
  if (!entries.some((e) => e.path === path)) entries.push({ path, sha: '', type: 'file', size: 0 });
  for (const entry of entries) {
    const repoPath = safeRepoPath(entry.path);
    const file = await files.readFile(repoPath);
    if (!file) continue;
    const target = join(workspace, ...repoPath.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text, 'utf8');
    shas.set(repoPath, file.sha);
  }
  if (!shas.has(path))
    throw new AlphaError(
      `${path} does not exist at the pull request head ${files.ref.slice(0, 12)}`,
      'fix the iac file path for this role in .github/alpha.yml on the default branch',
    );
  return shas;
}

function toRepoPath(workspace: string, file: string): string {
  return relative(workspace, file).split(sep).join('/');
}

export interface RolePatchResult {
  report: IacReport;
  patch?: StoredPatch;
  kind?: 'terraform' | 'cloudformation';
}

function fromOutcome(
  outcome: PatchOutcome,
  configured: string,
  workspace: string,
  shas: Map<string, string>,
  roleArn: string,
  kind: 'terraform' | 'cloudformation',
): RolePatchResult {
  switch (outcome.kind) {
    case 'patched': {
      const path = toRepoPath(workspace, outcome.file);
      const diff = outcome.diff.split(outcome.file).join(path);
      return {
        report: { file: path, line: outcome.line, outcome: 'patched' },
        kind,
        patch: { roleArn, kind, path, baseBlobSha: shas.get(path) ?? '', content: outcome.after, diff },
      };
    }
    case 'unchanged':
      return { report: { file: toRepoPath(workspace, outcome.file), line: outcome.line, outcome: 'unchanged' } };
    case 'refused':
      return {
        report: {
          file: toRepoPath(workspace, outcome.file),
          line: outcome.line,
          outcome: 'refused',
          detail: outcome.reason.split(workspace + sep).join(''),
        },
      };
    case 'not-found':
      return {
        report: {
          file: configured,
          line: 0,
          outcome: 'not-found',
          detail: outcome.reason.split(workspace + sep).join(''),
        },
      };
  }
}

export async function patchRole(
  role: RoleConfig,
  proposal: Proposal,
  files: FilesAtRef,
  workspace: string,
): Promise<RolePatchResult | null> {
  const iac = role.iac;
  if (!iac) return null;
  const kind = iac.terraform ? 'terraform' : 'cloudformation';
  const configured = iac.terraform?.file ?? iac.cloudformation?.file ?? '';
  try {
    const path = safeRepoPath(configured);
    const shas = await materialize(files, path, workspace);
    const local = join(workspace, ...path.split('/'));
    const location = iac.terraform
      ? { terraform: local, ...(iac.terraform.address ? { resource: iac.terraform.address } : {}) }
      : {
          cloudformation: local,
          ...(iac.cloudformation?.logicalId ? { logicalId: iac.cloudformation.logicalId } : {}),
        };
    const outcome = await patchIacFile(location, proposal.role.name, proposal.proposal.proposedPolicy);
    return fromOutcome(outcome, configured, workspace, shas, proposal.role.arn, kind);
  } catch (error) {
    return { report: { file: configured, line: 0, outcome: 'refused', detail: describeError(error) } };
  }
}
