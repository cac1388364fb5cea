/**
 * Records → usage: one CallAggregate per (principal, event source, event name, error code), so the mapping to
 * IAM actions later runs once per distinct call instead of once per record.
 *
 * Every choice here is order-independent (minimum, maximum, union, the K smallest resources), so worker
 * threads can each accumulate a share of the files and `mergeSnapshots` gives exactly the snapshot one pass
 * over all records would have given.
 */
import { passedRolesOf } from '../cloudtrail/implied.js';
import { resolvePrincipal, type Principal } from '../cloudtrail/principal.js';
import type { CloudTrailRecord, UserIdentity } from '../cloudtrail/record.js';
import { knownTimeKey } from '../cloudtrail/scan-record.js';
import { resourcesOf } from '../cloudtrail/resources.js';
import type { CallAggregate, UsageSnapshot } from './evidence.js';

export interface UsageAccumulatorOptions {
  /** Keep calls only for principals this accepts (others still count in `eventsRead`). Default: all. */
  readonly principalFilter?: (principalArn: string) => boolean;
  /** Distinct resource ARNs listed per call; the lexicographically smallest are kept. Default 1000. */
  readonly maxResourcesPerCall?: number;
  /** Only records with start ≤ eventTime ≤ end count as usage; the rest are counted as outside the window. */
  readonly window?: { readonly start: string; readonly end: string };
}

export const DEFAULT_MAX_RESOURCES_PER_CALL = 1000;

/**
 * A string the accumulator keeps. Strings from the scanner are slices of a whole log file's text, and V8 keeps
 * the whole text alive as long as one slice of it is: copying what is retained lets each file be collected.
 * Called only when a value is first stored, never per record.
 */
