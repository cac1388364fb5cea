/**
 * Local CloudTrail logs (files or folders: trail files synced from S3, JSON lines, lookup-events output) →
 * one UsageSnapshot. Reading is the slow part of an analysis, so files are spread over worker threads; each
 * worker accumulates its share and the snapshots merge exactly (see accumulate.ts).
 *
 * Worker script resolution, first that exists:
 *   1. `options.workerUrl` (the CLI passes `new URL('./scan-worker.js', import.meta.url)`: dist/scan-worker.js);
 *   2. `scan-worker.js` next to this module (a tsc build, or any bundle that keeps this module's URL);
 *   3. `scan-worker-tsx.mjs` next to this module: running from the TypeScript sources (tsx, jest), it registers
 *      tsx inside the worker and loads `scan-worker.ts`.
 * If none exists, reading happens in-process: slower, same result.
 */
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { AlphaError } from '../../core/errors.js';
import { UsageAccumulator, filterSnapshot } from '../../core/usage/accumulate.js';
import type { UsageSnapshot } from '../../core/usage/evidence.js';
import { listLogFiles } from './log-files.js';
import { accumulateLogText, decodeLogBytesAsync, describe, type LogText } from './log-text.js';
import {
  principalArnFilter,
  type WorkerOptions,
  type WorkerReply,
  type WorkerRequest,
} from './scan-worker-protocol.js';

export interface ReadProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Records accepted so far. */
  readonly records: number;
  /** Bytes read from disk so far (compressed size for .gz). */
  readonly bytes: number;
}

export interface ReadLocalUsageOptions {
  /**
   * Keep calls only for these roles/users (`principalMatches`: a path-less ARN matches the name at any path).
   * Prefer this to `principalFilter`: it reaches worker threads, which then skip other principals' records.
   */
  readonly principalArns?: readonly string[];
  /** Keep calls only for principals this accepts (applied with `principalArns`, if both). Default: all. */
  readonly principalFilter?: (principalArn: string) => boolean;
  /**
   * Worker threads. Default: one per core up to 4, and 1 (in-process) on one core or for small inputs
   * (under 16 files or 16 MiB), where starting threads costs more than it saves. `1` never starts a thread.
   */
  readonly workers?: number;
  readonly onProgress?: (progress: ReadProgress) => void;
  /** The worker script; see the module comment for how it is resolved when absent or missing. */
  readonly workerUrl?: URL;
  /** Distinct resources listed per call (default 1000). */
  readonly maxResourcesPerCall?: number;
  /** Only records inside this window count as usage (ISO times, inclusive). */
  readonly window?: { readonly start: string; readonly end: string };
}

export interface LocalUsage {
  readonly snapshot: UsageSnapshot;
  /** Sorted by file, then record index; file-level problems (no index) first. */
  readonly rejections: RecordRejection[];
  /** Log files opened, whether or not their content was usable. */
  readonly filesRead: number;
  /** Digest files and files with no log extension found while walking folders. */
  readonly filesSkipped: string[];
}

const SMALL_INPUT_FILES = 16;
const SMALL_INPUT_BYTES = 16 * 1024 * 1024;
const MAX_DEFAULT_WORKERS = 4;
/** Files handed to a worker at a time: small enough to balance, large enough to keep messages rare. */
const BATCH = 4;
/**
 * A worker's young generation, capped: V8's default (sized for one isolate per process) let each worker's
 * footprint grow by tens of MB for no measurable speed; what survives a scavenge here is one file's records.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

export async function readLocalUsage(
  paths: readonly string[],
  options: ReadLocalUsageOptions = {},
): Promise<LocalUsage> {
  const listed = await listLogFiles(paths);
  const files = listed.files;
  const workerCount = await chooseWorkerCount(files, options.workers);
  const workerUrl = workerCount > 1 ? resolveWorkerUrl(options.workerUrl) : undefined;

  const result =
    workerUrl !== undefined && workerCount > 1
      ? await readWithWorkers(files, workerCount, workerUrl, options)
      : await readInProcess(files, options);
  const rejections = [...listed.problems, ...result.rejections].sort(compareRejections);
  return { snapshot: result.snapshot, rejections, filesRead: files.length, filesSkipped: listed.skipped };
}

async function chooseWorkerCount(files: readonly string[], requested: number | undefined): Promise<number> {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1)
      throw new AlphaError(
        `workers must be a whole number ≥ 1, got ${requested}`,
        'pass --workers 1 to read in-process',
      );
    return Math.min(requested, Math.max(1, files.length));
  }
  const cores = availableParallelism();
  if (cores <= 1 || files.length < SMALL_INPUT_FILES) return 1;
  let bytes = 0;
  for (const file of files) {
    bytes += (await stat(file).catch(() => ({ size: 0 }))).size;
    if (bytes >= SMALL_INPUT_BYTES) return Math.min(cores, MAX_DEFAULT_WORKERS, files.length);
  }
  return 1;
}

function exists(url: URL): boolean {
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/** Exported for tests and for front doors that want to report which worker script they will use. */
export function resolveWorkerUrl(explicit?: URL): URL | undefined {
  // Built from a variable so bundlers do not try to inline the worker as an asset of this module.
  const here = import.meta.url;
  const candidates = [
    ...(explicit ? [explicit] : []),
    new URL(`./${'scan-worker'}.js`, here),
    new URL(`./${'scan-worker-tsx'}.mjs`, here),
  ];
  return candidates.find(exists);
}

interface PartialRead {
  readonly snapshot: UsageSnapshot;
  readonly rejections: RecordRejection[];
}

