/**
 * UsageProfile → least-privilege identity policy. Every observed action is granted (never dropped); resources
 * are narrowed to the observed ARNs where the action supports resource-level permissions and the ARNs fit its
 * resource types. When the policy is too large it is coarsened step by step, least precision lost first, until
 * it fits IAM's size limit. Output is sorted and byte-identical for the same profile, whatever its key order.
 */
import type { AccessLevel, IamCatalog } from '../catalog.js';
import { splitActionKey } from '../catalog.js';
import type { Evidence, UsageProfile } from '../usage/evidence.js';
import { losslessPatterns, verbOf } from './action-patterns.js';
import type { ConditionBlock, PolicyDocument, Statement } from './document.js';
import { expandActionPattern } from './expand.js';
import { MANAGED_POLICY_SIZE_LIMIT, policySize } from './limits.js';
import { countOf, formatCount } from './numbers.js';
import { passRoleCondition } from './pass-role.js';
import { classifyArn, formatWide, type ResourceRef } from './resource-arn.js';

export interface SynthesizeOptions {
  /** The role's account: scopes iam:PassRole when the passed role is not named (instance profiles). */
  accountId: string;
  /** Default `aws`. */
  partition?: string;
  /** Above this many ARNs for one action, its resources are generalized. Default 50. */
  maxResourcesPerStatement?: number;
  /** Characters IAM counts (whitespace excluded). Default 6,144 (managed policy); inline policies may use 10,240. */
  sizeLimit?: number;
}

export interface SynthesizedPolicy {
  policy: PolicyDocument;
  notes: string[];
}

const DEFAULT_MAX_RESOURCES = 50;
const PASS_ROLE = 'iam:passrole';
/** Deepest resource generalization: 0 exact, 1 name prefix, 2 `prefix*`, 3 partition+account wide, 4 `*`. */
const LEVEL_WILDCARD = 4;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compare);
}

function sample(values: readonly string[], max = 3): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${formatCount(values.length - max)} more` : shown;
}

/** A set of observed ARNs that share everything but their last name part: the unit that gets generalized. */
interface ResourceGroup {
  readonly key: string;
  readonly first: ResourceRef;
  readonly names: string[];
  level: number;
  /** Why it was generalized, for the note. */
  reason?: string;
}

interface ActionPlan {
  readonly key: string;
  readonly service: string;
  readonly name: string;
  readonly accessLevel: AccessLevel | undefined;
  /** `*`, or resources not derived from observed ARNs (PassRole within the account). */
  readonly fixed?: readonly string[];
  /** Group key → the names of that group this action touched. */
  readonly refs: ReadonlyMap<string, readonly string[]>;
  readonly typeNames: readonly string[];
  readonly condition?: ConditionBlock;
}

type ActionStyle = 'exact' | 'lossless' | 'verb' | 'service';

interface State {
  readonly groups: Map<string, ResourceGroup>;
  /** Per service; absent means exact. */
  readonly actionStyles: Map<string, ActionStyle>;
  /** Statements on `*` without conditions merged across services (no precision lost, less overhead). */
  merged: boolean;
}

function groupKey(ref: ResourceRef): string {
  return `${ref.typeName}\u0000${ref.prefix}\u0000${ref.suffix}`;
}

function longestCommonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0] ?? '';
  for (const name of names) {
    let i = 0;
    while (i < prefix.length && i < name.length && prefix[i] === name[i]) i++;
    prefix = prefix.slice(0, i);
  }
  // Paths generalize at a folder boundary: `logs/2024/*`, not `logs/2024/0*`.
  const slash = prefix.lastIndexOf('/');
  return slash >= 0 ? prefix.slice(0, slash + 1) : prefix;
}

function renderGroup(group: ResourceGroup, names: readonly string[], level = group.level): string[] {
  const { prefix, suffix } = group.first;
  if (level === 0 || (level === 1 && group.names.length === 1)) return names.map((n) => prefix + n + suffix);
  if (level === 1) return [`${prefix}${longestCommonPrefix(group.names)}*${suffix}`];
  if (level === 2) return [`${prefix}*${suffix}`];
  if (level === 3) return [formatWide(group.first)];
  return ['*'];
}

function groupWeight(group: ResourceGroup, level = group.level): number {
  return renderGroup(group, group.names, level).reduce((n, r) => n + r.length + 3, 0);
}

function actionResources(plan: ActionPlan, state: State): string[] {
  if (plan.fixed) return [...plan.fixed];
  const out = new Set<string>();
  for (const [key, names] of plan.refs) {
    const group = state.groups.get(key);
    if (!group) continue;
    if (group.level >= LEVEL_WILDCARD) return ['*'];
    for (const r of renderGroup(group, names)) out.add(r);
  }
  return sortedUnique(out);
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

const ACCESS_WORD: Readonly<Record<AccessLevel, string>> = {
  Read: 'Read',
  Write: 'Write',
  List: 'List',
  Tagging: 'Tagging',
  'Permissions management': 'Permissions',
};

function plural(word: string): string {
  if (/(s|x|ch|sh)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** `S3ReadObjects`, `DynamodbTables`, `Ec2ReadAllResources`: service, shared access level, resource type. */
