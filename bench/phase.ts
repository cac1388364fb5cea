/**
 * Child process for one bench phase: `node --import tsx bench/phase.ts <phase> <root> <roleArn>`. Prints one
 * line, `BENCH_RESULT {json}`, with the phase's wall time and the process's peak RSS.
 */
import { PHASES } from './phases.js';

const [name, root, roleArn] = process.argv.slice(2);
const phase = name === undefined ? undefined : PHASES[name];
if (phase === undefined || root === undefined || roleArn === undefined) {
  console.error(`usage: phase.ts <${Object.keys(PHASES).join('|')}> <corpus root> <role arn>`);
  process.exit(1);
}
const started = performance.now();
const cpuStarted = process.cpuUsage();
const bundled = process.env.BENCH_WORKER_URL;
const result = await phase.run({ root, roleArn, ...(bundled ? { workerUrl: new URL(bundled) } : {}) });
const ms = performance.now() - started;
// CPU time of all the process's threads: less sensitive than wall time to other jobs on a shared machine.
const cpu = process.cpuUsage(cpuStarted);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `\nBENCH_RESULT ${JSON.stringify({ ...result, ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
