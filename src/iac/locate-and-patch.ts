/**
 * The filesystem side of IaC patching: read files, hand their text to the pure patchers in
 * src/core/iac/patch, follow `file("policy.json")` to the JSON next to the module, and write a patch only
 * when the file is still the one that was analyzed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, normalize } from 'node:path';
import { AlphaError } from '../core/errors.js';
import { patchCloudFormation } from '../core/iac/patch/cloudformation-patch.js';
import { patchJsonPolicyFile } from '../core/iac/patch/json-policy-file.js';
import type { PatchedOutcome, PatchOutcome } from '../core/iac/patch/outcome.js';
import { standalonePolicySnippet } from '../core/iac/patch/policy-equivalence.js';
import { patchTerraform, type TerraformPatchResult } from '../core/iac/patch/terraform-patch.js';
import type { PolicyDocument } from '../core/policy/document.js';
import { loadHclParser, type HclParserOptions } from './hcl-parser.js';
import { inventoryIac } from './iac-files.js';

export type { PatchOutcome, PatchedOutcome } from '../core/iac/patch/outcome.js';

/** `arn:aws:iam::111122223333:role/service/orders-api` → `orders-api`; a bare name stays as it is. */
export function roleNameOf(roleArnOrName: string): string {
  const resource = roleArnOrName.startsWith('arn:')
    ? (roleArnOrName.split(':').slice(5).join(':') ?? '')
    : roleArnOrName;
  return resource.slice(resource.lastIndexOf('/') + 1);
}

export type LocateOptions = HclParserOptions;

/**
 * Finds every place under `dir` that holds the role's policy and patches each in memory (nothing is written;
 * use `writePatch`). Paths in the outcomes are `dir`-joined, so a relative `dir` gives repo-relative paths.
 * Returns one `not-found` outcome when nothing matched.
 */
export async function locateAndPatch(
  dir: string,
  roleArnOrName: string,
  proposedPolicy: PolicyDocument,
  options: LocateOptions = {},
): Promise<PatchOutcome[]> {
  const roleName = roleNameOf(roleArnOrName);
  let inventory;
  try {
    inventory = await inventoryIac(dir);
  } catch (error) {
    throw new AlphaError(
      `could not read the IaC directory ${dir}: ${(error as Error).message}`,
      'pass an existing folder to --iac-dir',
    );
  }
  const at = (file: string): string => normalize(join(dir, file));
  const outcomes: PatchOutcome[] = [];
  if (inventory.terraformModules.size > 0) {
    const parser = await loadHclParser(options);
    for (const [, modulePaths] of inventory.terraformModules) {
      const files = await Promise.all(
        modulePaths.map(async (p) => ({ path: at(p), text: await readFile(at(p), 'utf8') })),
      );
      if (!files.some((f) => f.text.includes(roleName) || f.text.includes(roleName.replace(/-/g, '_')))) continue;
      const result = patchTerraform({ parser, files, roleName, proposed: proposedPolicy });
      const outcome = await followExternalJson(result, proposedPolicy);
      if (outcome.kind !== 'not-found') outcomes.push(outcome);
    }
  }
  for (const template of inventory.cloudFormationTemplates) {
    const text = await readFile(at(template), 'utf8');
    const outcome = patchCloudFormation({ file: at(template), text, roleName, proposed: proposedPolicy });
    if (outcome.kind !== 'not-found') outcomes.push(outcome);
  }
  if (outcomes.length > 0) return outcomes;
  return [
    {
      kind: 'not-found',
      reason:
        `no Terraform or CloudFormation policy for role "${roleName}" under ${dir} ` +
        `(${inventory.searched.length} files looked at); pass the file and address to \`alpha patch\` instead.`,
      searched: inventory.searched.map(at),
      snippet: standalonePolicySnippet(proposedPolicy),
    },
  ];
}

/** `policy = file("policy.json")`: patch the JSON file, reported against it. */
export async function followExternalJson(
  result: TerraformPatchResult,
  proposed: PolicyDocument,
  rewriteEquivalent = false,
): Promise<PatchOutcome> {
  if (result.kind !== 'external-json') return result;
  const path = normalize(join(dirname(result.file), result.jsonPath));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return {
      kind: 'refused',
      file: result.file,
      line: result.line,
      target: result.target,
      reason: `${result.target} reads ${result.jsonPath} with file(), but ${path} cannot be read (${(error as Error).message}).`,
      snippet: standalonePolicySnippet(proposed),
    };
  }
  return patchJsonPolicyFile(path, text, proposed, `${result.target} (${basename(path)})`, rewriteEquivalent);
}

/**
 * Writes a patched outcome, refusing when the file changed since it was read: a patch computed against
 * other content must not land on top of someone's edit.
 */
export async function writePatch(outcome: PatchedOutcome): Promise<void> {
  const current = await readFile(outcome.file, 'utf8');
  if (current !== outcome.before) {
    throw new AlphaError(`${outcome.file} changed since it was analyzed; nothing was written`, 'run the patch again');
  }
  await writeFile(outcome.file, outcome.after, 'utf8');
}
