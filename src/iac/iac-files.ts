/** Finds Terraform and CloudFormation files under a directory, the way `--iac-dir` promises. */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';

/** Folders that hold copies, caches or vendored code, never the source of truth. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.terraform',
  'dist',
  'build',
  'cdk.out',
  '.aws-sam',
  'coverage',
]);
const TEMPLATE_EXTENSIONS = new Set(['.yml', '.yaml', '.json', '.template']);

export interface IacInventory {
  /** `.tf` files grouped by module directory (relative to the scanned dir), sorted. */
  terraformModules: Map<string, string[]>;
  /** Files that look like CloudFormation templates, sorted. */
  cloudFormationTemplates: string[];
  /** Every file looked at, relative, sorted. */
  searched: string[];
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(root, path, out);
    } else if (entry.isFile()) out.push(relative(root, path));
  }
}

/** CloudFormation says so at the top, or at least declares IAM resources. */
export function looksLikeCloudFormation(text: string): boolean {
  return /AWSTemplateFormatVersion|AWS::IAM::|AWS::Serverless::/.test(text) && /Resources/.test(text);
}

export async function inventoryIac(root: string): Promise<IacInventory> {
  const files: string[] = [];
  await walk(root, root, files);
  files.sort();
  const terraformModules = new Map<string, string[]>();
  const cloudFormationTemplates: string[] = [];
  const searched: string[] = [];
  for (const file of files) {
    const extension = extname(file).toLowerCase();
    if (extension === '.tf') {
      const module = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
      terraformModules.set(module, [...(terraformModules.get(module) ?? []), file]);
      searched.push(file);
    } else if (TEMPLATE_EXTENSIONS.has(extension)) {
      searched.push(file);
      const text = await readFile(join(root, file), 'utf8');
      if (looksLikeCloudFormation(text)) cloudFormationTemplates.push(file);
    }
  }
  return { terraformModules, cloudFormationTemplates, searched };
}
