/**
 * Instructions per record, counted by Valgrind (cachegrind, no cache simulation). Wall and CPU time on a shared
 * two-core machine swing by ±30 % between identical runs; this count repeats to within about 2 %, so a 5 % change
 * in the reader shows. It measures the reading thread's own work on text already in memory: the selective scan
 * and aggregation of every record against `JSON.parse` of the same bytes (gunzip and file reads, which run the
 * same either way, are left out).
 *
 * The runner (count.ts) gunzips the files into memory, then reads them all `rounds` times, synchronously, on one
 * thread. A round is half the difference between the counts with 3 rounds and with 1: start-up, loading and JIT
 * warm-up cancel out. `--single-threaded` keeps V8 from compiling and collecting on
 * background threads, whose share would otherwise vary.
 */
import { spawnSync } from 'node:child_process';
import type { CorpusManifest } from './corpus.js';
import type { BenchBundle } from './worker-bundle.js';

/** What one round reads: every record with `JSON.parse`, or with ALPHA's scanner into a usage accumulator. */
export const COUNT_MODES = ['parse', 'ingest'] as const;
export type CountMode = (typeof COUNT_MODES)[number];

export function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
}

function countRun(bundle: BenchBundle, mode: CountMode, corpus: CorpusManifest, rounds: number): number | undefined {
  const child = spawnSync(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      // V8 writes and rewrites machine code in anonymous memory: Valgrind must notice, or it runs stale code.
      '--smc-check=all-non-file',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--single-threaded',
      // WebAssembly (the record index) starts on a baseline compiler and is optimized on a background thread,
      // which under Valgrind comes late: compile it optimized from the start, as a long run executes it.
      '--no-liftoff',
      bundle.countScript,
      mode,
      corpus.root,
      String(rounds),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const refs = /I\s+refs:\s+([\d,]+)/.exec(child.stderr)?.[1];
  return child.status === 0 && refs !== undefined ? Number(refs.replaceAll(',', '')) : undefined;
}

/** Steady-state instructions per record of one round; undefined when a run failed. */
export function instructionsPerRecord(
  bundle: BenchBundle,
  mode: CountMode,
  corpus: CorpusManifest,
): number | undefined {
  const one = countRun(bundle, mode, corpus, 1);
  const three = countRun(bundle, mode, corpus, 3);
  return one === undefined || three === undefined ? undefined : (three - one) / (2 * corpus.records);
}
