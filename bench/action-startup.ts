/**
 * Start-up of the Action bundle: time from spawning `node dist/index.js` to its first byte of output (its first
 * log line), which every PR pays before any work. Budget: 0.5 s on the 2-core dev machine.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const BUNDLE = join(import.meta.dirname, '..', 'dist', 'index.js');

function firstOutputMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // No INPUT_* or GITHUB_* variables: the Action logs at once that it has nothing to analyze, then exits.
    const child = spawn(process.execPath, [BUNDLE], { env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
    let done = false;
    const first = () => {
      if (done) return;
      done = true;
      resolve(performance.now() - started);
    };
    child.stdout.once('data', first);
    child.stderr.once('data', first);
    child.once('error', reject);
    child.once('exit', () => {
      if (!done) reject(new Error('dist/index.js printed nothing'));
    });
  });
}

export async function measureActionStartup(
  runs = 5,
): Promise<{ medianMs: number; samplesMs: number[]; bytes: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await firstOutputMs());
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, samplesMs: samples, bytes: statSync(BUNDLE).size };
}
