/**
 * Compares IAM policy documents the way IAM reads them: `"Action": "x"` equals `"Action": ["x"]`, list order
 * and duplicates do not matter, condition values compare as strings, statement order does not matter.
 * Uses the shared normalizer (src/core/policy/normalize.ts); a document it rejects (say, an empty
 * Statement list in the file) falls back to a structural canonical form, so it simply compares unequal.
 */
import type { PolicyDocument } from '../../policy/document.js';
import { normalizePolicyDocument } from '../../policy/normalize.js';

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

/** A canonical JSON string: equal strings ⇔ equivalent policies. */
export function canonicalPolicyKey(policy: unknown): string {
  let normalized: unknown;
  try {
    normalized = normalizePolicyDocument(policy, 'IaC policy');
  } catch {
    return `raw:${JSON.stringify(canonicalPolicy(policy))}`;
  }
  return `normalized:${JSON.stringify(canonicalPolicy(normalized))}`;
}

export function equivalentPolicies(a: unknown, b: unknown): boolean {
  return canonicalPolicyKey(a) === canonicalPolicyKey(b);
}

function canonicalPolicy(policy: unknown): unknown {
  if (!isRecord(policy)) return policy;
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const canonical = statements.map(canonicalStatement).map((s) => JSON.stringify(s));
  return { Version: policy.Version ?? null, Statement: [...new Set(canonical)].sort(), rest: restOf(policy) };
}

function canonicalStatement(statement: unknown): unknown {
  if (!isRecord(statement)) return statement;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(statement).sort()) {
    const value = statement[key];
    if ((LIST_FIELDS as readonly string[]).includes(key)) out[key] = stringSet(value);
    else if (key === 'Condition' && isRecord(value)) out[key] = canonicalCondition(value);
    else out[key] = sortKeysDeep(value);
  }
  return out;
}

function canonicalCondition(condition: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const operator of Object.keys(condition).sort()) {
    const keys = condition[operator];
    if (!isRecord(keys)) {
      out[operator] = keys;
      continue;
    }
    const inner: Record<string, unknown> = {};
    for (const key of Object.keys(keys).sort()) inner[key] = stringSet(keys[key]);
    out[operator] = inner;
  }
  return out;
}

function stringSet(value: unknown): unknown {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return sortKeysDeep(value);
  return [...new Set(list.map((v) => String(v)))].sort();
}

function restOf(policy: Record<string, unknown>): unknown {
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(policy).sort()) if (key !== 'Version' && key !== 'Statement') rest[key] = policy[key];
  return sortKeysDeep(rest);
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep(value[key]);
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The proposal as a pasteable JSON document, for refusals ("apply this by hand"). */
export function standalonePolicySnippet(policy: PolicyDocument): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
