/**
 * Patches the policy at a location the user named (CLI flags, or the `.github/alpha.yml` role mapping:
 * Terraform file + resource address, or CloudFormation file + logical id). Reads the files; never writes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { withContext } from '../core/errors.js';
import { patchCloudFormation } from '../core/iac/patch/cloudformation-patch.js';
import { patchJsonPolicyFile } from '../core/iac/patch/json-policy-file.js';
import type { PatchOutcome } from '../core/iac/patch/outcome.js';
import { patchTerraform } from '../core/iac/patch/terraform-patch.js';
import type { PolicyDocument } from '../core/policy/document.js';
import { loadHclParser, type HclParserOptions } from './hcl-parser.js';
import { followExternalJson } from './locate-and-patch.js';

export type IacLocation =
  /** A `.tf` file (its sibling `.tf` files are read too, for referenced documents) or a JSON policy file. */
  | { terraform: string; resource?: string }
  /** A CloudFormation template; `logicalId` is `Id` or `RoleId/PolicyName`. */
  | { cloudformation: string; logicalId?: string };

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw withContext(`could not read ${what} ${path}`, error);
  }
}

/**
 * Without a resource address or logical id, the role's policy is discovered inside the named file by the
 * role's name; failing that, the file's only permissions policy is taken (the user pointed at it).
 */
export async function patchIacFile(
  location: IacLocation,
  roleName: string,
  proposed: PolicyDocument,
  options: HclParserOptions = {},
): Promise<PatchOutcome> {
  if ('cloudformation' in location) {
    const path = normalize(location.cloudformation);
    return patchCloudFormation({
      file: path,
      text: await readText(path, 'CloudFormation template'),
      proposed,
      acceptSolePolicy: true,
      ...(location.logicalId === undefined ? {} : { logicalId: location.logicalId }),
      ...(roleName ? { roleName } : {}),
    });
  }
  const path = normalize(location.terraform);
  const text = await readText(path, 'Terraform file');
  if (extname(path).toLowerCase() === '.json') return patchJsonPolicyFile(path, text, proposed);
  const dir = dirname(path);
  const siblings = (await readdir(dir))
    .filter((name) => name.endsWith('.tf'))
    .map((name) => normalize(join(dir, name)));
  const files = await Promise.all(
    [...new Set([path, ...siblings])]
      .sort()
      .map(async (p) => ({ path: p, text: p === path ? text : await readText(p, 'Terraform file') })),
  );
  const result = patchTerraform({
    parser: await loadHclParser(options),
    files,
    onlyFile: path,
    proposed,
    ...(location.resource === undefined ? {} : { address: location.resource }),
    ...(roleName ? { roleName } : {}),
  });
  return followExternalJson(result, proposed);
}
