/**
 * Shorter ways to write a set of actions of one service, for policies that would not fit IAM's size limit.
 * `losslessPatterns` only uses a prefix when every catalog action under it was observed; `verbOf` groups by the
 * leading verb (`s3:Get*`) and does grant more.
 */
import type { IamCatalog } from '../catalog.js';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Leading verb of an action name: `Get` of `GetObjectAcl`, `Batch` of `BatchGetItem`. */
export function verbOf(name: string): string {
  return /^[A-Z][a-z]*/.exec(name)?.[0] ?? name;
}

/**
 * The fewest `service:Prefix*` patterns whose expansion is exactly `names` in this catalog: a prefix is used
 * only when every catalog action under it was observed. Case-insensitive, like IAM.
 */
export function losslessPatterns(service: string, names: readonly string[], catalog: IamCatalog): string[] {
  const all = catalog.actionsOf(service).map((a) => a.name);
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  if (all.length === 0 || names.some((n) => !all.some((a) => a.toLowerCase() === n.toLowerCase()))) {
    return names.map((n) => `${service}:${n}`);
  }
  const out: string[] = [];
  const walk = (prefix: string, members: readonly string[]): void => {
    const lower = members.map((m) => m.toLowerCase());
    const inside = lower.filter((m) => wanted.has(m));
    if (inside.length === 0) return;
    if (inside.length === lower.length && inside.length > 1) {
      out.push(`${service}:${members[0]?.slice(0, prefix.length) ?? ''}*`);
      return;
    }
    const byNext = new Map<string, string[]>();
    for (const m of members) {
      if (m.length === prefix.length) {
        if (wanted.has(m.toLowerCase())) out.push(`${service}:${m}`);
        continue;
      }
      const next = m[prefix.length]?.toLowerCase() ?? '';
      const list = byNext.get(next) ?? [];
      list.push(m);
      byNext.set(next, list);
    }
    for (const next of [...byNext.keys()].sort(compare)) {
      const list = byNext.get(next) ?? [];
      walk(prefix + (list[0]?.[prefix.length] ?? next), list);
    }
  };
  walk('', all);
  return [...new Set(out)].sort(compare);
}
