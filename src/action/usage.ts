/**
 * Usage for each role from the planned source. Local files are read once for every role (reading is the slow
 * part); the AWS sources go through `src/sources` with the run's credentials.
 */
import { isAbsolute, join } from 'node:path';
import type { UsageSourceSummary } from '../core/analyze.js';
import { principalMatches } from '../core/cloudtrail/principal.js';
import { AlphaError } from '../core/errors.js';
import type { UsageSnapshot } from '../core/usage/evidence.js';
import { readLocalUsage } from '../sources/local/read.js';
import type { RoleConfig } from '../config/schema.js';
import type { AwsAccess } from './credentials.js';
import type { AnalysisPlan } from './plan.js';

export interface RoleUsage {
  snapshot: UsageSnapshot;
  source: UsageSourceSummary;
  /** The window's end: the newest record for local files, the run's clock for live sources. */
  windowEnd: string;
}

export type UsageReader = (role: RoleConfig) => Promise<RoleUsage>;

export function createUsageReader(plan: AnalysisPlan, workspace: string, now: Date, aws: AwsAccess): UsageReader {
  if (plan.usage.source === 'local') {
    let shared: Promise<RoleUsage> | undefined;
    return () => (shared ??= readLocal(plan, workspace, now));
  }
  // TODO(aws engineer): wire `readUsage` from src/sources (lookup-events / s3 / athena) with the credential
  // provider from src/aws built for `aws` (OIDC via core.getIDToken, or ambient). Until then, say so plainly.
  return () =>
    Promise.reject(
      new AlphaError(
        `usage source ${plan.usage.source} is not available in this build of the Action (${aws.kind} credentials were found)`,
        'use `source: local` with `cloudtrail-logs:` for now, or the `alpha` CLI',
      ),
    );
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
