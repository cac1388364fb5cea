/**
 * IAM action patterns → concrete catalog actions. IAM matches the Action element case-insensitively against
 * `service:Action`, with `*` (any run of characters, also empty) and `?` (exactly one character); `*` alone is
 * every action of every service. Written from the IAM documentation, not from any AGPL implementation.
 */
import type { IamCatalog } from '../catalog.js';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const compiled = new Map<string, RegExp>();
const COMPILED_CAP = 10_000;

/** Case-insensitive whole-string glob; compiled once per pattern (policies repeat patterns a lot). */
export function compileActionPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const body = pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, 'is');
    if (compiled.size >= COMPILED_CAP) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Whether an IAM action pattern (`s3:Get*`, `*`) matches an action key (`s3:GetObject`). */
export function actionPatternMatches(pattern: string, actionKey: string): boolean {
  return compileActionPattern(pattern).test(actionKey);
}

function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

const expansions = new WeakMap<IamCatalog, Map<string, readonly string[]>>();

function expand(pattern: string, catalog: IamCatalog): readonly string[] {
  const trimmed = pattern.trim();
  const colon = trimmed.indexOf(':');
  if (trimmed !== '*' && (colon <= 0 || colon === trimmed.length - 1)) return [];
  const servicePart = trimmed === '*' ? '*' : trimmed.slice(0, colon);
  const services = hasWildcard(servicePart)
    ? catalog.services().filter((s) => compileActionPattern(servicePart).test(s))
    : catalog.hasService(servicePart)
      ? [servicePart.toLowerCase()]
      : [];
  const regex = compileActionPattern(trimmed);
  const out: string[] = [];
  for (const service of services) {
    for (const action of catalog.actionsOf(service))
      if (trimmed === '*' || regex.test(action.key)) out.push(action.key);
  }
  return out.sort(compare);
}

/**
 * Concrete catalog actions a pattern grants, sorted canonical keys. An unknown service, a malformed pattern or
 * a pattern that matches nothing gives `[]`: the caller decides how to report it.
 */
export function expandActionPattern(pattern: string, catalog: IamCatalog): string[] {
  let cache = expansions.get(catalog);
  if (!cache) {
    cache = new Map();
    expansions.set(catalog, cache);
  }
  const key = pattern.trim().toLowerCase();
  let result = cache.get(key);
  if (!result) {
    result = expand(pattern, catalog);
    cache.set(key, result);
  }
  return [...result];
}

/** Every action of the catalog, sorted: the universe NotAction subtracts from. */
export function allCatalogActions(catalog: IamCatalog): string[] {
  return expandActionPattern('*', catalog);
}
