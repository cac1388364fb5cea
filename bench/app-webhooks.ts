/**
 * The GitHub App under load, against the loopback fakes of the end-to-end tests (app/test/fakes/app-harness.ts):
 *
 * 1. ack latency: 100 signed deliveries (a mix of analyze, explain and help from several users), 10 in flight
 *    at a time; the time from POST to the HTTP response. GitHub fails a delivery after 10 s; the App only
 *    verifies, parses and enqueues before answering.
 * 2. how long the queued work of those 100 took to drain;
 * 3. end to end: `/alpha analyze` until the check is complete, then `/alpha commit` until the commit is on the
 *    branch, repeated (each round moves the branch, so each commit is real).
 *
 * Prints numbers; asserts nothing. `node --import tsx bench/app-webhooks.ts` (BENCH_APP_DELIVERIES=100).
 */
import { fileURLToPath } from 'node:url';
import { startHarness } from '../app/test/fakes/app-harness.js';

export interface AppWebhooksBench {
  deliveries: number;
  ack: { p50: number; p95: number; max: number };
  drainMs: number;
  analyzeMs: number[];
  commitMs: number[];
  failedJobs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function benchAppWebhooks(
  deliveries = Number(process.env.BENCH_APP_DELIVERIES ?? 100),
): Promise<AppWebhooksBench> {
  const h = await startHarness();
  try {
    // Warm up once (catalog load, HCL parser, first installation token) so the numbers are steady state.
    await h.comment('ada', '/alpha analyze');
    await h.settle();

    const bodies = ['/alpha analyze', '/alpha explain s3:GetObject', '/alpha help', '/alpha explain sqs:SendMessage'];
    const users = ['ada', 'max', 'wes', 'rob'];
    const acks: number[] = [];
    const started = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < deliveries) {
        const i = next++;
        const { status, ms } = await h.comment(
          users[i % users.length] ?? 'ada',
          bodies[i % bodies.length] ?? '/alpha help',
        );
        if (status !== 200) throw new Error(`delivery ${i} answered ${status}`);
        acks.push(ms);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await h.settle();
    const drainMs = performance.now() - started;
    acks.sort((a, b) => a - b);

    const analyzeMs: number[] = [];
    const commitMs: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Someone pushes: the previous analysis is stale and the next commit is a new one.
      h.git.push('feature', { [`notes/round-${round}.md`]: `round ${round}\n` });
      const checks = h.recorded.checks.length;
      let t = performance.now();
      await h.comment('ada', '/alpha analyze');
      await waitFor(() => h.recorded.checks.length > checks && h.recorded.checks.at(-1)?.status === 'completed');
      await h.settle();
      analyzeMs.push(performance.now() - t);
      const commits = h.alphaCommits();
      t = performance.now();
      await h.comment('wes', '/alpha commit');
      await waitFor(() => h.alphaCommits() > commits);
      commitMs.push(performance.now() - t);
      await h.settle();
      // Put the original policy back so the next round has a patch to commit.
      h.git.push('feature', { 'infra/main.tf': h.git.readFile('main', 'infra/main.tf') ?? '' });
    }
    return {
      deliveries,
      ack: { p50: percentile(acks, 50), p95: percentile(acks, 95), max: acks.at(-1) ?? NaN },
      drainMs,
      analyzeMs,
      commitMs,
      failedJobs: h.queue.failed,
    };
  } finally {
    await h.close();
  }
}

export function formatAppWebhooksBench(b: AppWebhooksBench): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  return [
    `GitHub App (loopback fakes): ${b.deliveries} signed deliveries, 10 in flight`,
    `  ack latency        p50 ${ms(b.ack.p50)} · p95 ${ms(b.ack.p95)} · max ${ms(b.ack.max)} (GitHub's limit: 10,000 ms)`,
    `  queued work drained in ${ms(b.drainMs)}${b.failedJobs ? ` · ${b.failedJobs} job(s) FAILED` : ''}`,
    `  /alpha analyze → check completed: median ${ms(median(b.analyzeMs))} (${b.analyzeMs.map((x) => x.toFixed(0)).join(', ')})`,
    `  /alpha commit  → commit on branch: median ${ms(median(b.commitMs))} (${b.commitMs.map((x) => x.toFixed(0)).join(', ')})`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(formatAppWebhooksBench(await benchAppWebhooks()));
}