/** Both filters as one; undefined when every principal is wanted. */
function combinedFilter(options: ReadLocalUsageOptions): ((principalArn: string) => boolean) | undefined {
  const byArn = options.principalArns ? principalArnFilter(options.principalArns) : undefined;
  const custom = options.principalFilter;
  if (byArn && custom) return (arn) => byArn(arn) && custom(arn);
  return byArn ?? custom;
}

/**
 * Files read and gunzipped this many ahead, on libuv's pool, while this thread scans: measured, 1-2 left this
 * thread waiting on gunzip; more only holds more decoded text in memory.
 */
const READ_AHEAD = 4;

/** One thread, with the next files' reads and gunzips already running on libuv's pool while this one scans. */
async function readInProcess(files: readonly string[], options: ReadLocalUsageOptions): Promise<PartialRead> {
  const principalFilter = combinedFilter(options);
  const accumulator = new UsageAccumulator({
    ...(principalFilter ? { principalFilter } : {}),
    ...(options.maxResourcesPerCall === undefined ? {} : { maxResourcesPerCall: options.maxResourcesPerCall }),
    ...(options.window ? { window: options.window } : {}),
  });
  const rejections: RecordRejection[] = [];
  type Loaded = { readonly bytes: number; readonly decoded: LogText };
  // Read synchronously: a log file is small, and fs/promises' open-stat-read-close round trips through the
  // thread pool cost this thread more than the read itself. The gunzip is what runs ahead on the pool.
  const load = async (file: string): Promise<Loaded> => {
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (error) {
      return { bytes: 0, decoded: { reason: `cannot read: ${describe(error)}` } };
    }
    return { bytes: raw.length, decoded: await decodeLogBytesAsync(raw) };
  };
  const pending: (Promise<Loaded> | undefined)[] = files.slice(0, READ_AHEAD).map(load);
  let records = 0;
  let bytes = 0;
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as string;
    const loaded = await (pending[i] as Promise<Loaded>);
    pending[i] = undefined; // the text can be collected once scanned
    const next = files[i + READ_AHEAD];
    if (next !== undefined) pending[i + READ_AHEAD] = load(next);
    const outcome = accumulateLogText(file, loaded.decoded, accumulator);
    rejections.push(...outcome.rejections);
    records += outcome.records;
    bytes += loaded.bytes;
    options.onProgress?.({ filesDone: i + 1, filesTotal: files.length, records, bytes });
  }
  return { snapshot: accumulator.snapshot(), rejections };
}

async function readWithWorkers(
  files: readonly string[],
  count: number,
  workerUrl: URL,
  options: ReadLocalUsageOptions,
): Promise<PartialRead> {
  let next = 0;
  let filesDone = 0;
  let records = 0;
  let bytes = 0;
  // Each worker's snapshot is folded in as it arrives (merging is order-independent), so the snapshots are
  // never all held at once.
  const merged = new UsageAccumulator(
    options.maxResourcesPerCall === undefined ? {} : { maxResourcesPerCall: options.maxResourcesPerCall },
  );
  const rejections: RecordRejection[] = [];
  const workers: Worker[] = [];

  const runOne = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const workerOptions: WorkerOptions = {
        ...(options.maxResourcesPerCall === undefined ? {} : { maxResourcesPerCall: options.maxResourcesPerCall }),
        ...(options.principalArns ? { principalArns: [...options.principalArns] } : {}),
        ...(options.window ? { window: { ...options.window } } : {}),
      };
      const worker = new Worker(workerUrl, { workerData: workerOptions, resourceLimits: WORKER_LIMITS });
      workers.push(worker);
      let finished = false;
      const send = (request: WorkerRequest) => worker.postMessage(request);
      let finishSent = false;
      const sendNext = (): void => {
        if (finishSent) return;
        const batch = files.slice(next, next + BATCH);
        next += batch.length;
        if (batch.length > 0) send({ type: 'files', files: batch });
        else {
          finishSent = true;
          send({ type: 'finish' });
        }
      };
      worker.on('message', (reply: WorkerReply) => {
        switch (reply.type) {
          case 'need': {
            sendNext();
            // The first request gets a second batch too, so a worker always has one queued and never waits
            // for this thread to answer.
            if (reply.files === 0) sendNext();
            if (reply.files > 0) {
              filesDone += reply.files;
              records += reply.records;
              bytes += reply.bytes;
              options.onProgress?.({ filesDone, filesTotal: files.length, records, bytes });
            }
            break;
          }
          case 'done':
            finished = true;
            merged.addSnapshot(reply.snapshot);
            rejections.push(...reply.rejections);
            resolve();
            break;
        }
      });
      worker.on('error', (error) => {
        reject(
          new AlphaError(
            `a log-reading worker thread failed: ${error.message}`,
            'rerun with --workers 1 to read in-process, and report the error',
          ),
        );
      });
      worker.on('exit', (code) => {
        if (!finished)
          reject(
            new AlphaError(
              `a log-reading worker thread exited early (code ${code})`,
              'rerun with --workers 1 to read in-process',
            ),
          );
      });
    });

  try {
    await Promise.all(Array.from({ length: count }, runOne));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const snapshot = merged.snapshot();
  return {
    snapshot: options.principalFilter ? filterSnapshot(snapshot, options.principalFilter) : snapshot,
    rejections,
  };
}

function compareRejections(a: RecordRejection, b: RecordRejection): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.recordIndex ?? -1) - (b.recordIndex ?? -1);
}
