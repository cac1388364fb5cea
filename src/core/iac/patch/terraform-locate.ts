/**
 * Finds where a role's policy lives in Terraform: by address (`aws_iam_role_policy.orders`,
 * `aws_iam_policy.orders`, `data.aws_iam_policy_document.orders`, `aws_iam_role.orders` for its
 * `inline_policy`) or, given only the role's name, by following `role = aws_iam_role.x.name` and
 * `aws_iam_role_policy_attachment` links across the module's files.
 */
import {
  attribute,
  blocksOf,
  literalString,
  referenceText,
  type HclAttribute,
  type HclBlock,
  type HclTree,
} from './hcl-syntax.js';
import { PatchRefusal } from './outcome.js';
import { lineNumberAt } from './source-text.js';

export interface ParsedTerraformFile {
  path: string;
  tree: HclTree;
}

/** A policy the tool may rewrite: a `policy = …` argument, or a whole `aws_iam_policy_document` data block. */
export type TerraformSite =
  | { kind: 'policy-attribute'; file: ParsedTerraformFile; address: string; owner: HclBlock; attribute: HclAttribute }
  | { kind: 'document-block'; file: ParsedTerraformFile; address: string; owner: HclBlock };

/** Something the caller asked for that cannot be patched, with where it is. */
export class SiteRefusal extends PatchRefusal {
  constructor(
    reason: string,
    at: number,
    readonly file: ParsedTerraformFile,
    readonly address: string,
  ) {
    super(reason, at);
  }
}

interface TopBlock {
  file: ParsedTerraformFile;
  block: HclBlock;
}

function topBlocks(files: readonly ParsedTerraformFile[]): TopBlock[] {
  return files.flatMap((file) => {
    const body = file.tree.root.children.find((c) => c.type === 'body');
    return blocksOf(body, file.tree).map((block) => ({ file, block }));
  });
}

