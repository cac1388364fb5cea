/** Messages between readLocalUsage and its worker threads (structured-clone safe: plain data only). */
import { principalMatches } from '../../core/cloudtrail/principal.js';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import type { UsageSnapshot } from '../../core/usage/evidence.js';

export interface WorkerOptions {
  readonly maxResourcesPerCall?: number;
  readonly principalArns?: readonly string[];
  readonly window?: { readonly start: string; readonly end: string };
}

/** The principal filter both sides build from `principalArns`, so workers filter exactly as in-process reading. */
export function principalArnFilter(requested: readonly string[]): (principalArn: string) => boolean {
  return (principalArn) => requested.some((arn) => principalMatches(arn, principalArn));
}

export type WorkerRequest = { readonly type: 'files'; readonly files: string[] } | { readonly type: 'finish' };

export type WorkerReply =
  /**
   * Ready for (more) files; counts what the last batch read, for progress. One message per batch, not per
   * file: each message wakes the main thread, which on a busy two-core machine takes the core from a worker.
   */
  | { readonly type: 'need'; readonly files: number; readonly records: number; readonly bytes: number }
  | { readonly type: 'done'; readonly snapshot: UsageSnapshot; readonly rejections: RecordRejection[] };
