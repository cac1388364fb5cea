/**
 * CloudFormation for proposed policies: a YAML template with one `AWS::IAM::RolePolicy` per role. Written with
 * the `yaml` package as YAML 1.1, which quotes what a 1.1 reader (CloudFormation's included) would otherwise
 * turn into something else: `2012-10-17` a date, `yes`/`on` booleans. `!Ref`-looking strings, `: `, `#` and
 * control characters are quoted or escaped by the library, so no string from a log can become a tag or a key.
 */
import { Document } from 'yaml';
import type { Statement } from '../policy/document.js';
import type { PolicySnippetItem } from './snippet-terraform.js';

export interface CloudFormationSnippetOptions {
  /** Template Description. */
  description?: string;
}

/** CloudFormation logical ids: alphanumeric only, at most 255 characters. */
const LOGICAL_ID_MAX = 255;

/** `orders-api` + `alpha-least-privilege` → `OrdersApiAlphaLeastPrivilege`. */
export function logicalIdOf(...parts: string[]): string {
  const id = parts
    .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((w) => (w[0] ?? '').toUpperCase() + w.slice(1))
    .join('');
  const safe = id === '' ? 'Policy' : /^[0-9]/.test(id) ? `Role${id}` : id;
  return safe.slice(0, LOGICAL_ID_MAX - 4);
}

function statementObject(statement: Statement): Record<string, unknown> {
  const keys = ['Sid', 'Effect', 'Principal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (statement[k] !== undefined) out[k] = statement[k];
  return out;
}

export function renderCloudFormationSnippet(
  items: readonly PolicySnippetItem[],
  options: CloudFormationSnippetOptions = {},
): string {
  const used = new Set<string>();
  const resources: Record<string, unknown> = {};
  for (const item of items) {
    const base = logicalIdOf(item.roleName, item.policyName);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}${n}`;
    used.add(id);
    resources[id] = {
      Type: 'AWS::IAM::RolePolicy',
      Properties: {
        PolicyName: item.policyName,
        RoleName: item.roleName,
        PolicyDocument: { Version: item.policy.Version, Statement: item.policy.Statement.map(statementObject) },
      },
    };
  }
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      options.description ??
      'Least-privilege policies proposed by ALPHA from observed CloudTrail usage. Review before applying.',
    Resources: resources,
  };
  return new Document(template, { version: '1.1' }).toString({ lineWidth: 0 });
}
