/**
 * `npm run bench`: how fast ALPHA reads CloudTrail, against the floor any JSON reader pays (gunzip +
 * JSON.parse of every file). Prints numbers; nothing asserts timings.
 *
 *   BENCH_RECORDS=200000 npm run bench      # smaller corpus (default 1,000,000 records in ~2,000 files)
 *   BENCH_PHASES=parse,ingest2 npm run bench  # gunzip parse ingest1 s3 ingest1Role ingest2Role ingest2 analyzeAllRoles
 *   BENCH_ROUNDS=1 npm run bench             # default 2: the best round counts (shared machines are noisy)
 *   BENCH_INSTRUCTIONS=1 npm run bench       # also instructions per record under Valgrind (steady; ~3 min more)
 *
 * Each phase runs in its own child process, so peak RSS and CPU time are per phase; the phase runner and the
 * worker are bundled first, as ALPHA ships (worker-bundle.ts). The corpus is generated once into bench/.corpus/
 * (gitignored) and reused; the bundles go to bench/.corpus/build/.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureCorpus } from './corpus.js';
import { measureActionStartup } from './action-startup.js';
import { benchAppWebhooks, formatAppWebhooksBench } from './app-webhooks.js';
import { benchLookupEvents, formatLookupEventsBench } from './lookup-events.js';
import { COUNT_MODES, hasValgrind, instructionsPerRecord } from './instructions.js';
import { PHASES } from './phases.js';
import { bundleForBench, type BenchBundle } from './worker-bundle.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const FILES = Math.max(1, Math.round(RECORDS / 500));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const SELECTED = (process.env.BENCH_PHASES ?? Object.keys(PHASES).join(',')).split(',').filter((p) => p in PHASES);

interface Measured {
  ms: number;
  /** CPU time of all the phase's threads (gunzip on the thread pool, workers): steadier than wall time. */
  cpuMs?: number;
  maxRssKb: number;
  records: number;
  note?: string;
  error?: string;
}

function runPhase(name: string, root: string, roleArn: string, bundle: BenchBundle | undefined): Measured {
  const script = bundle ? [bundle.phaseScript] : ['--import', 'tsx', join(import.meta.dirname, 'phase.ts')];
  const child = spawnSync(process.execPath, [...script, name, root, roleArn], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '', ...(bundle ? { BENCH_WORKER_URL: bundle.workerUrl.href } : {}) },
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || line === undefined) {
    const output = (child.stderr || child.stdout).trim().split('\n');
    const reason = output.find((l) => /Error\b/.test(l)) ?? output.slice(-3).join(' | ');
    return { ms: NaN, maxRssKb: NaN, records: 0, error: reason.slice(0, 160) || `exit ${child.status}` };
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as Measured;
}

const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

const root = join(import.meta.dirname, '.corpus');
const manifest = await ensureCorpus(root, RECORDS, FILES, (s) => console.error(s));
console.log(
  `corpus: ${manifest.records.toLocaleString('en-US')} records, ${manifest.files} files, ` +
    `${(manifest.bytesCompressed / 1e6).toFixed(0)} MB gzipped, ${(manifest.bytesUncompressed / 1e6).toFixed(0)} MB JSON ` +
    `(${Math.round(manifest.bytesUncompressed / manifest.records)} B/record); ${ROUNDS} round(s), best counts`,
);

// Bundled like dist/ (see worker-bundle.ts); rebuilt every run, so it is always the current source.
const bundle = await bundleForBench(join(root, 'build'));
console.log(
  bundle
    ? 'phases run bundled, as ALPHA ships (esbuild; workers from one bundled script)'
    : 'phases run through tsx (esbuild not found): slower start, more memory than as shipped',
);

const best = new Map<string, Measured>();
for (let round = 0; round < ROUNDS; round++) {
  for (const name of SELECTED) {
    const m = runPhase(name, manifest.root, manifest.sampleRoleArn, bundle);
    const prior = best.get(name);
    if (prior === undefined || (!(m.ms >= prior.ms) && !Number.isNaN(m.ms)) || Number.isNaN(prior.ms))
      best.set(name, m);
    console.error(`  round ${round + 1}: ${name} ${Number.isNaN(m.ms) ? m.error : `${(m.ms / 1000).toFixed(2)} s`}`);
  }
}

