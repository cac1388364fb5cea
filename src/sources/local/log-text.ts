/**
 * One log file's bytes → text → records into an accumulator. A file never throws: whatever is wrong with it
 * (truncated gzip, not UTF-8, invalid JSON, bad records) becomes rejections, and the other files still count.
 */
import { gunzip, gunzipSync } from 'node:zlib';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { scanCloudTrailText } from '../../core/cloudtrail/scan.js';
import type { UsageAccumulator } from '../../core/usage/accumulate.js';
import { isJsonLinesFile } from './log-files.js';

/** Decoded text, or why the file could not be decoded. */
export type LogText = { readonly text: string } | { readonly reason: string };

// Fatal: a non-UTF-8 byte rejects the file instead of turning into U+FFFD inside an ARN.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Larger output chunks than zlib's 16 KiB default: fewer copies for multi-megabyte CloudTrail files.
const GUNZIP_OPTIONS = { chunkSize: 1 << 20 };

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The message of anything thrown (duck-typed: errors from node internals may come from another realm). */
export function describe(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function toText(bytes: Uint8Array): LogText {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { reason: 'not UTF-8 text (CloudTrail logs are UTF-8 JSON)' };
  }
}

/** Gzip is recognized by its magic bytes, not the name: `aws s3 sync` keeps `.gz`, other tools do not. */
export function decodeLogBytes(bytes: Uint8Array): LogText {
  if (!isGzip(bytes)) return toText(bytes);
  let plain: Uint8Array;
  try {
    plain = gunzipSync(bytes, GUNZIP_OPTIONS);
  } catch (error) {
    return { reason: `truncated or corrupt gzip: ${describe(error)}` };
  }
  return toText(plain);
}

/** Same as decodeLogBytes, with the gunzip on libuv's thread pool so it overlaps scanning the previous file. */
export async function decodeLogBytesAsync(bytes: Uint8Array): Promise<LogText> {
  if (!isGzip(bytes)) return toText(bytes);
  // A tagged result, not `instanceof Error`: zlib's errors come from another realm under test runners.
  const plain = await new Promise<{ bytes: Uint8Array } | { error: unknown }>((resolve) =>
    gunzip(bytes, GUNZIP_OPTIONS, (error, result) => resolve(error ? { error } : { bytes: result })),
  );
  if ('error' in plain) return { reason: `truncated or corrupt gzip: ${describe(plain.error)}` };
  return toText(plain.bytes);
}

export interface FileOutcome {
  /** Records accepted into the accumulator. */
  readonly records: number;
  readonly rejections: RecordRejection[];
}

export function accumulateLogText(file: string, decoded: LogText, accumulator: UsageAccumulator): FileOutcome {
  if ('reason' in decoded) return { records: 0, rejections: [{ file, reason: decoded.reason }] };
  let scanned;
  try {
    scanned = scanCloudTrailText(decoded.text, { jsonLines: isJsonLinesFile(file) });
  } catch (error) {
    // The scanner is total by design; if it ever is not, the file is rejected rather than the run aborted.
    return { records: 0, rejections: [{ file, reason: `could not read: ${describe(error)}` }] };
  }
  const rejections: RecordRejection[] = scanned.problems.map((p) => ({ file, ...p }));
  let records = 0;
  for (const record of scanned.records) {
    try {
      accumulator.add(record);
      records++;
    } catch (error) {
      // e.g. requestParameters that are parsed lazily; one odd record must not cost the whole run.
      rejections.push({
        file,
        reason: `record ${record.eventID ? `${record.eventID} ` : ''}at ${record.eventTime} could not be used: ${describe(error)}`,
      });
    }
  }
  return { records, rejections };
}