function sidBase(service: string, plans: readonly ActionPlan[], resources: readonly string[]): string {
  const levels = sortedUnique(plans.map((p) => (p.accessLevel ? ACCESS_WORD[p.accessLevel] : '')));
  const access = levels.length === 1 ? (levels[0] ?? '') : '';
  const types = sortedUnique(plans.flatMap((p) => p.typeNames));
  const what =
    resources.length === 1 && resources[0] === '*'
      ? 'AllResources'
      : types.length === 1 && types[0]
        ? plural(pascal(types[0]))
        : 'Resources';
  return `${pascal(service) || 'Any'}${access}${what}`;
}

interface BuiltStatement {
  readonly service: string;
  readonly sidBase: string;
  readonly plans: ActionPlan[];
  readonly statement: Statement;
  /** Actions the written patterns grant beyond the observed ones. */
  readonly extra: string[];
}

function writeActions(
  service: string,
  plans: readonly ActionPlan[],
  style: ActionStyle,
  catalog: IamCatalog,
): { actions: string[]; extra: string[] } {
  const names = plans.map((p) => p.name);
  const keys = sortedUnique(plans.map((p) => p.key));
  if (style === 'exact') return { actions: keys, extra: [] };
  let patterns: string[];
  if (style === 'lossless') patterns = losslessPatterns(service, names, catalog);
  else if (style === 'verb') patterns = sortedUnique(names.map((n) => `${service}:${verbOf(n)}*`));
  else patterns = [`${service}:*`];
  // A pattern is only worth it when shorter than what it replaces; never when the catalog does not know the service.
  if (!catalog.hasService(service)) return { actions: keys, extra: [] };
  const observed = new Set(keys);
  const extra = sortedUnique(patterns.flatMap((p) => expandActionPattern(p, catalog)).filter((a) => !observed.has(a)));
  return { actions: patterns, extra };
}