const floorName = Object.keys(PHASES).find((n) => PHASES[n]?.floor);
const floor = floorName ? best.get(floorName)?.ms : undefined;
const floorCpu = floorName ? best.get(floorName)?.cpuMs : undefined;
console.log('');
console.log(
  `${pad('phase', 40)}${lpad('time', 9)}${lpad('records/s', 12)}${lpad('MB/s', 8)}${lpad('× floor', 9)}` +
    `${lpad('CPU', 9)}${lpad('CPU × fl.', 10)}${lpad('peak RSS', 10)}  note`,
);
for (const name of SELECTED) {
  const m = best.get(name);
  const phase = PHASES[name];
  if (m === undefined || phase === undefined) continue;
  if (m.error !== undefined) {
    console.log(`${pad(phase.label, 40)}${lpad('n/a', 9)}${' '.repeat(39)}  ${m.error}`);
    continue;
  }
  const seconds = m.ms / 1000;
  console.log(
    pad(phase.label, 40) +
      lpad(`${seconds.toFixed(2)} s`, 9) +
      lpad(Math.round(manifest.records / seconds).toLocaleString('en-US'), 12) +
      lpad((manifest.bytesUncompressed / 1e6 / seconds).toFixed(0), 8) +
      lpad(floor ? (m.ms / floor).toFixed(2) : '', 9) +
      lpad(m.cpuMs === undefined ? '' : `${(m.cpuMs / 1000).toFixed(2)} s`, 9) +
      lpad(floorCpu && m.cpuMs !== undefined ? (m.cpuMs / floorCpu).toFixed(2) : '', 10) +
      lpad(`${Math.round(m.maxRssKb / 1024)} MB`, 10) +
      `  ${m.note ?? ''}`,
  );
}
console.log('\n× floor < 1 means the whole ingest (read, gunzip, scan, aggregate) beat gunzip + JSON.parse alone.');
console.log(
  'CPU counts every thread of the phase (the in-process gunzip runs on the thread pool; workers are threads), so\n' +
    `CPU × floor is the work done, and time × floor what it took on this machine (load average at the end: ` +
    `${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}; ${availableParallelism()} cores).`,
);

// Instructions per record: the steady measure for tuning the reader (see instructions.ts).
if (process.env.BENCH_INSTRUCTIONS) {
  if (!hasValgrind()) console.log('\ninstructions per record: skipped (valgrind not found)');
  else if (bundle === undefined) console.log('\ninstructions per record: skipped (needs the bundled phase runner)');
  else {
    // Small, because Valgrind runs code ~50× slower; per record, the count is the same at any size.
    const corpus = await ensureCorpus(root, 20_000, 40, (s) => console.error(s));
    console.error(`  valgrind: ${COUNT_MODES.join(', ')} on ${corpus.records.toLocaleString('en-US')} records…`);
    const counts = COUNT_MODES.map((mode) => ({ mode, perRecord: instructionsPerRecord(bundle, mode, corpus) }));
    const parse = counts.find((c) => c.mode === 'parse')?.perRecord;
    console.log(
      `\ninstructions per record, one thread, files already gunzipped in memory (Valgrind; repeats within ~2 %):`,
    );
    for (const { mode, perRecord } of counts)
      console.log(
        `  ${pad(mode === 'parse' ? 'JSON.parse (floor, without gunzip)' : 'scan + aggregate, all principals', 40)}` +
          lpad(perRecord === undefined ? 'failed' : Math.round(perRecord).toLocaleString('en-US'), 10) +
          (perRecord !== undefined && parse ? `${lpad((perRecord / parse).toFixed(2), 8)} × JSON.parse` : ''),
      );
  }
}

// The Action's start-up, paid on every pull request (budget 0.5 s), and what it ships.
const startup = await measureActionStartup();
console.log(
  `\nAction start-up (node dist/index.js → first log line): median ${startup.medianMs.toFixed(0)} ms ` +
    `over ${startup.samplesMs.length} runs (${startup.samplesMs.map((s) => s.toFixed(0)).join(', ')}); ` +
    `bundle ${(startup.bytes / 1e6).toFixed(2)} MB`,
);

// LookupEvents against the loopback fake: requests used vs one full scan per role vs the theoretical minimum.
console.log(`\n${formatLookupEventsBench(await benchLookupEvents())}`);

// The GitHub App: webhook acknowledgement latency (GitHub gives up after 10 s) and commands end to end.
console.log(`\n${formatAppWebhooksBench(await benchAppWebhooks())}`);
