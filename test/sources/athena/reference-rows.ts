/**
 * What Athena returns for the usage query (src/sources/athena/sql.ts) over a handful of CloudTrail records,
 * computed in TypeScript from the query's documented semantics. Tests cannot run Trino, so this stands in for
 * it: each step below names the SQL it mirrors, and principals are selected with the query's own selectors
 * (exact ARNs and regular expressions, whose syntax here is the same in Java and JavaScript).
 */
import {
  PARAMETER_RESOURCE_KEYS,
  PARAMETER_RESOURCE_SOURCES,
  principalSelectors,
  USAGE_COLUMNS,
} from '../../../src/sources/athena/sql.js';

/** A CloudTrail record as JSON (what the trail writes), the fields the query reads. */
export interface RawRecord {
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  eventID?: string;
  eventCategory?: string;
  readOnly?: boolean;
  errorCode?: string;
  recipientAccountId?: string;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    sessionContext?: { sessionIssuer?: { arn?: string } };
  };
  requestParameters?: unknown;
  resources?: { ARN?: string; type?: string; accountId?: string }[];
}

const RESOURCE_ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12}|aws)?:.+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1F\x7F]/;
const ROLE_KEY = /"[a-z]*(role|profile)[a-z]*"\s*:/i;

interface Group {
  kind: string;
  key: string[];
  calls: number;
  first: string;
  last: string;
  earliest: string;
  regions: Set<string>;
  days: Set<string>;
  dataEvents: number;
  roleParameters: Set<string>;
  refs: Map<string, number>;
  parameterRefs: Map<string, number>;
}

const SOURCES: ReadonlySet<string> = new Set(PARAMETER_RESOURCE_SOURCES);
const KEYS: ReadonlySet<string> = new Set(PARAMETER_RESOURCE_KEYS.map((k) => k.toLowerCase()));

