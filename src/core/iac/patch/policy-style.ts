/**
 * The few style choices an author makes in a policy that survive a rewrite: single values written as a
 * string or as a one-element list, and quoted or bare keys. Detected from what they wrote; defaults follow
 * AWS's own examples.
 */
import type { PolicyDocument, Statement } from '../../policy/document.js';
import { isRecord } from './policy-equivalence.js';

export interface PolicyStyle {
  /** Per field (`Action`, `Resource`, …, `Condition`): write one value as a string rather than a one-element list. */
  scalarSingletons: Partial<Record<ListField | 'Condition', boolean>>;
  /** For fields the author never wrote: did they write any single value as a string? */
  scalarByDefault: boolean;
}

type ListField = (typeof LIST_FIELDS)[number];
const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

/** An author may write `Action = ["s3:GetObject"]` but `Resource = "*"`: keep each field as they did. */
export function detectPolicyStyle(existing: unknown): PolicyStyle {
  const statements = isRecord(existing) && Array.isArray(existing.Statement) ? existing.Statement : [];
  const scalarSingletons: PolicyStyle['scalarSingletons'] = {};
  const note = (field: ListField | 'Condition', value: unknown): void => {
    if (typeof value === 'string') scalarSingletons[field] = true;
    else if (Array.isArray(value)) scalarSingletons[field] ??= false;
  };
  for (const statement of statements) {
    if (!isRecord(statement)) continue;
    for (const field of LIST_FIELDS) note(field, statement[field]);
    if (isRecord(statement.Condition)) {
      for (const keys of Object.values(statement.Condition)) {
        if (isRecord(keys)) for (const value of Object.values(keys)) note('Condition', value);
      }
    }
  }
  return { scalarSingletons, scalarByDefault: Object.values(scalarSingletons).some(Boolean) };
}

/** The proposal as a plain value in IAM's key order, shaped by the author's style. */
export function styledPolicyValue(policy: PolicyDocument, style: PolicyStyle): Record<string, unknown> {
  return { Version: policy.Version, Statement: policy.Statement.map((s) => styledStatement(s, style)) };
}

function singleAsScalar(style: PolicyStyle, field: ListField | 'Condition', list: readonly string[]): unknown {
  const scalar = style.scalarSingletons[field] ?? style.scalarByDefault;
  return scalar && list.length === 1 ? list[0] : [...list];
}

function styledStatement(statement: Statement, style: PolicyStyle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (statement.Sid !== undefined) out.Sid = statement.Sid;
  out.Effect = statement.Effect;
  if (statement.Principal !== undefined) out.Principal = statement.Principal;
  for (const field of LIST_FIELDS) {
    const list = statement[field];
    if (list !== undefined) out[field] = singleAsScalar(style, field, list);
  }
  if (statement.Condition !== undefined) {
    const condition: Record<string, Record<string, unknown>> = {};
    for (const [operator, keys] of Object.entries(statement.Condition)) {
      condition[operator] = Object.fromEntries(
        Object.entries(keys).map(([key, values]) => [key, singleAsScalar(style, 'Condition', values)]),
      );
    }
    out.Condition = condition;
  }
  return out;
}

/** JSON with the author's indent unit, every line after the first prefixed with `baseIndent`. */
export function renderJson(value: unknown, unit: string, baseIndent: string, eol: string): string {
  return JSON.stringify(value, null, unit)
    .split('\n')
    .map((line, i) => (i === 0 ? line : baseIndent + line))
    .join(eol);
}
