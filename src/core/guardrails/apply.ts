/**
 * Guardrails on a proposed policy. The input is the synthesized policy, i.e. what the role's usage needed, so
 * the semantics are:
 *
 * - The policy that comes out always complies. An action the guardrails forbid (blocked pattern, disallowed
 *   service) is removed, and because the role used it, removing it will break the role: each removal is a
 *   violation (BLOCKED_ACTION / DISALLOWED_SERVICE) with the JSON path of the element in the INPUT policy, for a
 *   human to decide (grant it outside ALPHA, or change the workload).
 * - `--exclude-services` / `--suppress-actions` are the user's own decision: removed quietly, listed in notes.
 *   They take precedence over violations (an excluded iam action is not also a DISALLOWED_SERVICE).
 * - `*` and `service:*` in an Allow statement are WILDCARD_ACTION violations but stay in the policy: which
 *   concrete actions replace them is a human's call. Narrower patterns (`s3:Get*`) are not flagged.
 * - A pattern partly forbidden (`*` with `iam:*` blocked, `iam:Get*` with `iam:GetRole` blocked) is replaced by
 *   exactly what it granted minus the forbidden actions, as service wildcards where a service is untouched and
 *   as the fewest lossless prefixes elsewhere.
 * - Required conditions are added to every Allow statement (not a violation). `aws:RequestedRegion` would deny
 *   every call to a global service (its endpoint's Region is fixed), so those actions move to a statement of
 *   their own without the region condition, and a note says so.
 * - Deny statements are never touched: narrowing a Deny weakens it.
 * - Allow + NotAction: forbidden patterns are added to NotAction; the statement is a WILDCARD_ACTION.
 * - A result over the size limit is POLICY_TOO_LARGE (path `$`).
 */
import type { IamCatalog } from '../catalog.js';
import { losslessPatterns } from '../policy/action-patterns.js';
import type { ConditionBlock, PolicyDocument, Statement } from '../policy/document.js';
import { actionPatternMatches, expandActionPattern } from '../policy/expand.js';
import { MANAGED_POLICY_SIZE_LIMIT, policySize } from '../policy/limits.js';
import { countOf, formatCount } from '../policy/numbers.js';
import type { GuardrailViolation } from '../proposal.js';
import type { EffectiveGuardrails, GuardrailConfig } from './config.js';
import { isRegionlessAction } from './global-services.js';
import { resolveGuardrails } from './presets.js';

export type { GuardrailConfig } from './config.js';

export interface GuardrailContext {
  /** Regions the analysis covered: the values of the prod preset's `aws:RequestedRegion` condition. */
  regions: readonly string[];
  catalog: IamCatalog;
  /** Characters (whitespace excluded) the policy must fit. Default 6,144 (managed policy). */
  sizeLimit?: number;
}

export interface GuardrailResult {
  policy: PolicyDocument;
  violations: GuardrailViolation[];
  notes: string[];
  /**
   * Concrete actions (or, for actions the catalog does not know, the literal element) removed because a
   * guardrail forbids them, sorted: each is an action the role used, so a certain break (assessBreakRisk's
   * `guardrailRemoved`). Excluded and suppressed actions are not in it.
   */
  removed: string[];
}

const REGION_KEY = 'aws:requestedregion';

type Verdict =
  | { kind: 'ok' }
  | { kind: 'excluded'; by: string }
  | { kind: 'suppressed'; by: string }
  | { kind: 'disallowed'; by: string }
  | { kind: 'blocked'; by: string };

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function serviceOf(action: string): string {
  const colon = action.indexOf(':');
  return colon < 0 ? action.trim().toLowerCase() : action.slice(0, colon).trim().toLowerCase();
}

function isFullWildcard(pattern: string): boolean {
  const p = pattern.trim();
  return p === '*' || p.endsWith(':*');
}

