/**
 * Reads an IAM identity policy in any legal or commonly pasted shape and returns the one normalized form the
 * rest of ALPHA works on (document.ts): every list element an array, condition values string arrays, arrays
 * whose order IAM ignores sorted and de-duplicated. Errors name the source and the JSON path and say how to fix.
 */
import { AlphaError } from '../errors.js';
import type { ConditionBlock, Effect, NamedPolicy, PolicyDocument, Statement } from './document.js';

export class PolicyParseError extends AlphaError {
  constructor(
    readonly source: string,
    readonly path: string,
    problem: string,
    fix: string,
  ) {
    super(`${source}: ${path} ${problem}`, fix);
    this.name = 'PolicyParseError';
  }
}

/** IAM treats a document without Version as 2008-10-17 (no policy variables). */
export const DEFAULT_POLICY_VERSION = '2008-10-17';

const VERSIONS: readonly string[] = ['2012-10-17', '2008-10-17'];
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
  'Principal',
  'NotPrincipal',
]);
/** Keys of AWS CLI / API outputs that wrap the document itself. */
const WRAPPERS = ['PolicyDocument', 'Policy', 'Document', 'AssumeRolePolicyDocument'] as const;

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * GetRolePolicy/GetPolicyVersion return the document URL-encoded (RFC 3986); the AWS CLI decodes it, the SDKs
 * and CloudTrail do not. A string is tried as JSON first, then decoded once.
 */
function parseJsonText(text: string, source: string, path: string): Json {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as Json;
  } catch (error) {
    if (/%[0-9A-Fa-f]{2}/.test(trimmed)) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(trimmed.replace(/\+/g, '%20'));
      } catch {
        decoded = '';
      }
      if (decoded !== '') {
        try {
          return JSON.parse(decoded) as Json;
        } catch {
          // fall through to the original error: it describes the text the user gave
        }
      }
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new PolicyParseError(
      source,
      path,
      `is not JSON (${reason})`,
      'pass the policy document as JSON, e.g. the output of `aws iam get-role-policy` or `aws iam get-policy-version`',
    );
  }
}

/** Unwraps `{"PolicyDocument": …}`, `{"PolicyVersion": {"Document": …}}`, `{"Policy": …}` and JSON strings. */
function unwrap(value: Json, source: string, path: string): { value: Json; path: string } {
  let current = value;
  let at = path;
  for (let depth = 0; depth < 4; depth++) {
    if (typeof current === 'string') {
      current = parseJsonText(current, source, at);
      continue;
    }
    if (!isObject(current) || 'Statement' in current) break;
    if (isObject(current['PolicyVersion'])) {
      current = current['PolicyVersion'];
      at = `${at}.PolicyVersion`;
      continue;
    }
    const wrapper = WRAPPERS.find((k) => k in (current as Record<string, Json>));
    if (wrapper === undefined) break;
    current = (current as Record<string, Json>)[wrapper];
    at = `${at}.${wrapper}`;
  }
  return { value: current, path: at };
}

function stringList(value: Json, source: string, path: string, what: string): string[] {
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items))
    throw new PolicyParseError(
      source,
      path,
      `must be a string or an array of strings, got ${describe(value)}`,
      `write ${what} as "x" or ["x", "y"]`,
    );
  if (items.length === 0)
    throw new PolicyParseError(source, path, 'is empty', `list at least one ${what}, or remove the element`);
  items.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '')
      throw new PolicyParseError(
        source,
        `${path}[${i}]`,
        `must be a non-empty string, got ${describe(item)}`,
        `write each ${what} as a string`,
      );
  });
  return sortedUnique((items as string[]).map((s) => s.trim()));
}

function actionList(value: Json, source: string, path: string): string[] {
  const actions = stringList(value, source, path, 'action such as "s3:GetObject"');
  actions.forEach((action) => {
    if (action !== '*' && !/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/.test(action))
      throw new PolicyParseError(
        source,
        path,
        `contains "${action}", which is not an IAM action`,
        'write actions as service:Action (e.g. "s3:GetObject", "s3:Get*") or "*"',
      );
  });
  return actions;
}

function conditionValues(value: Json, source: string, path: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0)
    throw new PolicyParseError(source, path, 'is an empty list', 'give at least one value or remove the condition key');
  return sortedUnique(
    items.map((item, i) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) return String(item);
      throw new PolicyParseError(
        source,
        Array.isArray(value) ? `${path}[${i}]` : path,
        `must be a string, number or boolean, got ${describe(item)}`,
        'write condition values as strings, e.g. "true" or "eu-west-1"',
      );
    }),
  );
}