/** try(map_filter(CAST(json_parse(…) AS MAP(VARCHAR, JSON)), …)) as JSON: the resource-naming keys present. */
function fingerprint(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (v !== null && KEYS.has(k.toLowerCase())) kept[k] = v;
  return JSON.stringify(kept);
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

export function referenceRows(
  records: readonly RawRecord[],
  spec: {
    window: { start: string; end: string };
    principalArns: readonly string[];
    maxResourcesPerCall: number;
    passedRoleSample: number;
    parameterSets?: number;
  },
): (string | null)[][] {
  const groups = new Map<string, Group>();
  const { exact, patterns } = principalSelectors(spec.principalArns);
  const regexes = patterns.map((p) => new RegExp(p));
  for (const r of records) {
    // WHERE eventtime BETWEEN start AND end (canonical strings compare as times)
    if (r.eventTime < spec.window.start || r.eventTime > spec.window.end) continue;
    const type = r.userIdentity?.type;
    // CASE useridentity.type …
    const principal =
      type === 'AssumedRole'
        ? r.userIdentity?.sessionContext?.sessionIssuer?.arn || r.userIdentity?.arn
        : type === 'IAMUser'
          ? r.userIdentity?.arn
          : undefined;
    const kind = !principal
      ? 'ignored'
      : spec.principalArns.length === 0 || exact.includes(principal) || regexes.some((re) => re.test(principal))
        ? 'selected'
        : 'unselected';
    const selected = kind === 'selected';
    const key = selected
      ? [type ?? '', principal ?? '', r.eventSource, r.eventName, r.errorCode ?? '']
      : ['', '', '', '', ''];
    const id = JSON.stringify([kind, ...key]);
    let g = groups.get(id);
    if (!g) {
      g = {
        kind,
        key,
        calls: 0,
        first: r.eventTime,
        last: r.eventTime,
        earliest: '\uffff',
        regions: new Set(),
        days: new Set(),
        dataEvents: 0,
        roleParameters: new Set(),
        refs: new Map(),
        parameterRefs: new Map(),
      };
      groups.set(id, g);
    }
    g.calls++;
    if (r.eventTime < g.first) g.first = r.eventTime;
    if (r.eventTime > g.last) g.last = r.eventTime;
    const earliest = r.eventTime + (r.eventID ? ` ${r.eventID}` : '~');
    if (earliest < g.earliest) g.earliest = earliest;
    if (r.awsRegion) g.regions.add(r.awsRegion);
    g.days.add(r.eventTime.slice(0, 10));
    if (r.eventCategory === 'Data') g.dataEvents++;
    // role_parameters: writes whose request parameters have a key naming a role or profile
    const params = r.requestParameters === undefined ? undefined : JSON.stringify(r.requestParameters);
    if (selected && r.readOnly !== true && params !== undefined && ROLE_KEY.test(params))
      g.roleParameters.add(`${r.recipientAccountId ?? ''} ${r.awsRegion ?? ''} ${params}`);
    // parameter_references: records listing no resources[] of a service whose parameters name resources
    const listsResources = (r.resources ?? []).length > 0;
    if (selected && !listsResources && SOURCES.has(r.eventSource)) {
      const fp = fingerprint(r.requestParameters);
      if (fp !== undefined && fp !== '{}') {
        const setKey = JSON.stringify([fp, r.recipientAccountId ?? '', r.awsRegion ?? '']);
        g.parameterRefs.set(setKey, (g.parameterRefs.get(setKey) ?? 0) + 1);
      }
    }
    // resource_references: distinct ARNs of the first 100 resources, valid ARNs only
    if (selected) {
      const arns = new Set((r.resources ?? []).slice(0, 100).map((x) => x.ARN));
      for (const arn of arns) {
        if (arn === undefined || arn.length > 2048 || !RESOURCE_ARN.test(arn) || CONTROL.test(arn)) continue;
        g.refs.set(arn, (g.refs.get(arn) ?? 0) + 1);
      }
    }
  }
  const rows = [...groups.values()].map((g) => {
    const ranked = sorted(g.refs.keys());
    const kept = ranked.slice(0, spec.maxResourcesPerCall);
    const overflow = ranked.slice(spec.maxResourcesPerCall).reduce((n, arn) => n + (g.refs.get(arn) ?? 0), 0);
    const roleParameters = sorted(g.roleParameters);
    const parameterSets = sorted(g.parameterRefs.keys()).map((k) => {
      const [fp, account, region] = JSON.parse(k) as [string, string, string];
      return [account, region, fp, String(g.parameterRefs.get(k))];
    });
    const keptSets = parameterSets.slice(0, spec.parameterSets ?? 1000);
    const setOverflow = parameterSets.slice(spec.parameterSets ?? 1000).reduce((n, set) => n + Number(set[3]), 0);
    const cells: Record<(typeof USAGE_COLUMNS)[number], string | null> = {
      principal_kind: g.kind,
      identity_type: g.key[0] ?? '',
      principal: g.key[1] ?? '',
      eventsource: g.key[2] ?? '',
      eventname: g.key[3] ?? '',
      errorcode: g.key[4] ?? '',
      calls: String(g.calls),
      first_seen: g.first,
      last_seen: g.last,
      earliest_event: g.earliest,
      regions: g.regions.size ? JSON.stringify(sorted(g.regions)) : null,
      days: JSON.stringify(sorted(g.days)),
      data_events: String(g.dataEvents),
      role_parameter_sets: String(roleParameters.length),
      role_parameters: roleParameters.length ? JSON.stringify(roleParameters.slice(0, spec.passedRoleSample)) : null,
      resources: kept.length ? JSON.stringify(kept) : null,
      resource_references: kept.length ? JSON.stringify(kept.map((arn) => g.refs.get(arn))) : null,
      resources_overflow: String(overflow),
      parameter_sets: keptSets.length ? JSON.stringify(keptSets) : null,
      parameter_overflow: String(setOverflow),
    };
    return USAGE_COLUMNS.map((c) => cells[c]);
  });
  return rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