function sample(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${formatCount(values.length - max)} more` : shown;
}

function judge(action: string, rules: EffectiveGuardrails): Verdict {
  const service = serviceOf(action);
  if (rules.excludeServices.includes(service)) return { kind: 'excluded', by: service };
  const suppressed = rules.suppressActions.find((p) => actionPatternMatches(p, action));
  if (suppressed !== undefined) return { kind: 'suppressed', by: suppressed };
  if (rules.disallowedServices.includes(service)) return { kind: 'disallowed', by: service };
  const blocked = rules.blockedActions.find((p) => actionPatternMatches(p, action));
  if (blocked !== undefined) return { kind: 'blocked', by: blocked };
  return { kind: 'ok' };
}

/** What a pattern grants minus what is forbidden, written as few patterns as stay exact. */
function rewritePattern(pattern: string, kept: readonly string[], granted: readonly string[], catalog: IamCatalog) {
  const colon = pattern.indexOf(':');
  const namePart = pattern === '*' ? '*' : pattern.slice(colon + 1);
  const byService = new Map<string, { kept: string[]; granted: number }>();
  for (const a of granted) {
    const s = serviceOf(a);
    const entry = byService.get(s) ?? { kept: [], granted: 0 };
    entry.granted += 1;
    byService.set(s, entry);
  }
  for (const a of kept) byService.get(serviceOf(a))?.kept.push(a.slice(a.indexOf(':') + 1));
  const out: string[] = [];
  for (const service of [...byService.keys()].sort(compare)) {
    const entry = byService.get(service);
    if (!entry || entry.kept.length === 0) continue;
    if (entry.kept.length === entry.granted) out.push(`${service}:${namePart}`);
    else out.push(...losslessPatterns(service, entry.kept, catalog));
  }
  return out;
}

interface Tally {
  excluded: Map<string, Set<string>>;
  suppressed: Map<string, Set<string>>;
}

function tallyAdd(map: Map<string, Set<string>>, by: string, action: string): void {
  const set = map.get(by) ?? new Set<string>();
  set.add(action);
  map.set(by, set);
}

function forbiddenMessage(
  element: string,
  removed: readonly string[],
  kind: 'disallowed' | 'blocked',
  by: readonly string[],
  preset: string,
): string {
  const what =
    removed.length === 1 && removed[0] === element
      ? `"${element}"`
      : `"${element}" (${countOf(removed.length, 'action')}: ${sample(removed)})`;
  const rule =
    kind === 'disallowed'
      ? `service${by.length === 1 ? '' : 's'} ${by.join(', ')} ${by.length === 1 ? 'is' : 'are'} disallowed`
      : `blocked by ${by.map((b) => `"${b}"`).join(', ')}`;
  return `${what}: ${rule} (guardrails: ${preset}). Removed from the proposal, but the role used it, so these calls will fail: grant it outside ALPHA after review, or change the workload.`;
}

function filterActionStatement(
  statement: Statement,
  index: number,
  rules: EffectiveGuardrails,
  config: GuardrailConfig,
  catalog: IamCatalog,
  out: { violations: GuardrailViolation[]; removed: Set<string>; tally: Tally },
): string[] {
  const result: string[] = [];
  (statement.Action ?? []).forEach((element, j) => {
    const path = `$.Statement[${index}].Action[${j}]`;
    const expanded = expandActionPattern(element, catalog);
    const granted = expanded.length > 0 ? expanded : [element.trim()];
    const kept: string[] = [];
    const forbidden = { disallowed: new Map<string, string[]>(), blocked: new Map<string, string[]>() };
    for (const action of granted) {
      const verdict = judge(action, rules);
      if (verdict.kind === 'ok') kept.push(action);
      else if (verdict.kind === 'excluded') tallyAdd(out.tally.excluded, verdict.by, action);
      else if (verdict.kind === 'suppressed') tallyAdd(out.tally.suppressed, verdict.by, action);
      else {
        const list = forbidden[verdict.kind].get(verdict.by) ?? [];
        list.push(action);
        forbidden[verdict.kind].set(verdict.by, list);
        out.removed.add(action);
      }
    }
    for (const kind of ['disallowed', 'blocked'] as const) {
      const byRule = forbidden[kind];
      if (byRule.size === 0) continue;
      const actions = [...byRule.values()].flat().sort(compare);
      out.violations.push({
        code: kind === 'disallowed' ? 'DISALLOWED_SERVICE' : 'BLOCKED_ACTION',
        message: forbiddenMessage(element, actions, kind, [...byRule.keys()].sort(compare), config.preset),
        path,
      });
    }
    if (kept.length === 0) return;
    if (rules.flagWildcardActions && isFullWildcard(element))
      out.violations.push({
        code: 'WILDCARD_ACTION',
        message: `"${element}" grants every action of ${serviceOf(element).includes('*') ? 'every service' : serviceOf(element)} (${countOf(kept.length, 'action')} kept): replace it with the actions the role needs.`,
        path,
      });
    result.push(...(kept.length === granted.length ? [element] : rewritePattern(element, kept, granted, catalog)));
  });
  return [...new Set(result)];
}

function forbiddenNotActions(rules: EffectiveGuardrails): string[] {
  return [
    ...rules.blockedActions,
    ...rules.disallowedServices.map((s) => `${s}:*`),
    ...rules.excludeServices.map((s) => `${s}:*`),
    ...rules.suppressActions,
  ];
}

function withCondition(
  condition: ConditionBlock | undefined,
  required: { operator: string; key: string; values: string[] },
  notes: string[],
  where: string,
): ConditionBlock {
  const block: ConditionBlock = {};
  for (const [op, keys] of Object.entries(condition ?? {})) block[op] = { ...keys };
  const keys = block[required.operator] ?? {};
  const existingKey = Object.keys(keys).find((k) => k.toLowerCase() === required.key.toLowerCase());
  const existing = existingKey === undefined ? undefined : keys[existingKey];
  if (existingKey !== undefined) delete keys[existingKey];
  let values = required.values;
  if (existing !== undefined) {
    const both = existing.filter((v) => required.values.includes(v));
    if (both.length > 0) values = both;
    else notes.push(`${where}: its ${required.operator} ${required.key} allowed none of the required values; replaced`);
  }
  keys[existingKey ?? required.key] = [...values];
  block[required.operator] = keys;
  return block;
}

/** The statement, split when a region condition applies and some of its actions are global. */
function conditioned(
  statement: Statement,
  index: number,
  rules: EffectiveGuardrails,
  notes: string[],
  violations: GuardrailViolation[],
): Statement[] {
  const where = `$.Statement[${index}]${statement.Sid ? ` (Sid ${statement.Sid})` : ''}`;
  const region = rules.requiredConditions.filter((c) => c.key.toLowerCase() === REGION_KEY);
  const others = rules.requiredConditions.filter((c) => c.key.toLowerCase() !== REGION_KEY);
  const applyAll = (s: Statement, list: typeof others): Statement => {
    let condition = s.Condition;
    for (const c of list) condition = withCondition(condition, c, notes, where);
    return condition === undefined ? s : { ...s, Condition: condition };
  };

  if (region.some((c) => c.values.length === 0)) {
    violations.push({
      code: 'MISSING_CONDITION',
      message: `${where}: the guardrails require aws:RequestedRegion but the analysis knows no region to allow; pass the regions the role runs in, or the statement cannot be restricted.`,
      path: `$.Statement[${index}]`,
    });
    return [applyAll(statement, [...others, ...region.filter((c) => c.values.length > 0)])];
  }
  if (region.length === 0 || statement.Action === undefined) {
    if (region.length > 0 && statement.NotAction !== undefined)
      notes.push(
        `${where}: aws:RequestedRegion was added to an Allow NotAction statement; global services it allows (IAM, CloudFront, Route 53…) will be denied outside their endpoint's Region`,
      );
    return [applyAll(statement, [...others, ...region])];
  }
  const global = statement.Action.filter((a) => isRegionlessAction(a));
  const regional = statement.Action.filter((a) => !isRegionlessAction(a));
  const out: Statement[] = [];
  if (regional.length > 0) out.push(applyAll({ ...statement, Action: regional }, [...others, ...region]));
  if (global.length > 0) {
    const sid = statement.Sid === undefined ? {} : { Sid: `${statement.Sid}Global` };
    const { Sid: _sid, ...rest } = statement;
    out.push(applyAll({ ...sid, ...rest, Action: global }, others));
    notes.push(
      `${where}: ${sample(global)} ${global.length === 1 ? 'belongs' : 'belong'} to a global service whose endpoint Region is fixed, so ${global.length === 1 ? 'it is' : 'they are'} in a separate statement without the aws:RequestedRegion condition (it would deny every call)`,
    );
  }
  return out;
}

