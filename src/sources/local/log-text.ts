/**
 * One log file's bytes → text → records into an accumulator. A file never throws: whatever is wrong with it
 * (truncated gzip, not UTF-8, invalid JSON, bad records) becomes rejections, and the other files still count.
 * Trail files (`{"Records":[...]}`, every file CloudTrail writes to S3) are read from their bytes by the record
 * index, which also finds the few records holding non-ASCII text, decoded alone as UTF-8 (scanTrailBytes). Other
 * files, and any the index cannot read, are decoded first; ASCII ones still skip UTF-8 decoding and are scanned a
 * small decoded window at a time (scanCloudTrailAscii).
 */
import { gunzip, gunzipSync } from 'node:zlib';
import type { CloudTrailRecord, RecordRejection } from '../../core/cloudtrail/record.js';
import { classifyBytes } from '../../core/cloudtrail/scan-bytes.js';
import {
  scanCloudTrailAscii,
  scanCloudTrailText,
  scanTrailBytes,
  type ScanResult,
} from '../../core/cloudtrail/scan.js';
import type { UsageAccumulator } from '../../core/usage/accumulate.js';
import { isJsonLinesFile } from './log-files.js';

/**
 * A file's content ready to scan, or why it could not be decoded. ASCII content stays bytes: the scanner decodes
 * it window by window. `controlFree`: the bytes held no control character, so the scanner need not look for one.
 */
export type LogText =
  | { readonly text: string }
  | { readonly ascii: Buffer; readonly controlFree: boolean }
  | { readonly reason: string }
  | LogBytes;

/**
 * Content not decoded yet: a trail file is read from its bytes by the record index, which finds the records with
 * non-ASCII bytes as it goes (scanTrailBytes); anything else is decoded first (decodeLogText).
 */
export interface LogBytes {
  readonly bytes: Buffer;
}

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

/** Bytes → text to scan (ASCII stays bytes), or why they are not UTF-8 text. */
export function decodeLogText(bytes: Uint8Array): Exclude<LogText, LogBytes> {
  const classes = classifyBytes(bytes);
  // ASCII: Latin-1 decoding (one byte, one character) is exact and needs no validation.
  if (classes.ascii)
    return { ascii: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), controlFree: classes.controlFree };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { reason: 'not UTF-8 text (CloudTrail logs are UTF-8 JSON)' };
  }
}

/** Gzip is recognized by its magic bytes, not the name: `aws s3 sync` keeps `.gz`, other tools do not. */
export function decodeLogBytes(bytes: Uint8Array): LogText {
  if (!isGzip(bytes)) return undecoded(bytes);
  let plain: Uint8Array;
  try {
    plain = gunzipSync(bytes, GUNZIP_OPTIONS);
  } catch (error) {
    return { reason: `truncated or corrupt gzip: ${describe(error)}` };
  }
  return undecoded(plain);
}

function undecoded(bytes: Uint8Array): LogBytes {
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Same as decodeLogBytes, with the gunzip on libuv's thread pool so it overlaps scanning the previous file. */
export async function decodeLogBytesAsync(bytes: Uint8Array): Promise<LogText> {
  if (!isGzip(bytes)) return undecoded(bytes);
  // A tagged result, not `instanceof Error`: zlib's errors come from another realm under test runners.
  const plain = await new Promise<{ bytes: Uint8Array } | { error: unknown }>((resolve) =>
    gunzip(bytes, GUNZIP_OPTIONS, (error, result) => resolve(error ? { error } : { bytes: result })),
  );
  if ('error' in plain) return { reason: `truncated or corrupt gzip: ${describe(plain.error)}` };
  return undecoded(plain.bytes);
}

export interface FileOutcome {
  /** Records accepted into the accumulator. */
  readonly records: number;
  readonly rejections: RecordRejection[];
}

/**
 * Records of one file into the accumulator. A trail file read window by window is streamed into a fresh
 * accumulator for this file, folded in at the end: its records die young (scanned, added, garbage), instead of
 * all living until the file is done, which kept each worker's heap growing. If the file turns out to need the
 * whole-text path after all (invalid JSON at its end, an odd shape), that accumulator is simply dropped, so no
 * record is counted twice or counted from a file that is rejected.
 */
export function accumulateLogText(file: string, content: LogText, accumulator: UsageAccumulator): FileOutcome {
  const jsonLines = isJsonLinesFile(file);
  let decoded = content;
  if ('bytes' in decoded) {
    if (!jsonLines) {
      const outcome = accumulateTrailBytes(file, decoded.bytes, accumulator);
      if (outcome !== undefined) return outcome;
    }
    decoded = decodeLogText(decoded.bytes);
  }
  if ('reason' in decoded) return { records: 0, rejections: [{ file, reason: decoded.reason }] };
  let scanned: ScanResult;
  try {
    if ('text' in decoded) scanned = scanCloudTrailText(decoded.text, { jsonLines });
    else {
      const bytes = decoded.ascii;
      const forFile = accumulator.fork();
      const streamed = addRecords(file, forFile);
      const ascii = scanCloudTrailAscii(bytes, latin1Of(bytes), {
        jsonLines,
        controlFree: decoded.controlFree,
        onRecord: streamed.add,
      });
      if (ascii.streamed) {
        accumulator.absorb(forFile);
        return { records: streamed.records(), rejections: [...problemsOf(file, ascii), ...streamed.rejections] };
      }
      scanned = ascii;
    }
  } catch (error) {
    // The scanner is total by design; if it ever is not, the file is rejected rather than the run aborted.
    return { records: 0, rejections: [{ file, reason: `could not read: ${describe(error)}` }] };
  }
  const added = addRecords(file, accumulator);
  for (const record of scanned.records) added.add(record);
  return { records: added.records(), rejections: [...problemsOf(file, scanned), ...added.rejections] };
}

/**
 * A trail file's bytes through the record index (scanTrailBytes), into an accumulator of its own that is folded in
 * only when the whole file was read; undefined when the index could not read it, and nothing is kept.
 */
function accumulateTrailBytes(file: string, bytes: Buffer, accumulator: UsageAccumulator): FileOutcome | undefined {
  const forFile = accumulator.fork();
  const streamed = addRecords(file, forFile);
  let scanned: ScanResult | undefined;
  try {
    scanned = scanTrailBytes(bytes, latin1Of(bytes), { onRecord: streamed.add });
  } catch {
    // Not expected (the reader catches what it can meet); the other readers decide.
    return undefined;
  }
  if (scanned === undefined) return undefined;
  accumulator.absorb(forFile);
  return { records: streamed.records(), rejections: [...problemsOf(file, scanned), ...streamed.rejections] };
}

/** Decodes a range of bytes one byte, one character: exact for the ASCII ranges the readers decode this way. */
function latin1Of(bytes: Buffer): (start: number, end: number) => string {
  return (start, end) => bytes.toString('latin1', start, end);
}

function problemsOf(file: string, scanned: ScanResult): RecordRejection[] {
  return scanned.problems.map((p) => ({ file, ...p }));
}

/** Adds records one by one; a record the accumulator cannot use becomes a rejection, not an aborted file. */
function addRecords(file: string, accumulator: UsageAccumulator) {
  const rejections: RecordRejection[] = [];
  let records = 0;
  return {
    rejections,
    records: () => records,
    add: (record: CloudTrailRecord): void => {
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
    },
  };
}
