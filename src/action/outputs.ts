/** Files a workflow can upload: the Proposal JSON (one object, or an array sorted by role) and IaC patches. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { withContext } from '../core/errors.js';
import type { Proposal } from '../core/proposal.js';
import { stableStringify } from '../core/report/json.js';
import type { RolePatch } from './iac.js';

export interface WrittenOutputs {
  proposalPath: string;
  patchPaths: string[];
}

async function write(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw withContext(`could not write ${path}`, error);
  }
}

export async function writeRunOutputs(
  outputDir: string,
  workspace: string,
  proposals: readonly Proposal[],
  patches: ReadonlyMap<string, RolePatch>,
): Promise<WrittenOutputs> {
  const dir = resolve(workspace, outputDir);
  try {
    await mkdir(join(dir, 'patches'), { recursive: true });
  } catch (error) {
    throw withContext(`could not create output-dir ${dir}`, error);
  }
  const proposalPath = join(dir, 'proposal.json');
  await write(proposalPath, stableStringify(proposals.length === 1 ? proposals[0] : proposals));
  const patchPaths: string[] = [];
  for (const p of proposals) {
    const patch = patches.get(p.role.arn);
    if (!patch?.diff) continue;
    const path = join(dir, 'patches', `${p.role.name}.${patch.kind === 'terraform' ? 'tf' : 'cfn'}.diff`);
    await write(path, patch.diff);
    patchPaths.push(path);
  }
  return { proposalPath, patchPaths };
}