export function applyGuardrails(
  policy: PolicyDocument,
  config: GuardrailConfig,
  context: GuardrailContext,
): GuardrailResult {
  const rules = resolveGuardrails(config, context.regions);
  const violations: GuardrailViolation[] = [];
  const notes: string[] = [];
  const removed = new Set<string>();
  const tally: Tally = { excluded: new Map(), suppressed: new Map() };
  const statements: Statement[] = [];

  policy.Statement.forEach((statement, i) => {
    if (statement.Effect !== 'Allow') {
      statements.push(structuredClone(statement));
      return;
    }
    let next: Statement;
    if (statement.NotAction !== undefined) {
      if (rules.flagWildcardActions)
        violations.push({
          code: 'WILDCARD_ACTION',
          message: `Allow with NotAction grants every action not listed, including services that do not exist yet: list the actions the role needs instead.`,
          path: `$.Statement[${i}].NotAction`,
        });
      const additions = forbiddenNotActions(rules).filter(
        (p) => !statement.NotAction?.some((n) => n.toLowerCase() === p.toLowerCase()),
      );
      if (additions.length > 0)
        notes.push(
          `$.Statement[${i}]: added ${additions.join(', ')} to NotAction so the statement does not grant them`,
        );
      next = { ...structuredClone(statement), NotAction: [...statement.NotAction, ...additions] };
    } else {
      const actions = filterActionStatement(statement, i, rules, config, context.catalog, {
        violations,
        removed,
        tally,
      });
      if (actions.length === 0) {
        if ((statement.Action ?? []).length > 0)
          notes.push(`$.Statement[${i}]${statement.Sid ? ` (Sid ${statement.Sid})` : ''}: dropped, no action left`);
        return;
      }
      next = { ...structuredClone(statement), Action: actions };
    }
    statements.push(...conditioned(next, i, rules, notes, violations));
  });

  for (const [service, actions] of [...tally.excluded.entries()].sort(([a], [b]) => compare(a, b)))
    notes.push(
      `Left out by --exclude-services ${service}: ${sample([...actions].sort(compare))} (${countOf(actions.size, 'action')} the role used)`,
    );
  for (const [pattern, actions] of [...tally.suppressed.entries()].sort(([a], [b]) => compare(a, b)))
    notes.push(
      `Left out by --suppress-actions ${pattern}: ${sample([...actions].sort(compare))} (${countOf(actions.size, 'action')} the role used)`,
    );

  const result: PolicyDocument = { Version: policy.Version, Statement: statements };
  const limit = context.sizeLimit ?? MANAGED_POLICY_SIZE_LIMIT;
  const size = policySize(result);
  if (size > limit)
    violations.push({
      code: 'POLICY_TOO_LARGE',
      message: `The policy after guardrails has ${formatCount(size)} characters (whitespace excluded), over the limit of ${formatCount(limit)}: split it into several managed policies or use an inline policy (10,240 for all of a role's inline policies).`,
      path: '$',
    });
  return { policy: result, violations, notes: [...new Set(notes)], removed: [...removed].sort(compare) };
}
