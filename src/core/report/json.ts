/**
 * Stable JSON for the Proposal and everything else ALPHA writes, so the same input gives byte-identical files.
 *
 * Key order: records keep the order their type declares (the engine builds every object field by field in that
 * order, so `jq` output reads like DESIGN.md), while maps keyed by data — `evidence` (action → Evidence) and
 * policy `Condition` blocks (operator → key → values) — are sorted by key, because their insertion order is
 * whatever order the logs happened to be read in. 2-space indent, trailing newline, `undefined` left out as
 * JSON.stringify does. A non-finite number is an engine bug, not something to print as `null`.
 */

const SORTED_MAPS: ReadonlySet<string> = new Set(['evidence']);
const SORTED_TWO_LEVELS: ReadonlySet<string> = new Set(['Condition']);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function sortedCopy(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compare)) {
    const child = value[key];
    out[key] = depth > 1 && isPlainObject(child) ? sortedCopy(child, depth - 1) : child;
  }
  return out;
}

export function stableStringify(value: unknown): string {
  const text = JSON.stringify(
    value,
    (key: string, child: unknown) => {
      if (typeof child === 'number' && !Number.isFinite(child))
        throw new Error(`cannot write ${String(child)} at "${key}" as JSON: the value is not a finite number`);
      if (SORTED_MAPS.has(key) && isPlainObject(child)) return sortedCopy(child, 1);
      if (SORTED_TWO_LEVELS.has(key) && isPlainObject(child)) return sortedCopy(child, 2);
      return child;
    },
    2,
  );
  if (text === undefined) throw new Error('cannot write this value as JSON (undefined, a function or a symbol)');
  return `${text}\n`;
}