function build(plans: readonly ActionPlan[], state: State, catalog: IamCatalog): BuiltStatement[] {
  const buckets = new Map<
    string,
    { service: string; resources: string[]; condition?: ConditionBlock; plans: ActionPlan[] }
  >();
  for (const plan of plans) {
    const resources = actionResources(plan, state);
    const condition = plan.condition;
    const anywhere = resources.length === 1 && resources[0] === '*' && condition === undefined;
    const service = state.merged && anywhere ? '' : plan.service;
    const key = `${service}\u0000${resources.join('\u0001')}\u0000${condition ? JSON.stringify(condition) : ''}`;
    const bucket = buckets.get(key) ?? { service, resources, ...(condition ? { condition } : {}), plans: [] };
    bucket.plans.push(plan);
    buckets.set(key, bucket);
  }
  const built: BuiltStatement[] = [];
  for (const bucket of buckets.values()) {
    let actions: string[] = [];
    let extra: string[] = [];
    const byService = new Map<string, ActionPlan[]>();
    for (const p of bucket.plans) byService.set(p.service, [...(byService.get(p.service) ?? []), p]);
    for (const service of [...byService.keys()].sort(compare)) {
      const style = state.actionStyles.get(service) ?? 'exact';
      const written = writeActions(service, byService.get(service) ?? [], style, catalog);
      actions.push(...written.actions);
      extra.push(...written.extra);
    }
    actions = sortedUnique(actions);
    extra = sortedUnique(extra);
    const statement: Statement = { Effect: 'Allow', Action: actions, Resource: bucket.resources };
    if (bucket.condition) statement.Condition = bucket.condition;
    built.push({
      service: bucket.service,
      sidBase: bucket.service === '' ? 'AllObservedActions' : sidBase(bucket.service, bucket.plans, bucket.resources),
      plans: bucket.plans,
      statement,
      extra,
    });
  }
  built.sort(
    (a, b) =>
      compare(a.service, b.service) ||
      compare(a.sidBase, b.sidBase) ||
      compare(JSON.stringify(a.statement.Resource), JSON.stringify(b.statement.Resource)) ||
      compare(JSON.stringify(a.statement.Action), JSON.stringify(b.statement.Action)) ||
      compare(JSON.stringify(a.statement.Condition ?? {}), JSON.stringify(b.statement.Condition ?? {})),
  );
  return built;
}

function documentOf(built: readonly BuiltStatement[]): PolicyDocument {
  const used = new Map<string, number>();
  const statements = built.map((b) => {
    const n = (used.get(b.sidBase) ?? 0) + 1;
    used.set(b.sidBase, n);
    const s: Statement = { Sid: n === 1 ? b.sidBase : `${b.sidBase}${n}`, Effect: 'Allow' };
    if (b.statement.Action) s.Action = b.statement.Action;
    if (b.statement.Resource) s.Resource = b.statement.Resource;
    if (b.statement.Condition) s.Condition = b.statement.Condition;
    return s;
  });
  return { Version: '2012-10-17', Statement: statements };
}

/** Notes that many actions share are written once, listing the actions. */
class NoteBook {
  private readonly single: string[] = [];
  private readonly grouped = new Map<string, string[]>();
  add(note: string): void {
    this.single.push(note);
  }
  /** `reason` is the text after the list of actions. */
  addFor(action: string, reason: string): void {
    this.grouped.set(reason, [...(this.grouped.get(reason) ?? []), action]);
  }
  notes(): string[] {
    const grouped = [...this.grouped.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([reason, actions]) => `${sortedUnique(actions).join(', ')}: ${reason}`);
    return [...grouped, ...this.single];
  }
}