const ADDRESS =
  /^(?:(data)\.)?([a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\.inline_policy(?:\[\s*"?([^"\]]+)"?\s*\])?)?(\[[^\]]*\])?$/;

export function findBlock(
  files: readonly ParsedTerraformFile[],
  mode: 'resource' | 'data',
  type: string,
  name: string,
) {
  return topBlocks(files).find(
    ({ block }) => block.type === mode && block.labels[0] === type && block.labels[1] === name,
  );
}

/** The site for an explicit address; `undefined` when no such block exists in the files. */
export function siteForAddress(files: readonly ParsedTerraformFile[], address: string): TerraformSite | undefined {
  const compact = address.replace(/\s+/g, '');
  if (compact.startsWith('module.')) {
    const moduleName = compact.split('.')[1] ?? '';
    const found = topBlocks(files).find(({ block }) => block.type === 'module' && block.labels[0] === moduleName);
    if (!found) return undefined;
    throw new SiteRefusal(
      `\`${address}\` is inside module "${moduleName}" (line ${lineNumberAt(found.file.tree.text, found.block.node.start)}); ` +
        'the policy is built from the module source and its inputs, which ALPHA does not rewrite. Patch the module ' +
        'source (run `alpha patch` on its files) or pass the proposed policy as a module input.',
      found.block.node.start,
      found.file,
      address,
    );
  }
  const match = ADDRESS.exec(compact);
  if (!match) {
    throw new PatchRefusal(
      `\`${address}\` is not a Terraform address ALPHA patches; use aws_iam_role_policy.NAME, aws_iam_policy.NAME, ` +
        'data.aws_iam_policy_document.NAME or aws_iam_role.NAME (its inline_policy).',
      0,
    );
  }
  const [, data, type = '', name = '', inlineName, index] = match;
  const found = findBlock(files, data ? 'data' : 'resource', type, name);
  if (!found) return undefined;
  const { file, block } = found;
  const canonical = `${data ? 'data.' : ''}${type}.${name}`;
  for (const meta of ['for_each', 'count']) {
    const attr = attribute(block.body, file.tree, meta);
    if (attr) {
      throw new SiteRefusal(
        `\`${meta}\` at line ${lineNumberAt(file.tree.text, attr.node.start)} makes one ${canonical} per instance` +
          `${index ? ` (${address} is one of them)` : ''}, but ALPHA proposes one policy for one role; ` +
          'apply the proposed policy by hand to the instance it belongs to.',
        attr.node.start,
        file,
        canonical,
      );
    }
  }
  if (data) {
    if (type !== 'aws_iam_policy_document') throw unsupported(file, block, canonical);
    return { kind: 'document-block', file, address: canonical, owner: block };
  }
  if (type === 'aws_iam_role_policy' || type === 'aws_iam_policy') return policyAttributeSite(file, block, canonical);
  if (type === 'aws_iam_role') return inlinePolicySite(file, block, canonical, inlineName);
  throw unsupported(file, block, canonical);
}

function unsupported(file: ParsedTerraformFile, block: HclBlock, address: string): SiteRefusal {
  return new SiteRefusal(
    `${address} (line ${lineNumberAt(file.tree.text, block.node.start)}) holds no policy ALPHA can patch; point at ` +
      'the aws_iam_role_policy, aws_iam_policy or aws_iam_policy_document that holds the statements.',
    block.node.start,
    file,
    address,
  );
}

function policyAttributeSite(file: ParsedTerraformFile, owner: HclBlock, address: string): TerraformSite {
  const attr = attribute(owner.body, file.tree, 'policy');
  if (!attr) {
    throw new SiteRefusal(
      `${address} (line ${lineNumberAt(file.tree.text, owner.node.start)}) has no \`policy\` argument.`,
      owner.node.start,
      file,
      address,
    );
  }
  return { kind: 'policy-attribute', file, address, owner, attribute: attr };
}

function inlinePolicySite(
  file: ParsedTerraformFile,
  role: HclBlock,
  address: string,
  wanted: string | undefined,
): TerraformSite {
  const dynamicInline = blocksOf(role.body, file.tree).find(
    (b) => b.type === 'dynamic' && b.labels[0] === 'inline_policy',
  );
  if (dynamicInline) {
    throw new SiteRefusal(
      `a \`dynamic "inline_policy"\` block at line ${lineNumberAt(file.tree.text, dynamicInline.node.start)} generates ` +
        'the policies at plan time; ALPHA cannot rewrite generated policies. Apply the proposed policy by hand.',
      dynamicInline.node.start,
      file,
      address,
    );
  }
  const inline = blocksOf(role.body, file.tree).filter((b) => b.type === 'inline_policy');
  const named = inline.map((b) => ({
    block: b,
    name: literalString(file.tree, attribute(b.body, file.tree, 'name')?.value ?? b.node),
  }));
  const chosen = wanted === undefined ? named : named.filter((n) => n.name === wanted);
  const only = chosen[0];
  if (chosen.length !== 1 || !only) {
    const names = named.map((n) => `"${n.name ?? '?'}"`).join(', ') || 'none';
    throw new SiteRefusal(
      `${address} has ${named.length} inline_policy block(s) (${names})` +
        (wanted === undefined ? '' : ` and none named "${wanted}"`) +
        `; say which one with --resource '${address}.inline_policy["NAME"]'.`,
      role.node.start,
      file,
      address,
    );
  }
  const site = policyAttributeSite(file, only.block, `${address}.inline_policy["${only.name ?? ''}"]`);
  return site;
}

/** `data.aws_iam_policy_document.X.json` → that data block's site. */
export function documentReference(tree: HclTree, attr: HclAttribute): string | undefined {
  const ref = referenceText(tree, attr.value);
  const match = ref && /^data\.aws_iam_policy_document\.([\w-]+)\.json$/.exec(ref);
  return match ? `data.aws_iam_policy_document.${match[1] ?? ''}` : undefined;
}

/** Does `expression` name the role (`aws_iam_role.app.name`/`.id`, or the literal name)? */
function refersToRole(tree: HclTree, attr: HclAttribute | undefined, roleName: string, roleLabels: string[]): boolean {
  if (!attr) return false;
  if (literalString(tree, attr.value) === roleName) return true;
  const ref = referenceText(tree, attr.value) ?? '';
  return roleLabels.some((label) => ref === `aws_iam_role.${label}.name` || ref === `aws_iam_role.${label}.id`);
}

/**
 * Addresses of every policy attached to the role named `roleName`, sorted. A role is matched by its
 * `name` argument, or by its label when it has no literal name.
 */
export function addressesForRole(files: readonly ParsedTerraformFile[], roleName: string): string[] {
  const blocks = topBlocks(files);
  const roles = blocks.filter(({ block, file }) => {
    if (block.type !== 'resource' || block.labels[0] !== 'aws_iam_role') return false;
    const name = attribute(block.body, file.tree, 'name');
    const literal = name ? literalString(file.tree, name.value) : undefined;
    if (literal !== undefined) return literal === roleName;
    return block.labels[1] === roleName || block.labels[1] === roleName.replace(/-/g, '_');
  });
  const labels = roles.map(({ block }) => block.labels[1] ?? '');
  const addresses = new Set<string>();
  for (const { block, file } of roles) {
    if (
      blocksOf(block.body, file.tree).some(
        (b) => b.type === 'inline_policy' || (b.type === 'dynamic' && b.labels[0] === 'inline_policy'),
      )
    )
      addresses.add(`aws_iam_role.${block.labels[1] ?? ''}`);
  }
  for (const { block, file } of blocks) {
    if (block.type !== 'resource') continue;
    const [type, name = ''] = block.labels;
    if (
      type === 'aws_iam_role_policy' &&
      refersToRole(file.tree, attribute(block.body, file.tree, 'role'), roleName, labels)
    ) {
      addresses.add(`aws_iam_role_policy.${name}`);
    }
    if (type === 'aws_iam_role_policy_attachment' || type === 'aws_iam_policy_attachment') {
      const roleAttr = attribute(block.body, file.tree, 'role');
      const rolesAttr = attribute(block.body, file.tree, 'roles');
      const attached =
        refersToRole(file.tree, roleAttr, roleName, labels) ||
        (rolesAttr !== undefined && rolesMention(file.tree, rolesAttr, roleName, labels));
      const arn = attribute(block.body, file.tree, 'policy_arn');
      const ref = arn ? referenceText(file.tree, arn.value) : undefined;
      const policy = ref && /^aws_iam_policy\.([\w-]+)\.arn$/.exec(ref);
      if (attached && policy) addresses.add(`aws_iam_policy.${policy[1] ?? ''}`);
    }
  }
  return [...addresses].sort();
}

function rolesMention(tree: HclTree, attr: HclAttribute, roleName: string, labels: string[]): boolean {
  const text = tree.text.slice(attr.value.start, attr.value.end);
  return (
    text.includes(`"${roleName}"`) ||
    labels.some((label) => new RegExp(`aws_iam_role\\.${label}\\.(name|id)\\b`).test(text))
  );
}