function retained(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * Time as a sortable number, YYYYMMDDhhmmss (exact in a double). Comparing numbers is far cheaper than comparing
 * sliced strings, and numbers retain no text. Records from the scanner carry the canonical
 * `YYYY-MM-DDThh:mm:ssZ`; anything else is parsed (sub-second precision is dropped, as the scanner does).
 */
export function timeKey(time: string): number {
  if (time.length === 20 && time.charCodeAt(19) === 90 /* Z */) {
    let key = 0;
    let digits = 0;
    for (let i = 0; i < 19; i++) {
      const c = time.charCodeAt(i) - 48;
      if (c >= 0 && c <= 9) {
        key = key * 10 + c;
        digits++;
      }
    }
    if (digits === 14) return key;
  }
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`eventTime ${JSON.stringify(time)} is not an ISO 8601 time`);
  const d = new Date(ms);
  return (
    d.getUTCFullYear() * 1e10 +
    (d.getUTCMonth() + 1) * 1e8 +
    d.getUTCDate() * 1e6 +
    d.getUTCHours() * 1e4 +
    d.getUTCMinutes() * 100 +
    d.getUTCSeconds()
  );
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function timeText(key: number): string {
  const seconds = key % 100;
  const minutes = Math.floor(key / 100) % 100;
  const hours = Math.floor(key / 1e4) % 100;
  return `${dayText(Math.floor(key / 1e6))}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}Z`;
}

function dayText(day: number): string {
  return `${String(Math.floor(day / 1e4)).padStart(4, '0')}-${pad2(Math.floor(day / 100) % 100)}-${pad2(day % 100)}`;
}

function dayKey(text: string): number {
  return Math.floor(timeKey(`${text}T00:00:00Z`) / 1e6);
}

/**
 * The K smallest distinct ARNs with how often each was referenced. `overflow` counts references (one per
 * record and ARN) to every other ARN: unlike a count of distinct ARNs, that stays exact when partial results
 * from several workers are merged without keeping every ARN in memory.
 *
 * Kept lazily: ARNs go into a map until it holds a quarter more than the cap, then the map is cut back to the
 * K smallest and the largest kept ARN becomes a limit. An ARN above the limit can never be among the K smallest
 * (K smaller ones were already seen), so it overflows at the cost of one comparison. Keeping a sorted array
 * instead cost a binary search and a splice per new ARN (S3 object keys are mostly new).
 */
class CappedResources {
  private readonly counts = new Map<string, number>();
  /** The largest kept ARN once the map has been cut back; anything greater overflows. */
  private limit: string | undefined;
  overflow = 0;

  /**
   * @param limit a limit already known to hold: the main accumulator's, for a file's accumulator (fork), whose
   * ARNs above it could never be kept when folded in; it only saves a file from counting them one by one.
   */
  constructor(
    private readonly cap: number,
    limit?: string,
  ) {
    this.limit = limit;
  }

  /** See the constructor. */
  get knownLimit(): string | undefined {
    return this.limit;
  }

  /** @param copied the ARN is already a copy of its own (see retained), e.g. one kept by another cap. */
  add(arn: string, references: number, copied = false): void {
    const limit = this.limit;
    if (limit !== undefined && arn > limit) {
      this.overflow += references;
      return;
    }
    const counts = this.counts;
    const known = counts.get(arn);
    if (known !== undefined) {
      counts.set(arn, known + references);
      return;
    }
    if (this.cap === 0) {
      this.overflow += references;
      return;
    }
    counts.set(copied ? arn : retained(arn), references);
    // A quarter of slack: selection makes cutting back cheap, and every kept ARN is memory per call.
    if (counts.size > this.cap + (this.cap >>> 2) + 32) this.cutBack();
  }

  /** Keeps the K smallest ARNs (found by selection, not sorting: ARNs share long prefixes, so compares cost). */
  private cutBack(): void {
    const cap = this.cap;
    if (this.counts.size <= cap) return;
    const arns = [...this.counts.keys()];
    selectSmallest(arns, cap - 1);
    for (let i = cap; i < arns.length; i++) {
      const arn = arns[i] as string;
      this.overflow += this.counts.get(arn) ?? 0;
      this.counts.delete(arn);
    }
    this.limit = arns[cap - 1];
  }

  /** Folds another cap's ARNs and overflow in; equal to having added their references here. */
  absorb(other: CappedResources): void {
    for (const [arn, references] of other.counts) this.add(arn, references, true);
    this.overflow += other.overflow;
  }

  /** The kept ARNs, sorted, with their reference counts. */
  entries(): { readonly list: string[]; readonly references: number[] } {
    this.cutBack();
    const list = [...this.counts.keys()].sort(); // default sort: UTF-16 code units, the order of `<`
    return { list, references: list.map((arn) => this.counts.get(arn) ?? 0) };
  }
}

/**
 * Reorders `items` so that `items[k]` is the k-th smallest, everything before it smaller and everything after
 * it greater (Wirth's selection: linear on average, and the items here are distinct).
 */
function selectSmallest(items: string[], k: number): void {
  let left = 0;
  let right = items.length - 1;
  while (left < right) {
    const pivot = items[k] as string;
    let i = left;
    let j = right;
    do {
      while ((items[i] as string) < pivot) i++;
      while (pivot < (items[j] as string)) j--;
      if (i <= j) {
        const swap = items[i] as string;
        items[i] = items[j] as string;
        items[j] = swap;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) left = i;
    if (k < i) right = j;
  }
}

interface CallState {
  readonly principalArn: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly errorCode: string | undefined;
  count: number;
  first: number;
  last: number;
  sampleEventId: string;
  dataEvent: boolean;
  readonly regions: Set<string>;
  readonly resources: CappedResources;
  readonly passedRoles: Set<string>;
}

/** The deterministic sample: the smallest event id among the earliest records (records without an id lose). */
function takeEarliest(state: CallState, time: number, eventId: string): void {
  if (time < state.first) {
    state.first = time;
    state.sampleEventId = retained(eventId);
  } else if (time === state.first && eventId !== '' && (state.sampleEventId === '' || eventId < state.sampleEventId)) {
    state.sampleEventId = retained(eventId);
  }
}

function addRetained(set: Set<string>, value: string): void {
  if (!set.has(value)) set.add(retained(value));
}

/** Per principal: calls by event source, then event name, then one state per error code (usually one or two). */
interface PrincipalState {
  readonly arn: string;
  readonly calls: Map<string, Map<string, CallState[]>>;
  readonly days: Set<number>;
  /** The last day added: records come roughly in time order, so most records skip the Set. */
  lastDay: number;
}

export class UsageAccumulator {
  private readonly principals = new Map<string, PrincipalState>();
  private readonly regions = new Set<string>();
  private readonly filterVerdicts = new Map<string, boolean>();
  private readonly resolved = new WeakMap<object, Principal | null>();
  private readonly principalFilter: ((principalArn: string) => boolean) | undefined;
  private readonly cap: number;
  private eventsRead = 0;
  private eventsIgnored = 0;
  private eventsOutsideWindow = 0;
  private readonly windowStart: number = -Infinity;
  private readonly windowEnd: number = Infinity;
  private oldest = Infinity;
  private newest = -Infinity;
  private sawDataEvents = false;

  constructor(
    private readonly options: UsageAccumulatorOptions = {},
    /** The accumulator this one was forked from, whose resource limits already hold here (see fork). */
    private readonly parent?: UsageAccumulator,
  ) {
    this.principalFilter = options.principalFilter;
    this.cap = options.maxResourcesPerCall ?? DEFAULT_MAX_RESOURCES_PER_CALL;
    if (options.window) {
      this.windowStart = timeKey(options.window.start);
      this.windowEnd = timeKey(options.window.end);
    }
    if (!Number.isInteger(this.cap) || this.cap < 0)
      throw new RangeError(`maxResourcesPerCall must be a whole number ≥ 0, got ${this.cap}`);
  }

  /** Throws RangeError for a record whose eventTime is not ISO 8601 (the reader rejects those before). */
  add(record: CloudTrailRecord): void {
    const time = knownTimeKey(record) ?? timeKey(record.eventTime);
    this.eventsRead++;
    if (time < this.windowStart || time > this.windowEnd) {
      this.eventsOutsideWindow++;
      return;
    }
    if (time < this.oldest) this.oldest = time;
    if (time > this.newest) this.newest = time;
    const region = record.awsRegion;
    if (region) addRetained(this.regions, region);
    const dataEvent = record.eventCategory === 'Data' || record.managementEvent === false;
    if (dataEvent) this.sawDataEvents = true;

    const principal = this.principalOf(record.userIdentity);
    if (principal === undefined) {
      this.eventsIgnored++;
      return;
    }
    if (!this.accepts(principal.arn)) return;

    const owner = this.principalState(principal.arn);
    const state = this.callState(owner, record.eventSource, record.eventName, record.errorCode || undefined, time);
    state.count++;
    takeEarliest(state, time, record.eventID ?? '');
    if (time > state.last) state.last = time;
    if (dataEvent) state.dataEvent = true;
    if (region) addRetained(state.regions, region);
    for (const resource of resourcesOf(record)) state.resources.add(resource, 1);
    for (const role of passedRolesOf(record)) addRetained(state.passedRoles, role);
    const day = Math.floor(time / 1e6);
    if (day !== owner.lastDay) {
      owner.days.add(day);
      owner.lastDay = day;
    }
  }

  /** An empty accumulator with the same options: its snapshot can be folded into this one (addSnapshot). */
  fork(): UsageAccumulator {
    return new UsageAccumulator(this.options, this);
  }

  /** The resource limit of a call here, if it has one (see CappedResources). */
  private resourceLimit(arn: string, source: string, name: string, errorCode: string | undefined): string | undefined {
    const states = this.principals.get(arn)?.calls.get(source)?.get(name);
    if (states !== undefined)
      for (const state of states) if (state.errorCode === errorCode) return state.resources.knownLimit;
    return undefined;
  }

  /**
   * Folds in an accumulator made by fork() (one file's records), state by state: equal to having added its
   * records here, without building and re-reading a snapshot (no sorting, no time formatting).
   */
  absorb(other: UsageAccumulator): void {
    this.eventsRead += other.eventsRead;
    this.eventsIgnored += other.eventsIgnored;
    this.eventsOutsideWindow += other.eventsOutsideWindow;
    if (other.oldest < this.oldest) this.oldest = other.oldest;
    if (other.newest > this.newest) this.newest = other.newest;
    for (const region of other.regions) addRetained(this.regions, region);
    if (other.sawDataEvents) this.sawDataEvents = true;
    for (const from of other.principals.values()) {
      const owner = this.principalState(from.arn);
      for (const day of from.days) owner.days.add(day);
      for (const byName of from.calls.values())
        for (const states of byName.values())
          for (const call of states) {
            const state = this.callState(owner, call.eventSource, call.eventName, call.errorCode, call.first);
            state.count += call.count;
            takeEarliest(state, call.first, call.sampleEventId);
            if (call.last > state.last) state.last = call.last;
            if (call.dataEvent) state.dataEvent = true;
            for (const region of call.regions) addRetained(state.regions, region);
            state.resources.absorb(call.resources);
            for (const role of call.passedRoles) addRetained(state.passedRoles, role);
          }
    }
  }

  /** Folds a snapshot in (merging worker results); equal to having added its records. */
  addSnapshot(snapshot: UsageSnapshot): void {
    this.eventsRead += snapshot.eventsRead;
    this.eventsIgnored += snapshot.eventsIgnored;
    this.eventsOutsideWindow += snapshot.eventsOutsideWindow ?? 0;
    if (snapshot.oldestEvent !== undefined) this.oldest = Math.min(this.oldest, timeKey(snapshot.oldestEvent));
    if (snapshot.newestEvent !== undefined) this.newest = Math.max(this.newest, timeKey(snapshot.newestEvent));
    for (const region of snapshot.regions) addRetained(this.regions, region);
    if (snapshot.sawDataEvents) this.sawDataEvents = true;
    for (const [arn, days] of Object.entries(snapshot.activeDays)) {
      const owner = this.principalState(arn);
      for (const day of days) owner.days.add(dayKey(day));
    }
    for (const call of snapshot.calls) {
      const owner = this.principalState(call.principalArn);
      const first = timeKey(call.firstSeen);
      const state = this.callState(owner, call.eventSource, call.eventName, call.errorCode, first);
      state.count += call.count;
      takeEarliest(state, first, call.sampleEventId);
      state.last = Math.max(state.last, timeKey(call.lastSeen));
      if (call.dataEvent) state.dataEvent = true;
      for (const region of call.regions) addRetained(state.regions, region);
      call.resources.forEach((arn, i) => state.resources.add(arn, call.resourceReferences?.[i] ?? 1));
      state.resources.overflow += call.resourcesOverflow;
      for (const role of call.passedRoles) addRetained(state.passedRoles, role);
    }
  }

  snapshot(): UsageSnapshot {
    const calls: CallAggregate[] = [];
    const activeDays: Record<string, string[]> = {};
    for (const owner of [...this.principals.values()].sort((a, b) => compare(a.arn, b.arn))) {
      if (owner.days.size > 0) activeDays[owner.arn] = [...owner.days].sort((a, b) => a - b).map(dayText);
      for (const byName of owner.calls.values())
        for (const states of byName.values())
          for (const s of states) {
            const resources = s.resources.entries();
            calls.push({
              principalArn: s.principalArn,
              eventSource: s.eventSource,
              eventName: s.eventName,
              ...(s.errorCode === undefined ? {} : { errorCode: s.errorCode }),
              count: s.count,
              firstSeen: timeText(s.first),
              lastSeen: timeText(s.last),
              regions: [...s.regions].sort(),
              resources: resources.list,
              resourcesOverflow: s.resources.overflow,
              resourceReferences: resources.references,
              passedRoles: [...s.passedRoles].sort(),
              sampleEventId: s.sampleEventId,
              dataEvent: s.dataEvent,
            });
          }
    }
    calls.sort(compareCalls);
    return {
      calls,
      activeDays,
      eventsRead: this.eventsRead,
      eventsIgnored: this.eventsIgnored,
      ...(this.eventsOutsideWindow === 0 ? {} : { eventsOutsideWindow: this.eventsOutsideWindow }),
      ...(this.oldest === Infinity ? {} : { oldestEvent: timeText(this.oldest) }),
      ...(this.newest === -Infinity ? {} : { newestEvent: timeText(this.newest) }),
      sawDataEvents: this.sawDataEvents,
      regions: [...this.regions].sort(),
    };
  }

  /**
   * resolvePrincipal is pure and the scanner hands every record of a session the same (immutable) identity
   * object, so one resolution per object is exact and saves most of its per-record cost.
   */
  private principalOf(identity: UserIdentity | undefined): Principal | undefined {
    if (typeof identity !== 'object' || identity === null) return resolvePrincipal(identity);
    const known = this.resolved.get(identity);
    if (known !== undefined) return known ?? undefined;
    const principal = resolvePrincipal(identity);
    this.resolved.set(identity, principal ?? null);
    return principal;
  }

  private accepts(arn: string): boolean {
    const filter = this.principalFilter;
    if (filter === undefined) return true;
    let verdict = this.filterVerdicts.get(arn);
    if (verdict === undefined) {
      verdict = filter(arn);
      this.filterVerdicts.set(retained(arn), verdict);
    }
    return verdict;
  }

  private principalState(arn: string): PrincipalState {
    let state = this.principals.get(arn);
    if (state === undefined) {
      const kept = retained(arn);
      state = { arn: kept, calls: new Map(), days: new Set(), lastDay: -1 };
      this.principals.set(kept, state);
    }
    return state;
  }

  private callState(
    owner: PrincipalState,
    source: string,
    name: string,
    errorCode: string | undefined,
    time: number,
  ): CallState {
    let byName = owner.calls.get(source);
    if (byName === undefined) owner.calls.set(retained(source), (byName = new Map()));
    let states = byName.get(name);
    if (states === undefined) byName.set(retained(name), (states = []));
    for (const state of states) if (state.errorCode === errorCode) return state;
    const state: CallState = {
      principalArn: owner.arn,
      eventSource: retained(source),
      eventName: retained(name),
      errorCode: errorCode === undefined ? undefined : retained(errorCode),
      count: 0,
      first: time,
      last: time,
      sampleEventId: '',
      dataEvent: false,
      regions: new Set(),
      resources: new CappedResources(this.cap, this.parent?.resourceLimit(owner.arn, source, name, errorCode)),
      passedRoles: new Set(),
    };
    states.push(state);
    return state;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareCalls(a: CallAggregate, b: CallAggregate): number {
  return (
    compare(a.principalArn, b.principalArn) ||
    compare(a.eventSource, b.eventSource) ||
    compare(a.eventName, b.eventName) ||
    (a.errorCode === undefined ? 0 : 1) - (b.errorCode === undefined ? 0 : 1) ||
    compare(a.errorCode ?? '', b.errorCode ?? '')
  );
}

/** Snapshots of disjoint sets of records (one per worker) → the snapshot of all of them; order does not matter. */
export function mergeSnapshots(
  snapshots: readonly UsageSnapshot[],
  options: Pick<UsageAccumulatorOptions, 'maxResourcesPerCall'> = {},
): UsageSnapshot {
  const merged = new UsageAccumulator(options);
  for (const snapshot of snapshots) merged.addSnapshot(snapshot);
  return merged.snapshot();
}

/** The snapshot with only the accepted principals' calls and active days; equal to filtering while adding. */
export function filterSnapshot(snapshot: UsageSnapshot, accepts: (principalArn: string) => boolean): UsageSnapshot {
  const verdicts = new Map<string, boolean>();
  const keep = (arn: string): boolean => {
    let verdict = verdicts.get(arn);
    if (verdict === undefined) verdicts.set(arn, (verdict = accepts(arn)));
    return verdict;
  };
  return {
    ...snapshot,
    calls: snapshot.calls.filter((c) => keep(c.principalArn)),
    activeDays: Object.fromEntries(Object.entries(snapshot.activeDays).filter(([arn]) => keep(arn))),
  };
}