function conditionBlock(value: Json, source: string, path: string): ConditionBlock | undefined {
  if (!isObject(value))
    throw new PolicyParseError(
      source,
      path,
      `must be an object, got ${describe(value)}`,
      'write {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}',
    );
  const block: ConditionBlock = {};
  for (const operator of Object.keys(value).sort(compare)) {
    const keys = value[operator];
    const at = `${path}.${operator}`;
    if (!isObject(keys))
      throw new PolicyParseError(
        source,
        at,
        `must map condition keys to values, got ${describe(keys)}`,
        `write {"${operator}": {"aws:SomeKey": "value"}}`,
      );
    const entries: Record<string, string[]> = {};
    for (const key of Object.keys(keys).sort(compare))
      entries[key] = conditionValues(keys[key], source, `${at}.${key}`);
    if (Object.keys(entries).length === 0)
      throw new PolicyParseError(source, at, 'has no condition keys', 'add a condition key or remove the operator');
    block[operator] = entries;
  }
  return Object.keys(block).length > 0 ? block : undefined;
}

const EFFECTS: readonly Effect[] = ['Allow', 'Deny'];

function effectOf(value: Json, source: string, path: string): Effect {
  if (typeof value === 'string' && (EFFECTS as readonly string[]).includes(value)) return value as Effect;
  const hint =
    typeof value === 'string' && /^al/i.test(value)
      ? ' (did you mean "Allow"?)'
      : typeof value === 'string' && /^de/i.test(value)
        ? ' (did you mean "Deny"?)'
        : '';
  throw new PolicyParseError(
    source,
    path,
    `must be Allow or Deny, got ${describe(value)}${hint}`,
    'write "Effect": "Allow" or "Effect": "Deny" (case-sensitive)',
  );
}

function statementOf(value: Json, source: string, path: string): Statement {
  if (!isObject(value))
    throw new PolicyParseError(
      source,
      path,
      `must be an object, got ${describe(value)}`,
      'write each statement as {"Effect": …, "Action": …, "Resource": …}',
    );
  if ('Principal' in value || 'NotPrincipal' in value)
    throw new PolicyParseError(
      source,
      `${path}.${'Principal' in value ? 'Principal' : 'NotPrincipal'}`,
      'is present: this is a resource-based policy (bucket, key, queue or trust policy), not an identity policy',
      "pass the role's identity policies instead: `aws iam get-role-policy` or `aws iam get-policy-version` output",
    );
  for (const key of Object.keys(value))
    if (!STATEMENT_KEYS.has(key))
      throw new PolicyParseError(
        source,
        `${path}.${key}`,
        'is not a statement element IAM accepts',
        'use only Sid, Effect, Action, NotAction, Resource, NotResource and Condition (names are case-sensitive)',
      );
  const statement: Statement = { Effect: effectOf(value['Effect'], source, `${path}.Effect`) };
  if (value['Sid'] !== undefined) {
    if (typeof value['Sid'] !== 'string')
      throw new PolicyParseError(
        source,
        `${path}.Sid`,
        `must be a string, got ${describe(value['Sid'])}`,
        'write "Sid": "ReadOrders"',
      );
    if (value['Sid'] !== '') statement.Sid = value['Sid'];
  }
  const hasAction = value['Action'] !== undefined;
  const hasNotAction = value['NotAction'] !== undefined;
  if (hasAction === hasNotAction)
    throw new PolicyParseError(
      source,
      path,
      hasAction ? 'has both Action and NotAction' : 'has neither Action nor NotAction',
      'give exactly one of Action or NotAction',
    );
  if (hasAction) statement.Action = actionList(value['Action'], source, `${path}.Action`);
  else statement.NotAction = actionList(value['NotAction'], source, `${path}.NotAction`);
  const hasResource = value['Resource'] !== undefined;
  const hasNotResource = value['NotResource'] !== undefined;
  if (hasResource === hasNotResource)
    throw new PolicyParseError(
      source,
      path,
      hasResource ? 'has both Resource and NotResource' : 'has neither Resource nor NotResource',
      'identity policies need exactly one of Resource or NotResource, e.g. "Resource": "*"',
    );
  if (hasResource) statement.Resource = stringList(value['Resource'], source, `${path}.Resource`, 'resource ARN');
  else statement.NotResource = stringList(value['NotResource'], source, `${path}.NotResource`, 'resource ARN');
  if (value['Condition'] !== undefined) {
    const condition = conditionBlock(value['Condition'], source, `${path}.Condition`);
    if (condition) statement.Condition = condition;
  }
  return statement;
}

