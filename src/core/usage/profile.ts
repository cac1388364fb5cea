/**
 * One principal's usage, ready for policy synthesis: the snapshot's calls for that principal, each distinct call
 * mapped to IAM actions once, merged into evidence per action. Failed calls are attempts (reported, never
 * granted); calls that map to nothing are reported with a reason; nothing is dropped silently.
 */
import type { IamCatalog } from '../catalog.js';
import { isInstanceProfileArn } from '../cloudtrail/implied.js';
import { mapCall, type CallMapping } from '../cloudtrail/mapping/map-call.js';
import { principalMatches } from '../cloudtrail/principal.js';
import type { ServiceReference } from '../cloudtrail/service-reference.js';
import type {
  CallAggregate,
  DeniedAttempt,
  Evidence,
  EvidenceOrigin,
  InstanceProfilePassed,
  UnmappedCall,
  UsageProfile,
  UsageSnapshot,
} from './evidence.js';

/** When two calls give the same action, the evidence keeps the most authoritative origin. */
const ORIGIN_RANK: Readonly<Record<EvidenceOrigin, number>> = {
  'service-reference': 0,
  exception: 1,
  'same-name': 2,
  implied: 3,
  // Never produced from logs (src/core/accepted adds it); ranked last so observed evidence always wins.
  accepted: 4,
};

const PASS_ROLE = 'iam:PassRole';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort(compare);
}

/**
 * The sample event is the one of the most recent call (ties: the smaller event id), so it does not depend on
 * the order the reader produced the calls in.
 */
function laterSample(
  current: { lastSeen: string; sampleEventId: string },
  call: { lastSeen: string; sampleEventId: string },
): boolean {
  if (call.lastSeen !== current.lastSeen) return call.lastSeen > current.lastSeen;
  return call.sampleEventId < current.sampleEventId;
}

function callName(call: CallAggregate): string {
  return `${call.eventSource}:${call.eventName}`;
}

class EvidenceBuilder {
  private readonly byAction = new Map<string, Evidence>();

  add(
    action: string,
    call: CallAggregate,
    origin: EvidenceOrigin,
    resources: readonly string[],
    overflow: number,
  ): void {
    const existing = this.byAction.get(action);
    if (!existing) {
      const evidence: Evidence = {
        count: call.count,
        firstSeen: call.firstSeen,
        lastSeen: call.lastSeen,
        regions: union([], call.regions),
        resources: union([], resources),
        sampleEventId: call.sampleEventId,
        origin,
        calls: [callName(call)],
      };
      if (overflow > 0) evidence.resourcesOverflow = overflow;
      this.byAction.set(action, evidence);
      return;
    }
    if (laterSample(existing, call)) existing.sampleEventId = call.sampleEventId;
    existing.count += call.count;
    if (call.firstSeen < existing.firstSeen) existing.firstSeen = call.firstSeen;
    if (call.lastSeen > existing.lastSeen) existing.lastSeen = call.lastSeen;
    existing.regions = union(existing.regions, call.regions);
    existing.resources = union(existing.resources, resources);
    if (overflow > 0) existing.resourcesOverflow = (existing.resourcesOverflow ?? 0) + overflow;
    if (ORIGIN_RANK[origin] < ORIGIN_RANK[existing.origin]) existing.origin = origin;
    existing.calls = union(existing.calls, [callName(call)]);
  }

  build(): Record<string, Evidence> {
    const out: Record<string, Evidence> = {};
    for (const action of [...this.byAction.keys()].sort(compare)) out[action] = this.byAction.get(action) as Evidence;
    return out;
  }
}

/** Accumulates rows keyed by a string, then returns them in key order. */
class Rows<T> {
  private readonly rows = new Map<string, T>();
  upsert(key: string, create: () => T, update: (row: T) => void): void {
    const row = this.rows.get(key);
    if (row) update(row);
    else this.rows.set(key, create());
  }
  sorted(): T[] {
    return [...this.rows.keys()].sort(compare).map((k) => this.rows.get(k) as T);
  }
}

/** Deterministic processing order, whatever order the reader (or its workers) produced the calls in. */
function callOrder(a: CallAggregate, b: CallAggregate): number {
  return (
    compare(a.principalArn, b.principalArn) ||
    compare(a.eventSource, b.eventSource) ||
    compare(a.eventName, b.eventName) ||
    compare(a.errorCode ?? '', b.errorCode ?? '') ||
    compare(a.sampleEventId, b.sampleEventId)
  );
}

/**
 * What one principal did. `principalArn` may be path-less (`role/Name`), matching the role at any path; the
 * profile then names the ARN seen in the logs when exactly one matched, else the requested one.
 */
