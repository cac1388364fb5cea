/**
 * Usage for each role from the planned source. Local files are read once for every role (reading is the slow
 * part); the AWS sources go through `readUsage` once per account (and reader role) for all its roles, with the
 * run's credentials or the account's reader role.
 */
import { isAbsolute, join } from 'node:path';
import type { AwsCredentials } from '../aws/credentials.js';
import { windowStartFor, type UsageSourceSummary } from '../core/analyze.js';
import { parseIamArn, principalMatches } from '../core/cloudtrail/principal.js';
import { AlphaError } from '../core/errors.js';
import type { UsageSnapshot } from '../core/usage/evidence.js';
import { readLocalUsage } from '../sources/local/read.js';
import type { RoleConfig } from '../config/schema.js';
import { credentialsForRole } from './reader-credentials.js';
import type { AwsAccess } from './credentials.js';
import type { AnalysisPlan } from './plan.js';

export interface RoleUsage {
  snapshot: UsageSnapshot;
  source: UsageSourceSummary;
  /** The window's end: the newest record for local files, the run's clock for live sources. */
  windowEnd: string;
}

export type UsageReader = (role: RoleConfig) => Promise<RoleUsage>;

export interface AwsUsageDeps {
  readonly credentials?: AwsCredentials;
  /** Region for roles whose config names none (the action's `aws-region`). */
  readonly region: string;
  /** One line per account read (`core.info`). */
  readonly log?: (line: string) => void;
  /** The ARN to look for in CloudTrail: IAM's, with the path, when known. Default: the config's. */
  readonly principalArnOf?: (role: RoleConfig) => string;
}

export function createUsageReader(
  plan: AnalysisPlan,
  workspace: string,
  now: Date,
  aws: AwsAccess,
  deps: AwsUsageDeps = { region: aws.kind === 'none' ? 'us-east-1' : aws.region },
): UsageReader {
  if (plan.usage.source === 'local') {
    let shared: Promise<RoleUsage> | undefined;
    return () => (shared ??= readLocal(plan, workspace, now));
  }
  if (aws.kind === 'none')
    throw new AlphaError(
      `usage source ${plan.usage.source} reads from AWS, but this run has no AWS credentials`,
      'set `role-to-assume:` (with `id-token: write` permission) to a read-only role',
    );
  // One read per account (and reader role) serves every role in it: LookupEvents has no role filter, and an
  // Athena query or S3 listing per role would multiply the cost by the number of roles.
  const window = { start: windowStartFor(now.toISOString(), plan.usage.days), end: now.toISOString() };
  // One budget for the whole run, shared by every account read (the job's timeout is per run, not per account).
  const deadline = Date.now() + plan.usage.timeBudgetMinutes * 60_000;
  const reads = new Map<string, Promise<RoleUsage>>();
  return (role) => {
    const key = readerKey(role);
    let read = reads.get(key);
    if (!read) {
      read = readAccount(
        plan,
        plan.roles.filter((r) => readerKey(r) === key),
        window,
        deps,
        Math.max(0, deadline - Date.now()),
      );
      reads.set(key, read);
    }
    return read;
  };
}

function readerKey(role: RoleConfig): string {
  const account = parseIamArn(role.arn)?.accountId ?? role.arn;
  return [account, role.reader?.roleArn ?? '', role.reader?.externalId ?? ''].join('\u0000');
}

async function readAccount(
  plan: AnalysisPlan,
  roles: readonly RoleConfig[],
  window: { start: string; end: string },
  deps: AwsUsageDeps,
  timeBudgetMs: number,
): Promise<RoleUsage> {
  const first = roles[0] as RoleConfig;
  const accountId = parseIamArn(first.arn)?.accountId ?? '';
  const regions = [...new Set(roles.flatMap((r) => r.regions ?? [deps.region]))].sort();
  const credentials = credentialsForRole(deps.credentials, first);
  const u = plan.usage;
  // The AWS SDK loads only here: local-file runs and start-up never pay for it.
  const { readUsage } = await import('../sources/index.js');
  const usage = await readUsage({
    source: u.source,
    window,
    principalArns: roles.map((r) => deps.principalArnOf?.(r) ?? r.arn),
    accountId,
    regions,
    ...(credentials ? { credentials } : {}),
    timeBudgetMs,
    ...(u.bucket ? { trailBucket: u.bucket } : {}),
    ...(u.prefix ? { trailPrefix: u.prefix } : {}),
    ...(u.organizationId ? { organizationId: u.organizationId } : {}),
    ...(u.database ? { athenaDatabase: u.database } : {}),
    ...(u.table ? { athenaTable: u.table } : {}),
    ...(u.workgroup ? { athenaWorkgroup: u.workgroup } : {}),
    ...(u.output ? { athenaOutput: u.output } : {}),
    athenaRegion: deps.region,
  });
  const cost =
    usage.bytesScanned !== undefined
      ? `, ${(usage.bytesScanned / 1_073_741_824).toFixed(2)} GiB scanned (about $${(usage.costUsd ?? 0).toFixed(4)})`
      : '';
  deps.log?.(
    `Read ${u.source} for account ${accountId} (${roles.length} role(s), ${regions.join(', ')}): ${usage.requests} requests${usage.detail ? ` (${usage.detail})` : ''}${cost}, ${usage.complete ? 'window complete' : `INCOMPLETE: ${usage.gaps.join('; ')}`}`,
  );
  return {
    snapshot: usage.snapshot,
    source: {
      kind: u.source,
      complete: usage.complete,
      gaps: usage.gaps,
      rejections: usage.rejections,
      requests: usage.requests,
      ...(usage.bytesScanned !== undefined ? { bytesScanned: usage.bytesScanned } : {}),
      ...(usage.costUsd !== undefined ? { costUsd: usage.costUsd } : {}),
    },
    windowEnd: window.end,
  };
}

async function readLocal(plan: AnalysisPlan, workspace: string, now: Date): Promise<RoleUsage> {
  const paths = plan.usage.paths.map((p) => (isAbsolute(p) ? p : join(workspace, p)));
  const wanted = plan.roles.map((r) => r.arn);
  const usage = await readLocalUsage(paths, {
    principalFilter: (principal) => wanted.some((arn) => principalMatches(arn, principal)),
    workerUrl: new URL('./scan-worker.js', import.meta.url),
  });
  if (usage.filesRead === 0)
    throw new AlphaError(
      `no CloudTrail log files found in ${plan.usage.paths.join(', ')}`,
      'point `cloudtrail-logs:` at a folder of .json or .json.gz CloudTrail files in the workspace (check out the repository first)',
    );
  return {
    snapshot: usage.snapshot,
    source: { kind: 'local', complete: true, gaps: [], rejections: usage.rejections },
    windowEnd: usage.snapshot.newestEvent ?? now.toISOString(),
  };
}
