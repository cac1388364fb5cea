/**
 * The AWS side of `alpha analyze`: credentials (profile / default chain, optionally chained into --assume-role),
 * usage from lookup-events / s3 / athena through `readUsage`, the role's policies from IAM, and AWS's Service
 * Reference. Kept apart from analyze.ts so the offline path (--cloudtrail-logs) never loads or calls any of it.
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AwsCredentials } from '../../aws/credentials.js';
import { readExistingFromIam, type ExistingFromIam } from '../../aws/existing-policies.js';
import { parseIamArn } from '../../core/cloudtrail/principal.js';
import { AlphaError } from '../../core/errors.js';
import type { ServiceReference } from '../../core/cloudtrail/service-reference.js';
import { readUsage, type UsageReadResult } from '../../sources/index.js';
import { loadServiceReference } from '../../sources/service-reference/load.js';
import type { AnalyzeOptions } from './analyze-options.js';
import { createLookupProgressReporter, formatDuration } from '../progress.js';

export type AwsSourceKind = 'lookup-events' | 's3' | 'athena';

/** Credentials only when the run needs AWS: an AWS source, or --profile / --assume-role asked for it. */
export function cliCredentials(
  options: AnalyzeOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AwsCredentialIdentityProvider | undefined {
  if (options.source === 'local' && !options.profile && !options.assumeRole) return undefined;
  const region = options.regions[0] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const credentials = new AwsCredentials({ region, ...(options.profile ? { profile: options.profile } : {}) });
  return options.assumeRole
    ? credentials.forRole({
        roleArn: options.assumeRole,
        ...(options.externalId ? { externalId: options.externalId } : {}),
      })
    : credentials.base;
}

/** Bedrock is called with the caller's own credentials (the tool account), never through the reader role. */
export function bedrockCredentials(
  options: AnalyzeOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AwsCredentialIdentityProvider {
  const region = options.regions[0] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return new AwsCredentials({ region, ...(options.profile ? { profile: options.profile } : {}) }).base;
}

/**
 * LookupEvents and the S3 trail read one account per run here: the credentials reach one account, and reading a
 * role's events needs that account's trail. Several accounts means several runs (or the Action's config).
 */
export function accountOf(roleArns: readonly string[], assumeRole: string | undefined): string {
  const accounts = [...new Set(roleArns.map((a) => parseIamArn(a)?.accountId).filter((a): a is string => !!a))];
  if (accounts.length !== 1)
    throw new AlphaError(
      `the roles are in ${accounts.length === 0 ? 'no known' : 'several'} accounts (${accounts.join(', ') || roleArns.join(', ')})`,
      'run alpha analyze once per account, each with the --assume-role reader role of that account',
    );
  const account = accounts[0] as string;
  const assumed = assumeRole ? parseIamArn(assumeRole)?.accountId : undefined;
  if (assumed && assumed !== account)
    throw new AlphaError(
      `--assume-role ${assumeRole} is in account ${assumed}, but the roles are in ${account}: CloudTrail only shows an account its own events`,
      `pass a reader role in ${account}`,
    );
  return account;
}

export interface AwsUsage extends UsageReadResult {
  readonly window: { start: string; end: string };
}

export async function readAwsUsage(
  options: AnalyzeOptions & { source: AwsSourceKind },
  window: { start: string; end: string },
  credentials: AwsCredentialIdentityProvider | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AwsUsage> {
  const accountId = accountOf(options.roleArn, options.assumeRole);
  const defaultRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const regions = options.regions.length > 0 ? options.regions : defaultRegion ? [defaultRegion] : [];
  const progress = createLookupProgressReporter(
    options.progress ? process.stderr : { isTTY: false, write: () => true },
  );
  const usage = await readUsage({
    source: options.source,
    window,
    principalArns: options.roleArn,
    accountId,
    regions,
    ...(credentials ? { credentials } : {}),
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
    ...(options.timeBudget !== undefined ? { timeBudgetMs: Math.round(options.timeBudget * 60_000) } : {}),
    onLookupProgress: (p) => progress.update(p),
    onAthenaProgress: athenaProgress(options.progress),
    ...(options.trailBucket ? { trailBucket: options.trailBucket } : {}),
    ...(options.trailPrefix ? { trailPrefix: options.trailPrefix } : {}),
    ...(options.organizationId ? { organizationId: options.organizationId } : {}),
    ...(options.athenaDatabase ? { athenaDatabase: options.athenaDatabase } : {}),
    ...(options.athenaTable ? { athenaTable: options.athenaTable } : {}),
    ...(options.athenaWorkgroup ? { athenaWorkgroup: options.athenaWorkgroup } : {}),
    ...(options.athenaOutput ? { athenaOutput: options.athenaOutput } : {}),
  });
  progress.done();
  process.stderr.write(`alpha: ${describeRead(options.source, usage)}\n`);
  for (const gap of usage.gaps) process.stderr.write(`alpha: warning: incomplete: ${gap}\n`);
  return { ...usage, window };
}

/** Athena queries take seconds to minutes: one stderr line per state change, with the bytes scanned so far. */
function athenaProgress(enabled: boolean): (p: { state: string; elapsedMs: number; bytesScanned: number }) => void {
  let last = '';
  return (p) => {
    if (!enabled || p.state === last) return;
    last = p.state;
    process.stderr.write(
      `alpha: athena query ${p.state.toLowerCase()} after ${formatDuration(p.elapsedMs / 1000)}, ${(p.bytesScanned / 1_048_576).toFixed(1)} MiB scanned\n`,
    );
  };
}

/** One line on stderr: what the scan cost, so users can judge when to move to the next source. */
export function describeRead(source: AwsSourceKind, usage: UsageReadResult): string {
  const parts = [`${source}: ${usage.requests.toLocaleString('en-US')} requests`];
  if (usage.detail) parts.push(usage.detail);
  if (source === 'lookup-events') parts.push(`about ${formatDuration(usage.requests / 2)} of quota at 2 requests/s`);
  if (usage.bytesScanned !== undefined)
    parts.push(
      `${(usage.bytesScanned / 1_073_741_824).toFixed(2)} GiB scanned`,
      `about $${(usage.costUsd ?? 0).toFixed(4)}`,
    );
  parts.push(
    usage.complete ? 'window complete' : `INCOMPLETE window: read ${usage.covered.start}..${usage.covered.end}`,
  );
  return parts.join(', ');
}

export async function existingFromIamForCli(
  roleArn: string,
  credentials: AwsCredentialIdentityProvider | undefined,
): Promise<ExistingFromIam> {
  return readExistingFromIam(roleArn, credentials ? { credentials } : {});
}

/**
 * `--service-reference`: a folder (local copy), `aws` (fetch, cached with a TTL), or `builtin`. Default: `aws`
 * for the AWS sources (they need the network anyway), `builtin` for local files, so the offline demo never
 * touches the network and stays byte-identical whatever the cache holds. `--offline` forces `builtin`.
 */
export async function cliServiceReference(
  options: AnalyzeOptions,
  servicePrefixes: readonly string[],
): Promise<{ reference?: ServiceReference; origin?: string }> {
  const choice = options.offline
    ? 'builtin'
    : (options.serviceReference ?? (options.source === 'local' ? 'builtin' : 'aws'));
  if (choice === 'builtin') return {};
  const loaded =
    choice === 'aws'
      ? await loadServiceReference({ servicePrefixes })
      : await loadServiceReference({ directory: choice });
  if (!loaded.reference) {
    process.stderr.write(
      `alpha: note: AWS Service Reference unavailable (${loaded.notes[0] ?? 'no services'}); mapping uses the built-in rules\n`,
    );
    return {};
  }
  return {
    reference: loaded.reference,
    origin: loaded.origin === 'directory' ? `directory:${choice}` : `aws:${loaded.origin}`,
  };
}
