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
const result = await phase.run({ root, roleArn });
const ms = performance.now() - started;
process.stdout.write(`\nBENCH_RESULT ${JSON.stringify({ ...result, ms, maxRssKb: process.resourceUsage().maxRSS })}\n`);
