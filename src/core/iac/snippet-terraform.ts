/**
 * Terraform for proposed policies, one `aws_iam_role_policy` per role, as `terraform fmt` would leave it:
 * two-space indent, `=` aligned across runs of single-line attributes (a multi-line value ends the run), lists
 * of several items one per line with trailing commas.
 *
 * - `jsonencode`: `policy = jsonencode({ Version = …, Statement = [ … ] })`, the form in the provider docs.
 * - `policy-document`: a `data "aws_iam_policy_document"` with `statement { sid effect actions resources
 *   condition { test variable values } }`, referenced by the role policy.
 *
 * Strings are HCL-escaped: `${` and `%{` start interpolation/directives in HCL, so a policy variable like
 * `${aws:username}` must be written `$${aws:username}` or Terraform would try to evaluate it.
 */
import type { PolicyDocument, Statement } from '../policy/document.js';

export interface PolicySnippetItem {
  roleName: string;
  policyName: string;
  policy: PolicyDocument;
}

export type TerraformStyle = 'jsonencode' | 'policy-document';

const INDENT = '  ';

/** An HCL quoted string literal. */
export function hclString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  // `${`/`%{` become `$${`/`%%{`. Extra `$`/`%` right before them become `\u0024`/`\u0025`: `$$${` would be
  // ambiguous (tree-sitter-hcl reads it as an interpolation), an escape sequence is not.
  const marks = out.replace(/([$%]+)\{/g, (_m, run: string) => {
    const last = run[run.length - 1] ?? '$';
    const before = [...run.slice(0, -1)].map((c) => (c === '$' ? '\\u0024' : '\\u0025')).join('');
    return `${before}${last}${last}{`;
  });
  return `"${marks}"`;
}

/** A valid Terraform resource name: letters, digits, `_`, `-`, not starting with a digit or `-`. */
export function terraformName(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'policy';
  return /^[0-9]/.test(cleaned) ? `r_${cleaned}` : cleaned;
}

/** Names made unique in input order: the second `orders_api` becomes `orders_api_2`. */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
    used.add(candidate);
    return candidate;
  });
}

/** An attribute: its key and its value, already rendered (several lines when multi-line). */
interface Attribute {
  key: string;
  value: string[];
}

/** Attributes of one body, `=` aligned across consecutive single-line attributes like `terraform fmt`. */
function renderAttributes(attributes: readonly Attribute[], indent: string): string[] {
  const lines: string[] = [];
  let run: Attribute[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((a) => a.key.length));
    for (const a of run) lines.push(`${indent}${a.key.padEnd(width)} = ${a.value[0] ?? ''}`);
    run = [];
  };
  for (const a of attributes) {
    if (a.value.length === 1) {
      run.push(a);
      continue;
    }
    flush();
    lines.push(`${indent}${a.key} = ${a.value[0] ?? ''}`, ...a.value.slice(1).map((l) => `${indent}${l}`));
  }
  flush();
  return lines;
}

/** Keywords that would change what an object constructor means (`{ for = … }` parses as a for expression). */
const HCL_KEYWORDS: ReadonlySet<string> = new Set(['for', 'if', 'in', 'null', 'true', 'false']);

function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !HCL_KEYWORDS.has(key) ? key : hclString(key);
}