function documentOf(value: Json, source: string, path: string): PolicyDocument {
  if (!isObject(value))
    throw new PolicyParseError(
      source,
      path,
      `must be a policy document object, got ${describe(value)}`,
      'pass {"Version": "2012-10-17", "Statement": [...]}',
    );
  if (!('Statement' in value))
    throw new PolicyParseError(
      source,
      path,
      'has no Statement',
      'pass a policy document ({"Version": "2012-10-17", "Statement": [...]}) or `aws iam get-role-policy` output',
    );
  for (const key of Object.keys(value))
    if (!DOCUMENT_KEYS.has(key))
      throw new PolicyParseError(
        source,
        `${path}.${key}`,
        'is not a policy element IAM accepts',
        'a policy document has only Version, Id and Statement (names are case-sensitive)',
      );
  const version = value['Version'] ?? DEFAULT_POLICY_VERSION;
  if (typeof version !== 'string' || !VERSIONS.includes(version))
    throw new PolicyParseError(
      source,
      `${path}.Version`,
      `must be "2012-10-17" or "2008-10-17", got ${describe(version)}`,
      'write "Version": "2012-10-17"',
    );
  if (value['Id'] !== undefined && typeof value['Id'] !== 'string')
    throw new PolicyParseError(
      source,
      `${path}.Id`,
      `must be a string, got ${describe(value['Id'])}`,
      'remove Id or make it a string',
    );
  const raw = value['Statement'];
  let statements: Statement[];
  if (Array.isArray(raw)) {
    if (raw.length === 0)
      throw new PolicyParseError(source, `${path}.Statement`, 'is empty', 'a policy needs at least one statement');
    statements = raw.map((s, i) => statementOf(s, source, `${path}.Statement[${i}]`));
  } else if (isObject(raw)) {
    statements = [statementOf(raw, source, `${path}.Statement`)];
  } else {
    throw new PolicyParseError(
      source,
      `${path}.Statement`,
      `must be an object or an array of objects, got ${describe(raw)}`,
      'write "Statement": [{"Effect": "Allow", "Action": …, "Resource": …}]',
    );
  }
  return { Version: version as PolicyDocument['Version'], Statement: statements };
}

/**
 * One policy document from any of: the document object, its JSON text (also URL-encoded), or an AWS CLI/API
 * wrapper (`get-role-policy`, `get-policy-version`, `{"PolicyDocument": …}`, `{"Policy": …}`). A missing Version
 * becomes IAM's default, 2008-10-17. Statement order is kept (IaC diffs read better); arrays inside are sorted.
 */
export function normalizePolicyDocument(input: unknown, source: string): PolicyDocument {
  const { value, path } = unwrap(input, source, '$');
  return documentOf(value, source, path);
}

function nameOf(value: Json, source: string, index: number | undefined): string {
  const policyName = isObject(value) && typeof value['PolicyName'] === 'string' ? value['PolicyName'] : undefined;
  if (policyName !== undefined) return `${source}#${policyName}`;
  return index === undefined ? source : `${source}[${index}]`;
}

/**
 * A policy file: one document (any shape normalizePolicyDocument accepts), a JSON array of them, or a role entry
 * of `aws iam get-account-authorization-details` (its `RolePolicyList`). Names are `source`, `source#PolicyName`
 * or `source[i]`, so reports can point at the right one.
 */
export function parsePolicyFile(text: string, source: string): NamedPolicy[] {
  if (text.trim() === '')
    throw new PolicyParseError(source, '$', 'is empty', 'pass a file that contains an IAM policy document as JSON');
  const parsed = parseJsonText(text, source, '$');
  const list = isObject(parsed) && Array.isArray(parsed['RolePolicyList']) ? parsed['RolePolicyList'] : parsed;
  const listPath = list === parsed ? '$' : '$.RolePolicyList';
  if (Array.isArray(list)) {
    if (list.length === 0)
      throw new PolicyParseError(source, listPath, 'is an empty list', 'put at least one policy document in the file');
    return list.map((item, i) => {
      const { value, path } = unwrap(item, source, `${listPath}[${i}]`);
      return { name: nameOf(item, source, i), document: documentOf(value, source, path) };
    });
  }
  return [{ name: nameOf(parsed, source, undefined), document: normalizePolicyDocument(parsed, source) }];
}
