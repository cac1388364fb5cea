/**
 * Finds a role's policy in a CloudFormation template: by logical id (`OrdersPolicy`, or `OrdersRole` /
 * `OrdersRole/policy-name` for a role's inline `Policies`) or, given the role's name, by following
 * `Roles: [!Ref OrdersRole]` / `RoleName: !Ref OrdersRole` links.
 */
import { isMap, isSeq, type Node } from 'yaml';
import { getNode, refTarget, scalarString, startOf, type CloudFormationTemplate } from './cloudformation-template.js';
import { PatchRefusal } from './outcome.js';
import { lineNumberAt } from './source-text.js';

export interface CloudFormationSite {
  /** Logical id, with `/PolicyName` for a role's inline policy. */
  target: string;
  /** The `PolicyDocument` value node. */
  document: Node;
}

const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::RolePolicy', 'AWS::IAM::ManagedPolicy'];

interface ResourceEntry {
  id: string;
  type: string;
  /** The logical id's key node: where a reader looks for the resource. */
  key: unknown;
  node: Node;
  properties: Node | undefined;
}

function resources(template: CloudFormationTemplate): ResourceEntry[] {
  const map = getNode(template.doc.contents, 'Resources');
  if (!isMap(map)) return [];
  return map.items.flatMap((pair) => {
    const id = scalarString(pair.key);
    const node = pair.value as Node | null;
    if (id === undefined || !node) return [];
    return [
      {
        id,
        type: scalarString(getNode(node, 'Type')) ?? '',
        key: pair.key,
        node,
        properties: getNode(node, 'Properties'),
      },
    ];
  });
}

function line(template: CloudFormationTemplate, node: unknown): number {
  return lineNumberAt(template.text, startOf(node));
}

/** The site for `LogicalId` or `LogicalId/PolicyName`; undefined when there is no such resource. */
export function siteForLogicalId(template: CloudFormationTemplate, logicalId: string): CloudFormationSite | undefined {
  const [id = '', policyName] = logicalId.split('/', 2);
  const resource = resources(template).find((r) => r.id === id);
  if (!resource) return undefined;
  if (POLICY_TYPES.includes(resource.type)) return documentOf(template, resource, resource.properties, id);
  if (resource.type === 'AWS::IAM::Role') return inlineSite(template, resource, policyName);
  if (resource.type === 'AWS::Serverless::Function' || resource.type.startsWith('AWS::Serverless::')) {
    throw new PatchRefusal(
      `${id} (line ${line(template, resource.key)}) is a SAM ${resource.type}: its \`Policies\` (policy templates ` +
        'such as S3ReadPolicy) are expanded by the SAM transform at deploy time, so the final policy is not in the file. ' +
        'Replace them with the proposed policy as an inline document by hand, or give the function an explicit Role.',
      startOf(resource.key),
    );
  }
  throw new PatchRefusal(
    `${id} (line ${line(template, resource.key)}) is ${resource.type || 'a resource without Type'}, not a policy ` +
      'ALPHA patches (AWS::IAM::Role Policies, AWS::IAM::Policy, AWS::IAM::RolePolicy, AWS::IAM::ManagedPolicy).',
    startOf(resource.key),
  );
}

function documentOf(
  template: CloudFormationTemplate,
  resource: ResourceEntry,
  holder: Node | undefined,
  target: string,
): CloudFormationSite {
  const document = getNode(holder, 'PolicyDocument');
  if (!document) {
    throw new PatchRefusal(
      `${target} (line ${line(template, resource.key)}) has no literal PolicyDocument to rewrite.`,
      startOf(resource.key),
    );
  }
  if (scalarString(document) !== undefined) {
    throw new PatchRefusal(
      `${target}'s PolicyDocument at line ${line(template, document)} is a JSON string; ALPHA rewrites mappings. ` +
        'Write it as a YAML/JSON object, or apply the proposed policy by hand.',
      startOf(document),
    );
  }
  return { target, document };
}

function inlineSite(
  template: CloudFormationTemplate,
  role: ResourceEntry,
  wanted: string | undefined,
): CloudFormationSite {
  const policies = getNode(role.properties, 'Policies');
  if (policies !== undefined && !isSeq(policies)) {
    throw new PatchRefusal(
      `${role.id}'s Policies at line ${line(template, policies)} is not a literal list (an intrinsic chooses it at ` +
        'deploy time); apply the proposed policy by hand.',
      startOf(policies),
    );
  }
  const entries = (isSeq(policies) ? policies.items : []).map((item) => ({
    item: item as Node,
    name: scalarString(getNode(item, 'PolicyName')),
  }));
  const chosen = wanted === undefined ? entries : entries.filter((e) => e.name === wanted);
  const only = chosen[0];
  if (chosen.length !== 1 || !only) {
    const names = entries.map((e) => e.name ?? '?').join(', ') || 'none';
    throw new PatchRefusal(
      `${role.id} has ${entries.length} inline policies (${names})` +
        (wanted === undefined ? '' : ` and none named "${wanted}"`) +
        `; say which one with --logical-id ${role.id}/POLICY_NAME.`,
      startOf(role.key),
    );
  }
  const target = `${role.id}/${only.name ?? ''}`;
  return documentOf(template, role, only.item, target);
}

const normalizeId = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Logical ids (`Id` or `Role/PolicyName`) of every policy attached to the role named `roleName`, sorted. */
export function targetsForRole(template: CloudFormationTemplate, roleName: string): string[] {
  const all = resources(template);
  const roles = all.filter((r) => {
    if (r.type !== 'AWS::IAM::Role') return false;
    const literal = scalarString(getNode(r.properties, 'RoleName'));
    if (literal !== undefined) return literal === roleName;
    const id = normalizeId(r.id);
    return id === normalizeId(roleName) || id === `${normalizeId(roleName)}role`;
  });
  const roleIds = roles.map((r) => r.id);
  const names = (role: unknown): boolean => {
    const ref = refTarget(role);
    return ref !== undefined ? roleIds.includes(ref) : scalarString(role) === roleName;
  };
  const targets = new Set<string>();
  for (const role of roles) {
    const policies = getNode(role.properties, 'Policies');
    if (isSeq(policies)) {
      for (const item of policies.items) targets.add(`${role.id}/${scalarString(getNode(item, 'PolicyName')) ?? ''}`);
    } else if (policies !== undefined) targets.add(role.id);
  }
  for (const r of all) {
    if (!POLICY_TYPES.includes(r.type)) continue;
    const rolesList = getNode(r.properties, 'Roles');
    const attached =
      names(getNode(r.properties, 'RoleName')) || (isSeq(rolesList) && rolesList.items.some((item) => names(item)));
    if (attached) targets.add(r.id);
  }
  return [...targets].sort();
}

/** With no role to follow: the template's one policy, if it has exactly one. */
export function allPolicyTargets(template: CloudFormationTemplate): string[] {
  return resources(template)
    .filter((r) => POLICY_TYPES.includes(r.type) || (r.type === 'AWS::IAM::Role' && getNode(r.properties, 'Policies')))
    .map((r) => r.id)
    .sort();
}

/** 1-based line of a resource (`Id` or `Id/PolicyName`), or 1 when it is not there. */
export function resourceLine(template: CloudFormationTemplate, target: string): number {
  const id = target.split('/')[0];
  const resource = resources(template).find((r) => r.id === id);
  return resource ? line(template, resource.key) : 1;
}