export function buildUsageProfile(
  snapshot: UsageSnapshot,
  principalArn: string,
  catalog: IamCatalog,
  serviceReference?: ServiceReference,
): UsageProfile {
  const calls = snapshot.calls.filter((c) => principalMatches(principalArn, c.principalArn)).sort(callOrder);
  const matched = [...new Set(calls.map((c) => c.principalArn))].sort(compare);
  const resolvedArn = matched.length === 1 && matched[0] !== undefined ? matched[0] : principalArn;

  const mappings = new Map<string, CallMapping>();
  const mapOnce = (call: CallAggregate): CallMapping => {
    const key = `${call.eventSource}\u0000${call.eventName}`;
    let mapping = mappings.get(key);
    if (!mapping) {
      mapping = mapCall(call.eventSource, call.eventName, catalog, serviceReference);
      mappings.set(key, mapping);
    }
    return mapping;
  };
  const passRole = catalog.action(PASS_ROLE)?.key ?? PASS_ROLE;

  const evidence = new EvidenceBuilder();
  const denied = new Rows<DeniedAttempt>();
  const unmapped = new Rows<UnmappedCall>();
  const noPermission = new Rows<{ eventSource: string; eventName: string; count: number }>();
  const profiles = new Rows<InstanceProfilePassed>();
  // UnmappedCall has no lastSeen; kept aside so its sample follows the same rule as the others.
  const unmappedLastSeen = new Map<string, string>();

  for (const call of calls) {
    const mapping = mapOnce(call);
    const callKey = `${call.eventSource}\u0000${call.eventName}`;

    if (call.errorCode !== undefined) {
      // An attempt: reported with what it would have needed, never evidence.
      const actions = union(
        mapping.kind === 'actions' ? mapping.actions : [],
        call.passedRoles.length > 0 ? [passRole] : [],
      );
      denied.upsert(
        `${callKey}\u0000${call.errorCode}`,
        () => ({
          eventSource: call.eventSource,
          eventName: call.eventName,
          actions,
          errorCode: call.errorCode as string,
          count: call.count,
          lastSeen: call.lastSeen,
          sampleEventId: call.sampleEventId,
        }),
        (row) => {
          if (laterSample(row, call)) row.sampleEventId = call.sampleEventId;
          row.count += call.count;
          if (call.lastSeen > row.lastSeen) row.lastSeen = call.lastSeen;
          row.actions = union(row.actions, actions);
        },
      );
      continue;
    }

    if (mapping.kind === 'actions') {
      for (const action of mapping.actions)
        evidence.add(action, call, mapping.origin, call.resources, call.resourcesOverflow);
    } else if (mapping.kind === 'no-permission') {
      noPermission.upsert(
        callKey,
        () => ({ eventSource: call.eventSource, eventName: call.eventName, count: call.count }),
        (row) => {
          row.count += call.count;
        },
      );
    } else {
      const reason = mapping.reason;
      unmapped.upsert(
        callKey,
        () => ({
          eventSource: call.eventSource,
          eventName: call.eventName,
          count: call.count,
          sampleEventId: call.sampleEventId,
          reason,
        }),
        (row) => {
          const seen = unmappedLastSeen.get(callKey) ?? '';
          if (laterSample({ lastSeen: seen, sampleEventId: row.sampleEventId }, call))
            row.sampleEventId = call.sampleEventId;
          row.count += call.count;
        },
      );
      if (call.lastSeen > (unmappedLastSeen.get(callKey) ?? '')) unmappedLastSeen.set(callKey, call.lastSeen);
    }

    // iam:PassRole is implied by the call whatever the call itself maps to: the role was handed over.
    const roles = call.passedRoles.filter((r) => !isInstanceProfileArn(r));
    const instanceProfiles = call.passedRoles.filter((r) => isInstanceProfileArn(r));
    if (roles.length > 0 || instanceProfiles.length > 0) {
      evidence.add(passRole, call, 'implied', roles, instanceProfiles.length);
    }
    for (const instanceProfileArn of instanceProfiles) {
      profiles.upsert(
        instanceProfileArn,
        () => ({ instanceProfileArn, count: call.count, calls: [callName(call)], sampleEventId: call.sampleEventId }),
        (row) => {
          row.count += call.count;
          row.calls = union(row.calls, [callName(call)]);
          if (call.sampleEventId < row.sampleEventId) row.sampleEventId = call.sampleEventId;
        },
      );
    }
  }

  const days =
    matched.length > 0
      ? matched.flatMap((arn) => snapshot.activeDays[arn] ?? [])
      : (snapshot.activeDays[principalArn] ?? []);
  const instanceProfilesPassed = profiles.sorted();
  return {
    principalArn: resolvedArn,
    evidence: evidence.build(),
    unmapped: unmapped.sorted(),
    deniedAttempts: denied.sorted(),
    noPermissionCalls: noPermission.sorted(),
    activeDays: union([], days),
    ...(instanceProfilesPassed.length > 0 ? { instanceProfilesPassed } : {}),
  };
}

/** Every principal with at least one call (successful or not), sorted: what `--all-roles` analyzes. */
export function listPrincipals(snapshot: UsageSnapshot): string[] {
  return [...new Set(snapshot.calls.map((c) => c.principalArn))].sort(compare);
}
