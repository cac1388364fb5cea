/**
 * Usage from the trail's log files in S3: management and (if the trail logs them) data events, any age the
 * bucket keeps. Lists only the day prefixes inside the window (plus an hour of slack: file names carry the
 * delivery time, which trails the event time), downloads with bounded concurrency, and feeds each object
 * through the same decoder and accumulator as local files. SSE-KMS objects decrypt transparently given
 * kms:Decrypt; digest files live under CloudTrail-Digest/ and are never listed.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { inPool } from '../../core/pool.js';
import { UsageAccumulator } from '../../core/usage/accumulate.js';
import type { UsageSnapshot } from '../../core/usage/evidence.js';
import { awsCallError, awsErrorCode, isAccessDenied } from '../../aws/errors.js';
import { principalArnFilter } from '../local/scan-worker-protocol.js';
import { accumulateLogText, decodeLogBytesAsync } from '../local/log-text.js';

export interface S3TrailOptions {
  readonly bucket: string;
  /** The trail's S3 key prefix, if any (without `AWSLogs/`). */
  readonly prefix?: string;
  /** Organization trails write under `AWSLogs/<org-id>/<account>/`. */
  readonly organizationId?: string;
  /** Accounts to read; default: every account folder found under AWSLogs/. */
  readonly accountIds?: readonly string[];
  readonly regions: readonly string[];
  readonly principalArns: readonly string[];
  readonly window: { readonly start: string; readonly end: string };
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly client?: S3Client;
  readonly clientConfig?: Record<string, unknown>;
  readonly concurrency?: number;
  readonly onProgress?: (progress: { objectsDone: number; objectsTotal: number; bytes: number }) => void;
}

export interface S3TrailUsage {
  readonly snapshot: UsageSnapshot;
  readonly rejections: RecordRejection[];
  readonly complete: boolean;
  readonly gaps: string[];
  readonly covered: { readonly start: string; readonly end: string };
  readonly objectsRead: number;
  /** Objects listed but not downloaded (each one is also a rejection naming it). */
  readonly objectsFailed: number;
  readonly bytesRead: number;
  readonly requests: number;
}

/** Problems no other object will escape: stop and say what to fix rather than report a hollow result. */
const STOPPING_CODES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'NoSuchBucket',
]);

/**
 * An SSE-KMS log object the role may list and get but not decrypt fails with AccessDenied from S3 whose message
 * names KMS: the missing permission is kms:Decrypt on the trail's key, not s3:GetObject.
 */
function deniedAction(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /\bkms\b|KMS/i.test(message) ? 'kms:Decrypt' : 's3:GetObject';
}

const SLACK_MS = 60 * 60 * 1000;
/** Requests in flight at a time, listing and downloading. */
const DEFAULT_CONCURRENCY = 8;

/** `YYYY/MM/DD` for every UTC day that may hold files delivered for the window. */
export function dayPrefixes(window: { start: string; end: string }): string[] {
  const start = Date.parse(window.start) - SLACK_MS;
  const end = Date.parse(window.end) + SLACK_MS;
  if (Number.isNaN(start) || Number.isNaN(end) || start > end)
    throw new RangeError(`bad window ${JSON.stringify(window)}`);
  const days: string[] = [];
  for (
    let t = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), new Date(start).getUTCDate());
    t <= end;
    t += 86_400_000
  )
    days.push(new Date(t).toISOString().slice(0, 10).replace(/-/g, '/'));
  return days;
}

export function logsRoot(options: Pick<S3TrailOptions, 'prefix' | 'organizationId'>): string {
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
  return `${prefix}AWSLogs/${options.organizationId ? `${options.organizationId}/` : ''}`;
}

