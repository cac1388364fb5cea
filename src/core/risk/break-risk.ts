/**
 * Deterministic break-risk model: the probability that applying the proposed policy makes the role fail a call
 * it needs. Each factor is an independent chance of a break with a documented weight w_i in [0, 1); they combine
 * as 1 − Π(1 − w_i), so adding a factor or raising a weight never lowers the result. Every factor comes with a
 * sentence for the rationale and a remediation note that says what to do about it.
 *
 * | code                      | weight                                        | why                                             |
 * |---------------------------|-----------------------------------------------|-------------------------------------------------|
 * | GUARDRAIL_REMOVED_USED    | 0.9                                           | a used action was removed: a certain break      |
 * | SOURCE_INCOMPLETE         | 0.4                                           | part of the usage was never read                |
 * | DATA_PLANE_NOT_LOGGED     | 0.35 + 0.05 per further action, ≤ 0.7         | removed actions management events cannot show   |
 * | USED_BEFORE_WINDOW        | 0.3 + 0.05 per further action, ≤ 0.6          | removed, but known used before the window       |
 * | SHORT_WINDOW              | 0.3 × (1 − days / 90)                         | periodic jobs may not have run in the window    |
 * | FEW_ACTIVE_DAYS           | 0.15 × (1 − active days / 14)                 | little activity: code paths may not have run    |
 * | EARLY_ONLY_ACTIONS        | 0.03 per action, ≤ 0.15                       | last seen long before the end: periodic jobs    |
 * | DENIED_ATTEMPTS           | 0.05 per distinct call, ≤ 0.15                | the role already fails calls it tries           |
 * | RARE_ACTIONS              | 0.02 per action seen once, ≤ 0.1              | rare needs exist, so unseen ones may too        |
 * | REMOVED_IN_USED_SERVICES  | 0.0025 per removed action, ≤ 0.08             | siblings of used actions are likelier needed    |
 *
 * The confidence factors (window, active days, early, rare) only count when something can break: when the
 * existing policy is known and the proposal removes nothing, they do not apply. Levels: low < 0.1 ≤ medium
 * < 0.3 ≤ high < 0.6 ≤ critical.
 */
import type { IamCatalog } from '../catalog.js';
import { actionPatternMatches } from '../policy/expand.js';
import { countOf, formatCount } from '../policy/numbers.js';
import type { PolicyDiff, RiskFactor, RiskLevel, RiskSignal } from '../proposal.js';
import type { UsageProfile } from '../usage/evidence.js';

export interface BreakRiskInput {
  profile: UsageProfile;
  windowDays: number;
  windowStart: string;
  windowEnd: string;
  diff: PolicyDiff;
  /** Whether the source held any data events: without them, removed data-plane actions are invisible. */
  sawDataEvents: boolean;
  sourceComplete: boolean;
  /** Actions the role used that the guardrails removed (applyGuardrails' `removed`). */
  guardrailRemoved: string[];
  catalog: IamCatalog;
  /**
   * Actions or service prefixes known to have been used before the window (e.g. IAM last-accessed data).
   * Not knowable from CloudTrail offline; a factor only when provided.
   */
  usedBeforeWindow?: string[];
}

export interface BreakRisk {
  riskSignal: RiskSignal;
  rationale: string[];
  remediationNotes: string[];
}

/** The window IAM Access Analyzer and most least-privilege guidance use; shorter means less confidence. */
export const FULL_WINDOW_DAYS = 90;
const ACTIVE_DAYS_FOR_CONFIDENCE = 14;
const EARLY_MIN_DAYS = 14;
const DAY_MS = 86_400_000;

interface DataPlaneService {
  /** Action patterns CloudTrail logs as data events (or not at all), never as management events. */
  readonly patterns: readonly string[];
  readonly howToSee: string;
}

