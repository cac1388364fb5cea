/**
 * Resource and condition coverage for "does this grant stay within that one": IAM resource patterns use `*`
 * (any run of characters) and `?` (one character), case-sensitively. The inclusion test is sound, not complete:
 * when it says yes every ARN the narrower pattern matches is matched by the wider one; when unsure it says no,
 * which only ever rejects a refinement a person can then write more plainly.
 */
import type { CatalogAction, IamCatalog } from '../catalog.js';
import type { ConditionBlock, Statement } from '../policy/document.js';
import { classifyArn } from '../policy/resource-arn.js';
import { actionPatternMatches } from '../policy/expand.js';

type Token = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; ch: string };

function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (const ch of pattern) {
    if (ch === '*') {
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
    } else out.push(ch === '?' ? { kind: 'one' } : { kind: 'char', ch });
  }
  return out;
}

/** Whether every ARN `narrow` matches is also matched by `wide` (both IAM resource patterns). */
export function resourceWithin(narrow: string, wide: string): boolean {
  if (wide === '*' || narrow === wide) return true;
  const n = tokens(narrow);
  const w = tokens(wide);
  const memo = new Map<number, boolean>();
  const within = (i: number, j: number): boolean => {
    const id = i * (w.length + 1) + j;
    const seen = memo.get(id);
    if (seen !== undefined) return seen;
    let result: boolean;
    const wt = w[j];
    const nt = n[i];
    if (wt === undefined) result = nt === undefined;
    else if (wt.kind === 'star') result = within(i, j + 1) || (nt !== undefined && within(i + 1, j));
    else if (nt === undefined) result = false;
    else if (wt.kind === 'one') result = nt.kind !== 'star' && within(i + 1, j + 1);
    else result = nt.kind === 'char' && nt.ch === wt.ch && within(i + 1, j + 1);
    memo.set(id, result);
    return result;
  };
  return within(0, 0);
}

/** Whether `candidate` is at least as restrictive as `reference`: it keeps each of its conditions, values ⊆. */
export function conditionsNoWeaker(
  candidate: ConditionBlock | undefined,
  reference: ConditionBlock | undefined,
): boolean {
  for (const [operator, keys] of Object.entries(reference ?? {})) {
    const candidateOperator = Object.entries(candidate ?? {}).find(
      ([op]) => op.toLowerCase() === operator.toLowerCase(),
    );
    if (!candidateOperator) return false;
    for (const [key, values] of Object.entries(keys)) {
      const mine = Object.entries(candidateOperator[1]).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      if (mine === undefined || mine.length === 0 || !mine.every((v) => values.includes(v))) return false;
    }
  }
  return true;
}

/** Whether an Allow statement (Action + Resource form) grants `action` on every ARN `resource` matches. */
export function statementGrants(statement: Statement, action: string, resource: string): boolean {
  if (statement.Effect !== 'Allow' || statement.Action === undefined || statement.NotResource !== undefined)
    return false;
  if (!statement.Action.some((p) => actionPatternMatches(p, action))) return false;
  return (statement.Resource ?? []).some((r) => resourceWithin(resource, r));
}

/**
 * Why `resource` cannot be what `action` acts on, or undefined when it can: an ARN of a type the action does
 * not take grants nothing (a KMS key ARN on s3:GetObject), so it is refused rather than shown as a fix.
 */
export function resourceMismatch(action: CatalogAction, resource: string, catalog: IamCatalog): string | undefined {
  if (resource === '*' || action.resourceTypes.length === 0) return undefined;
  const types = action.resourceTypes.map((t) => t.name);
  if (classifyArn(resource, action.service, types, catalog)) return undefined;
  return `"${resource}" is not an ARN of a resource type ${action.key} acts on (${types.join(', ')})`;
}