function planAction(
  key: string,
  evidence: Evidence,
  catalog: IamCatalog,
  options: Required<Pick<SynthesizeOptions, 'partition'>> & SynthesizeOptions,
  groups: Map<string, ResourceGroup>,
  notes: NoteBook,
): ActionPlan {
  const entry = catalog.action(key);
  const canonical = entry?.key ?? key;
  const parts = splitActionKey(canonical);
  const service = entry?.service ?? parts?.service ?? canonical;
  const name = entry?.name ?? parts?.name ?? canonical;
  const base = { key: canonical, service, name, accessLevel: entry?.accessLevel, refs: new Map<string, string[]>() };
  const isPassRole = canonical.toLowerCase() === PASS_ROLE;
  const condition = isPassRole ? passRoleCondition(evidence, canonical, (n) => notes.add(n)) : undefined;
  const withCondition = condition ? { condition } : {};
  const anywhere = (typeNames: readonly string[], reason?: string): ActionPlan => {
    if (reason) notes.addFor(canonical, reason);
    return { ...base, ...withCondition, fixed: ['*'], typeNames };
  };
  if (!entry) return anywhere([], `not in the IAM catalog ${catalog.version}: granted on "*"`);
  const types = entry.resourceTypes.map((r) => r.name);
  if (types.length === 0) return anywhere([]);
  const required = entry.resourceTypes.filter((r) => r.required).map((r) => r.name);
  if ((evidence.resourcesOverflow ?? 0) > 0) {
    if (isPassRole && options.accountId !== '') {
      notes.add(
        `${canonical}: ${countOf(evidence.resourcesOverflow ?? 0, 'passed role')} not named in the logs (inside instance profiles, or past the reader's cap): granted on every role of account ${options.accountId}`,
      );
      return {
        ...base,
        ...withCondition,
        fixed: [`arn:${options.partition}:iam::${options.accountId}:role/*`],
        typeNames: ['role'],
      };
    }
    return anywhere(types, 'more resources were touched than the logs list (past the reader\'s cap): granted on "*"');
  }
  if (evidence.resources.length === 0)
    return anywhere(
      types,
      'resource-level permissions exist but no resource was observed (management events often omit them): granted on "*"',
    );
  const classified: ResourceRef[] = [];
  const misfits: string[] = [];
  for (const arn of sortedUnique(evidence.resources)) {
    const ref = classifyArn(arn, service, types, catalog);
    if (ref) classified.push(ref);
    else misfits.push(arn);
  }
  if (classified.length === 0)
    return anywhere(types, 'no observed resource is of a resource type the action takes: granted on "*"');
  // A call authorized against several resources at once (an instance, its image, subnet…) needs every one of
  // them: scope only when each resource type it can involve is required and was observed.
  if (required.length > 1) {
    const seenTypes = new Set(classified.map((r) => r.typeName.toLowerCase()));
    const complete =
      entry.resourceTypes.every((r) => r.required) && required.every((t) => seenTypes.has(t.toLowerCase()));
    if (!complete)
      return anywhere(
        types,
        'each call is authorized against several resources at once and the logs do not name all of them: granted on "*", because scoping to the observed ones would break it',
      );
  }
  const refs = new Map<string, string[]>();
  const typeNames = new Set<string>();
  for (const ref of classified) {
    const gk = groupKey(ref);
    const group = groups.get(gk) ?? { key: gk, first: ref, names: [], level: 0 };
    group.names.push(ref.name);
    groups.set(gk, group);
    refs.set(gk, [...(refs.get(gk) ?? []), ref.name]);
    typeNames.add(ref.typeName);
  }
  // CloudTrail lists the container with its contents (the bucket of every object): not a misfit worth a note.
  const fitting = [...refs.values()].length > 0 ? evidence.resources : [];
  const unexplained = misfits.filter(
    (m) => !fitting.some((f) => f !== m && f.startsWith(m) && /^[/:]/.test(f.slice(m.length))),
  );
  if (unexplained.length > 0)
    notes.add(
      `${canonical}: ${countOf(unexplained.length, 'observed resource')} not of its resource types (${types.join(', ')}) did not scope it: ${sample(unexplained)}`,
    );
  return { ...base, ...withCondition, refs, typeNames: sortedUnique(typeNames) };
}

/**
 * Coarsens resource groups, largest first, one level at a time, until `fits()` or every group reached `maxLevel`.
 * Estimated savings pick how many to coarsen per round; the real size decides when to stop.
 */
function coarsenResources(state: State, maxLevel: number, overflow: () => number, reason: string): void {
  for (;;) {
    const over = overflow();
    if (over <= 0) return;
    const candidates = [...state.groups.values()]
      .filter((g) => g.level < maxLevel)
      .map((g) => ({ g, weight: groupWeight(g) }))
      .sort((a, b) => b.weight - a.weight || compare(a.g.key, b.g.key));
    if (candidates.length === 0) return;
    let saved = 0;
    for (const { g, weight } of candidates) {
      const nextLevel = g.level === 0 && g.names.length === 1 ? 2 : g.level + 1;
      g.level = Math.min(nextLevel, maxLevel);
      g.reason = reason;
      saved += weight - (g.level >= LEVEL_WILDCARD ? 4 : groupWeight(g));
      if (saved >= over) break;
    }
  }
}