export async function readS3TrailUsage(options: S3TrailOptions): Promise<S3TrailUsage> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number ≥ 1 (requests at a time), got ${concurrency}`);
  const client =
    options.client ??
    new S3Client({
      // The trail bucket often lives in another Region than the one configured: follow S3's redirect.
      followRegionRedirects: true,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.clientConfig ?? {}),
    });
  const target = `s3://${options.bucket}/`;
  let requests = 0;
  const list = async (prefix: string, delimiter?: string): Promise<{ keys: string[]; prefixes: string[] }> => {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      requests++;
      let page;
      try {
        page = await client.send(
          new ListObjectsV2Command({
            Bucket: options.bucket,
            Prefix: prefix,
            ...(delimiter ? { Delimiter: delimiter } : {}),
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error) {
        throw awsCallError('s3:ListBucket', `${target}${prefix}`, error);
      }
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) prefixes.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { keys, prefixes };
  };

  const root = logsRoot(options);
  const accounts =
    options.accountIds && options.accountIds.length > 0
      ? [...options.accountIds]
      : (await list(root, '/')).prefixes
          .map((p) => p.slice(root.length).replace(/\/$/, ''))
          .filter((a) => /^\d{12}$/.test(a));
  const dayFolders: string[] = [];
  for (const account of [...new Set(accounts)].sort())
    for (const region of [...new Set(options.regions)].sort())
      for (const day of dayPrefixes(options.window)) dayFolders.push(`${root}${account}/CloudTrail/${region}/${day}/`);
  // One listing per day, account and Region: 90 days of 3 Regions is 270 round trips, so they run side by side
  // (as many at a time as downloads), not one after another.
  const listed = await inPool(dayFolders, concurrency, async (folder) => (await list(folder)).keys);
  const keys = listed.flat().filter((k) => k.endsWith('.json.gz'));
  keys.sort();

  const accumulator = new UsageAccumulator({
    ...(options.principalArns.length ? { principalFilter: principalArnFilter(options.principalArns) } : {}),
    window: options.window,
  });
  const rejections: RecordRejection[] = [];
  let done = 0;
  let bytes = 0;
  const failed: { key: string; reason: string }[] = [];
  const download = async (key: string): Promise<void> => {
    requests++;
    let body: Uint8Array;
    try {
      const got = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
      body = (await got.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (isAccessDenied(error)) throw awsCallError(deniedAction(error), `${target}${key}`, error);
      if (STOPPING_CODES.has(awsErrorCode(error) ?? '')) throw awsCallError('s3:GetObject', `${target}${key}`, error);
      // One object gone (lifecycle expiry between list and get), a 5xx after the SDK's retries, a reset
      // stream: that file is named and the result marked incomplete, and hours of reading are not thrown away.
      const code = awsErrorCode(error);
      const reason = `could not download${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`;
      failed.push({ key, reason });
      rejections.push({ file: `${target}${key}`, reason });
      done++;
      options.onProgress?.({ objectsDone: done, objectsTotal: keys.length, bytes });
      return;
    }
    bytes += body.length;
    const outcome = accumulateLogText(`${target}${key}`, await decodeLogBytesAsync(body), accumulator);
    rejections.push(...outcome.rejections);
    done++;
    options.onProgress?.({ objectsDone: done, objectsTotal: keys.length, bytes });
  };
  await inPool(keys, concurrency, download);
  rejections.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : (a.recordIndex ?? -1) - (b.recordIndex ?? -1),
  );
  const gaps: string[] = [];
  if (keys.length === 0)
    gaps.push(`no log files under ${target}${root} for the window and Regions ${options.regions.join(', ')}`);
  if (failed.length > 0) {
    failed.sort((a, b) => (a.key < b.key ? -1 : 1));
    const first = failed[0] as { key: string; reason: string };
    gaps.push(
      `${failed.length} of ${keys.length} log files could not be downloaded (first: ${target}${first.key}, ${first.reason}); run again to read them`,
    );
  }
  return {
    snapshot: accumulator.snapshot(),
    rejections,
    // A trail covers what it was configured to cover; ALPHA cannot see gaps in delivery, only an empty listing
    // or objects it failed to read.
    complete: gaps.length === 0,
    gaps,
    covered: options.window,
    objectsRead: keys.length - failed.length,
    objectsFailed: failed.length,
    bytesRead: bytes,
    requests,
  };
}