/** A JSON-like value as an HCL expression; first line goes after `key = `, the rest are relative to the key. */
function hclValue(value: unknown): string[] {
  if (typeof value === 'string') return [hclString(value)];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (value === null || value === undefined) return ['null'];
  if (Array.isArray(value)) {
    if (value.length === 0) return ['[]'];
    const items = value.map(hclValue);
    if (items.length === 1 && items[0]?.length === 1) return [`[${items[0][0] ?? ''}]`];
    const lines = ['['];
    for (const item of items) {
      item.forEach((l, i) => lines.push(`${INDENT}${l}${i === item.length - 1 ? ',' : ''}`));
    }
    lines.push(']');
    return lines;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return ['{}'];
  const body = renderAttributes(
    entries.map(([k, v]) => ({ key: hclKey(k), value: hclValue(v) })),
    INDENT,
  );
  return ['{', ...body, '}'];
}

function statementObject(statement: Statement): Record<string, unknown> {
  // The IAM element order, whatever order the object was built in.
  const keys = ['Sid', 'Effect', 'Principal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (statement[k] !== undefined) out[k] = statement[k];
  return out;
}

function jsonencodeResource(item: PolicySnippetItem, name: string): string[] {
  const policy = hclValue({ Version: item.policy.Version, Statement: item.policy.Statement.map(statementObject) });
  policy[0] = `jsonencode(${policy[0] ?? ''}`;
  policy[policy.length - 1] = `${policy[policy.length - 1] ?? ''})`;
  return [
    `resource "aws_iam_role_policy" ${hclString(name)} {`,
    ...renderAttributes(
      [
        { key: 'name', value: [hclString(item.policyName)] },
        { key: 'role', value: [hclString(item.roleName)] },
        { key: 'policy', value: policy },
      ],
      INDENT,
    ),
    '}',
  ];
}

function stringList(values: readonly string[]): string[] {
  return hclValue([...values]);
}

function statementBlock(statement: Statement): string[] {
  const attributes: Attribute[] = [];
  if (statement.Sid !== undefined) attributes.push({ key: 'sid', value: [hclString(statement.Sid)] });
  attributes.push({ key: 'effect', value: [hclString(statement.Effect)] });
  if (statement.Action) attributes.push({ key: 'actions', value: stringList(statement.Action) });
  if (statement.NotAction) attributes.push({ key: 'not_actions', value: stringList(statement.NotAction) });
  if (statement.Resource) attributes.push({ key: 'resources', value: stringList(statement.Resource) });
  if (statement.NotResource) attributes.push({ key: 'not_resources', value: stringList(statement.NotResource) });
  const lines = ['statement {', ...renderAttributes(attributes, INDENT)];
  if (statement.Principal !== undefined)
    lines.push('', `${INDENT}# Principal omitted: an identity policy (aws_iam_role_policy) cannot name one.`);
  for (const [test, keys] of Object.entries(statement.Condition ?? {}))
    for (const [variable, values] of Object.entries(keys)) {
      lines.push(
        '',
        `${INDENT}condition {`,
        ...renderAttributes(
          [
            { key: 'test', value: [hclString(test)] },
            { key: 'variable', value: [hclString(variable)] },
            { key: 'values', value: stringList(values) },
          ],
          INDENT + INDENT,
        ),
        `${INDENT}}`,
      );
    }
  lines.push('}');
  return lines;
}

function policyDocumentResources(item: PolicySnippetItem, name: string): string[] {
  const statements = item.policy.Statement.map(statementBlock);
  const data =
    statements.length === 0
      ? [`data "aws_iam_policy_document" ${hclString(name)} {}`]
      : [
          `data "aws_iam_policy_document" ${hclString(name)} {`,
          ...statements.flatMap((lines, i) => [
            ...(i > 0 ? [''] : []),
            ...lines.map((l) => (l === '' ? '' : `${INDENT}${l}`)),
          ]),
          '}',
        ];
  return [
    ...data,
    '',
    `resource "aws_iam_role_policy" ${hclString(name)} {`,
    ...renderAttributes(
      [
        { key: 'name', value: [hclString(item.policyName)] },
        { key: 'role', value: [hclString(item.roleName)] },
        { key: 'policy', value: [`data.aws_iam_policy_document.${name}.json`] },
      ],
      INDENT,
    ),
    '}',
  ];
}

export function renderTerraformSnippet(items: readonly PolicySnippetItem[], style: TerraformStyle): string {
  const names = uniqueNames(items.map((i) => terraformName(i.roleName)));
  const blocks = items.map((item, i) => {
    const name = names[i] ?? 'policy';
    return (style === 'jsonencode' ? jsonencodeResource(item, name) : policyDocumentResources(item, name)).join('\n');
  });
  const header = '# Least-privilege policies proposed by ALPHA from observed CloudTrail usage. Review before applying.';
  return `${[header, ...blocks].join('\n\n')}\n`;
}