/**
 * Actions that CloudTrail management events never show: data events (S3 object level and object listing,
 * DynamoDB items and streams, Lambda Invoke, SNS Publish, SQS messages, Kinesis records, S3 Object Lambda,
 * Bedrock agents and knowledge bases) and a few calls CloudTrail does not record as management events
 * (CloudWatch Logs events, CloudWatch metric data). KMS Encrypt/Decrypt/GenerateDataKey are management events,
 * and so are Secrets Manager GetSecretValue and SSM GetParameter: they are visible and not listed here.
 */
export const DATA_PLANE: Readonly<Record<string, DataPlaneService>> = {
  s3: {
    patterns: [
      's3:GetObject*',
      's3:PutObject*',
      's3:DeleteObject*',
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:ListBucketMultipartUploads',
      's3:ListMultipartUploadParts',
      's3:AbortMultipartUpload',
      's3:RestoreObject',
    ],
    howToSee: 'enable S3 data events (object-level logging) on the buckets',
  },
  's3-object-lambda': { patterns: ['s3-object-lambda:*'], howToSee: 'enable S3 Object Lambda data events' },
  dynamodb: {
    patterns: [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:PartiQL*',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ],
    howToSee: 'enable DynamoDB data events on the tables (and streams)',
  },
  lambda: {
    patterns: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
    howToSee: 'enable Lambda data events on the functions',
  },
  sns: { patterns: ['sns:Publish'], howToSee: 'enable SNS data events on the topics' },
  sqs: {
    patterns: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
    howToSee: 'enable SQS data events on the queues',
  },
  kinesis: {
    patterns: [
      'kinesis:PutRecord',
      'kinesis:PutRecords',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:SubscribeToShard',
    ],
    howToSee: 'enable Kinesis Data Streams data events on the streams',
  },
  bedrock: {
    patterns: ['bedrock:InvokeAgent', 'bedrock:Retrieve', 'bedrock:RetrieveAndGenerate', 'bedrock:InvokeFlow'],
    howToSee: 'enable Bedrock data events (agent aliases, knowledge bases, flows)',
  },
  logs: {
    patterns: ['logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
    howToSee: 'check the application logs or the log groups: CloudTrail management events do not show these calls',
  },
  cloudwatch: {
    patterns: ['cloudwatch:PutMetricData', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics'],
    howToSee: 'check the metrics the workload publishes: CloudTrail management events do not show these calls',
  },
};

/** Whether CloudTrail management events cannot show calls to this action. */
export function isDataPlaneAction(action: string): boolean {
  const service = action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();
  return DATA_PLANE[service]?.patterns.some((p) => actionPatternMatches(p, action)) ?? false;
}

export function riskLevelOf(probability: number): RiskLevel {
  if (probability < 0.1) return 'low';
  if (probability < 0.3) return 'medium';
  if (probability < 0.6) return 'high';
  return 'critical';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Four decimals: stable JSON across platforms, and nobody reads a break risk to the fifth. */
function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function sample(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${formatCount(values.length - max)} more` : shown;
}

function percent(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}

function serviceOf(action: string): string {
  return action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();
}

interface Found {
  factor: RiskFactor;
  remediation: string[];
}

export function assessBreakRisk(input: BreakRiskInput): BreakRisk {
  const { profile, diff } = input;
  const found: Found[] = [];
  const add = (code: string, weight: number, detail: string, remediation: string[]): void => {
    const w = round(Math.min(0.99, Math.max(0, weight)));
    if (w > 0) found.push({ factor: { code, weight: w, detail }, remediation });
  };

  const canonical = (a: string): string => input.catalog.action(a)?.key ?? a;
  const removed = [...new Set(diff.removedActions.map(canonical))].sort(compare);
  const existingKnown = diff.keptActions.length > 0 || removed.length > 0;
  const canBreak = removed.length > 0 || !existingKnown || input.guardrailRemoved.length > 0;
  const observed = Object.keys(profile.evidence).sort(compare);

  const guardrailRemoved = [...new Set(input.guardrailRemoved.map(canonical))].sort(compare);
  if (guardrailRemoved.length > 0)
    add(
      'GUARDRAIL_REMOVED_USED',
      0.9,
      `The guardrails removed ${countOf(guardrailRemoved.length, 'action')} the role used (${sample(guardrailRemoved)}): those calls will fail.`,
      [
        `Decide each guardrail violation before applying: grant ${sample(guardrailRemoved)} outside ALPHA after review, or change the workload so it no longer calls ${guardrailRemoved.length === 1 ? 'it' : 'them'}.`,
      ],
    );

  if (!input.sourceComplete)
    add(
      'SOURCE_INCOMPLETE',
      0.4,
      'The usage source is incomplete (see source.gaps): calls in the missing part are not in the evidence.',
      ['Read the missing logs (see source.gaps and source.rejections) and re-run before applying.'],
    );

  if (!input.sawDataEvents) {
    const invisible = removed.filter(isDataPlaneAction);
    if (invisible.length > 0) {
      const services = [...new Set(invisible.map(serviceOf))].sort(compare);
      add(
        'DATA_PLANE_NOT_LOGGED',
        Math.min(0.7, 0.35 + 0.05 * (invisible.length - 1)),
        `The proposal removes ${countOf(invisible.length, 'data-plane action')} (${sample(invisible)}) and the logs contain no data events, so whether the role calls ${invisible.length === 1 ? 'it' : 'them'} is unknown.`,
        services.map((s) => {
          const mine = invisible.filter((a) => serviceOf(a) === s);
          return `${DATA_PLANE[s]?.howToSee ?? 'enable data events'} for at least 2 weeks and re-run before removing ${sample(mine)}.`.replace(
            /^./,
            (c) => c.toUpperCase(),
          );
        }),
      );
    }
  }

  if (input.usedBeforeWindow && input.usedBeforeWindow.length > 0) {
    const before = input.usedBeforeWindow.map((b) => b.toLowerCase());
    const hits = removed.filter((a) => before.includes(a.toLowerCase()) || before.includes(serviceOf(a)));
    if (hits.length > 0)
      add(
        'USED_BEFORE_WINDOW',
        Math.min(0.6, 0.3 + 0.05 * (hits.length - 1)),
        `${countOf(hits.length, 'removed action')} (${sample(hits)}) ${hits.length === 1 ? 'was' : 'were'} used before the observation window.`,
        [
          `Confirm with the role's owner that ${sample(hits)} ${hits.length === 1 ? 'is' : 'are'} no longer needed, or observe a window that includes that use.`,
        ],
      );
  }

  if (canBreak) {
    const days = Math.max(0, input.windowDays);
    if (days < FULL_WINDOW_DAYS)
      add(
        'SHORT_WINDOW',
        0.3 * (1 - days / FULL_WINDOW_DAYS),
        `The observation window is ${countOf(days, 'day')}, shorter than ${FULL_WINDOW_DAYS}: monthly or quarterly jobs may not have run in it.`,
        [
          `Observe for ${FULL_WINDOW_DAYS} days (re-run with --usage-days ${FULL_WINDOW_DAYS} once the logs cover it) before applying.`,
        ],
      );

    const active = profile.activeDays.length;
    if (active < ACTIVE_DAYS_FOR_CONFIDENCE)
      add(
        'FEW_ACTIVE_DAYS',
        0.15 * (1 - active / ACTIVE_DAYS_FOR_CONFIDENCE),
        `The role was active on ${countOf(active, 'day')} of the window: code paths that did not run are not in the evidence.`,
        [
          `Wait for more activity, or confirm with the role's owner that the workload exercised all its paths (deploys, error handling, batch jobs) in the window.`,
        ],
      );

    const end = Date.parse(input.windowEnd);
    const start = Date.parse(input.windowStart);
    const earlyBefore = Math.max(EARLY_MIN_DAYS * DAY_MS, (end - start) / 3);
    const early = Number.isNaN(end)
      ? []
      : observed.filter((a) => {
          const last = Date.parse(profile.evidence[a]?.lastSeen ?? '');
          return !Number.isNaN(last) && end - last > earlyBefore;
        });
    if (early.length > 0)
      add(
        'EARLY_ONLY_ACTIONS',
        Math.min(0.15, 0.03 * early.length),
        `${countOf(early.length, 'action')} (${sample(early)}) ${early.length === 1 ? 'was' : 'were'} last seen long before the window's end: periodic jobs, whose siblings may run less often than the window.`,
        [
          `Find the job behind ${sample(early)} and make sure the window covers its full cycle (monthly, quarterly) before applying.`,
        ],
      );

    const once = observed.filter((a) => profile.evidence[a]?.count === 1);
    if (once.length > 0)
      add(
        'RARE_ACTIONS',
        Math.min(0.1, 0.02 * once.length),
        `${countOf(once.length, 'action')} (${sample(once)}) ${once.length === 1 ? 'was' : 'were'} seen only once: rare needs exist, so some may not have been seen at all.`,
        [`Ask the role's owner what called ${sample(once)} and whether related rare operations exist.`],
      );
  }

  const denied = [...profile.deniedAttempts].sort((a, b) =>
    compare(`${a.eventSource}:${a.eventName}`, `${b.eventSource}:${b.eventName}`),
  );
  if (denied.length > 0) {
    const calls = [...new Set(denied.map((d) => `${d.eventSource}:${d.eventName}`))];
    const total = denied.reduce((n, d) => n + d.count, 0);
    add(
      'DENIED_ATTEMPTS',
      Math.min(0.15, 0.05 * calls.length),
      `The role was denied ${countOf(total, 'time')} on ${countOf(calls.length, 'call')} (${sample(calls)}): it already fails calls it tries, and the proposal does not grant attempts.`,
      [
        `Investigate the denied calls (${sample(calls)}): if the workload needs them, grant them after review; if not, fix the code that makes them.`,
      ],
    );
  }

  const usedServices = new Set(observed.map(serviceOf));
  const siblings = removed.filter(
    (a) => usedServices.has(serviceOf(a)) && !(isDataPlaneAction(a) && !input.sawDataEvents),
  );
  if (siblings.length > 0)
    add(
      'REMOVED_IN_USED_SERVICES',
      // Capped below the default 10 % threshold: replacing `dynamodb:*` by what a well-observed role used is the
      // point of ALPHA, not a reason to stop it on its own.
      Math.min(0.08, 0.0025 * siblings.length),
      `${countOf(siblings.length, 'removed action')} (${sample(siblings)}) belong${siblings.length === 1 ? 's' : ''} to services the role uses, where an unexercised code path is likeliest.`,
      [`Review the removed actions of services the role uses (${sample(siblings)}) with its owner before applying.`],
    );

  found.sort((a, b) => b.factor.weight - a.factor.weight || compare(a.factor.code, b.factor.code));
  const probability = round(1 - found.reduce((keep, f) => keep * (1 - f.factor.weight), 1));
  const level = riskLevelOf(probability);

  const rationale: string[] = [
    `Probability of break ${percent(probability)} (${level}) from ${countOf(found.length, 'risk factor')}, combined as 1 − Π(1 − weight).`,
    `Evidence: ${countOf(observed.length, 'action')} observed on ${countOf(profile.activeDays.length, 'active day')} over a ${countOf(input.windowDays, 'day')} window (${input.windowStart} → ${input.windowEnd}); data events ${input.sawDataEvents ? 'present' : 'absent'}; source ${input.sourceComplete ? 'complete' : 'incomplete'}.`,
  ];
  if (!canBreak)
    rationale.push(
      'The proposal removes nothing the existing policy grants, so gaps in the observation cannot break the role.',
    );
  for (const f of found) rationale.push(`${f.factor.code} (${percent(f.factor.weight)}): ${f.factor.detail}`);

  return {
    riskSignal: { probabilityOfBreak: probability, level, factors: found.map((f) => f.factor) },
    rationale,
    remediationNotes: [...new Set(found.flatMap((f) => f.remediation))],
  };
}