const STYLE_ORDER: readonly ActionStyle[] = ['exact', 'lossless', 'verb', 'service'];

/**
 * Moves services to a coarser way of writing their actions, the services with the longest action lists first,
 * one at a time, until the policy fits.
 */
function coarsenActions(
  state: State,
  style: ActionStyle,
  current: () => readonly BuiltStatement[],
  done: () => boolean,
): void {
  if (done()) return;
  const weights = new Map<string, number>();
  for (const b of current())
    for (const a of b.statement.Action ?? []) {
      const service = a.slice(0, a.indexOf(':'));
      weights.set(service, (weights.get(service) ?? 0) + a.length + 3);
    }
  const order = [...weights.entries()].sort(([a, x], [b, y]) => y - x || compare(a, b)).map(([s]) => s);
  for (const service of order) {
    const now = state.actionStyles.get(service) ?? 'exact';
    if (STYLE_ORDER.indexOf(now) >= STYLE_ORDER.indexOf(style)) continue;
    state.actionStyles.set(service, style);
    if (done()) return;
  }
}

export function synthesizePolicy(
  profile: UsageProfile,
  catalog: IamCatalog,
  options: SynthesizeOptions,
): SynthesizedPolicy {
  const partition = options.partition ?? 'aws';
  const sizeLimit = options.sizeLimit ?? MANAGED_POLICY_SIZE_LIMIT;
  const maxResources = options.maxResourcesPerStatement ?? DEFAULT_MAX_RESOURCES;
  const notes = new NoteBook();
  const groups = new Map<string, ResourceGroup>();

  const plans: ActionPlan[] = [];
  const seen = new Set<string>();
  for (const key of Object.keys(profile.evidence).sort(compare)) {
    const evidence = profile.evidence[key];
    if (!evidence) continue;
    const plan = planAction(key, evidence, catalog, { ...options, partition }, groups, notes);
    if (seen.has(plan.key.toLowerCase())) continue;
    seen.add(plan.key.toLowerCase());
    plans.push(plan);
  }
  for (const g of groups.values()) g.names.splice(0, g.names.length, ...sortedUnique(g.names));
  if (plans.length === 0) {
    notes.add(
      'no action was observed: the proposed policy grants nothing (IAM refuses an empty Statement list: detach the policy rather than attach this one)',
    );
    return { policy: { Version: '2012-10-17', Statement: [] }, notes: notes.notes() };
  }

  const state: State = { groups, actionStyles: new Map(), merged: false };

  // Readability first: an action listing hundreds of ARNs is generalized even when it would fit.
  for (const plan of plans) {
    for (;;) {
      if (actionResources(plan, state).length <= maxResources) break;
      const rendered = (g: ResourceGroup): number => renderGroup(g, plan.refs.get(g.key) ?? []).length;
      const mine = [...plan.refs.keys()]
        .map((k) => state.groups.get(k))
        .filter((g): g is ResourceGroup => g !== undefined && g.level < 3)
        .sort((a, b) => rendered(b) - rendered(a) || b.names.length - a.names.length || compare(a.key, b.key));
      const group = mine[0];
      if (!group) break;
      group.level = group.level === 0 && group.names.length === 1 ? 2 : group.level + 1;
      group.reason = `more than ${formatCount(maxResources)} resources for one action`;
    }
  }

  let built = build(plans, state, catalog);
  let size = policySize(documentOf(built));
  const overflow = (): number => {
    built = build(plans, state, catalog);
    size = policySize(documentOf(built));
    return size - sizeLimit;
  };
  const sizeReason = `to fit ${formatCount(sizeLimit)} characters`;
  const fits = (): boolean => overflow() <= 0;
  /** Whether a change would make the policy fit; the state is left as it was. */
  const fitsWith = (change: () => void): boolean => {
    const levels = new Map([...groups].map(([k, g]) => [k, g.level]));
    const styles = new Map(state.actionStyles);
    const merged = state.merged;
    change();
    const result = fits();
    for (const [k, level] of levels) (groups.get(k) as ResourceGroup).level = level;
    state.actionStyles.clear();
    for (const [k, style] of styles) state.actionStyles.set(k, style);
    state.merged = merged;
    overflow();
    return result;
  };
  const resourcesAt = (level: number) => (): void => {
    for (const g of groups.values()) g.level = Math.max(g.level, level);
    if (level >= LEVEL_WILDCARD) state.merged = true;
  };
  // Least precision lost first. Resource name prefixes and exact-equivalent action patterns cost nothing
  // observable; then, for each coarser way of writing actions, widen resources instead when that alone fits:
  // a resource step that cannot make the policy fit would lose scoping for nothing.
  coarsenResources(state, 2, overflow, sizeReason);
  for (const style of ['lossless', 'verb', 'service'] as const) {
    const resourcesSuffice = (): boolean => fitsWith(resourcesAt(3)) || fitsWith(resourcesAt(LEVEL_WILDCARD));
    coarsenActions(state, style, () => built, style === 'lossless' ? fits : () => fits() || resourcesSuffice());
    if (fits()) break;
    if (fitsWith(resourcesAt(3))) {
      coarsenResources(state, 3, overflow, sizeReason);
      break;
    }
    if (fitsWith(resourcesAt(LEVEL_WILDCARD))) {
      coarsenResources(state, 3, overflow, sizeReason);
      coarsenResources(state, LEVEL_WILDCARD, overflow, sizeReason);
      if (!fits()) state.merged = true;
      break;
    }
  }
  if (!fits()) {
    coarsenResources(state, LEVEL_WILDCARD, overflow, sizeReason);
    state.merged = true;
  }
  overflow();

  for (const g of [...groups.values()].sort((a, b) => compare(a.key, b.key))) {
    if (g.level === 0 || (g.level === 1 && g.names.length === 1)) continue;
    const became =
      g.level >= LEVEL_WILDCARD
        ? 'the actions on them were granted on "*"'
        : `written as ${renderGroup(g, g.names)[0] ?? '*'}`;
    notes.add(
      `${g.reason ?? sizeReason}: ${countOf(g.names.length, `${g.first.typeName} resource`)} like ${g.first.arn} ${g.names.length === 1 ? 'was' : 'were'} generalized; ${became}`,
    );
  }
  for (const service of [...state.actionStyles.keys()].sort(compare)) {
    const style = state.actionStyles.get(service);
    const patterns = sortedUnique(
      built.flatMap((b) => b.statement.Action ?? []).filter((a) => a.startsWith(`${service}:`) && a.includes('*')),
    );
    if (patterns.length === 0) continue;
    const extra = sortedUnique(
      built.filter((b) => b.plans.some((p) => p.service === service)).flatMap((b) => b.extra),
    ).filter((a) => a.startsWith(`${service}:`));
    notes.add(
      style === 'lossless'
        ? `${sizeReason}: ${service} actions were written as wildcard patterns that match exactly the observed actions in IAM catalog ${catalog.version} (actions AWS adds later may match too)`
        : `${sizeReason}: ${service} actions were written as ${sample(patterns, 10)}, which also ${extra.length > 0 ? `grant ${countOf(extra.length, 'unobserved action')}: ${sample(extra, 10)}` : 'match actions AWS adds later'}`,
    );
  }
  if (state.merged) notes.add(`${sizeReason}: the statements on "*" were merged into one`);
  let policy = documentOf(built);
  if (policySize(policy) > sizeLimit) {
    // Unreachable for real catalogs (every service wildcard fits); kept so the size promise holds regardless.
    policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'AllObservedActions', Effect: 'Allow', Action: ['*'], Resource: ['*'] }],
    };
    notes.add(`${sizeReason}: the policy had to grant every action ("*"); review it by hand`);
  }
  return { policy, notes: notes.notes() };
}
