/**
 * Child process for one bench phase: `node --import tsx bench/phase.ts <phase> <root> <roleArn>`. Prints one
 * line, `BENCH_RESULT {json}`, with the phase's wall time and the process's peak RSS.
 *
 * `phase.ts --serve-s3 <folder> <bucket>` serves a folder as a loopback S3 bucket for the `s3` phase and prints
 * `S3_FAKE_PORT <port>`: a process of its own, so serving costs the measured reader nothing.
 */
import { PHASES } from './phases.js';
import { startS3Fake } from './s3-fake.js';

if (process.argv[2] === '--serve-s3') {
  const [folder, bucket] = process.argv.slice(3);
  if (folder === undefined || bucket === undefined) throw new Error('usage: phase.ts --serve-s3 <folder> <bucket>');
  const { port } = await startS3Fake(folder, bucket);
  process.stdout.write(`S3_FAKE_PORT ${port}\n`);
} else {
  await runPhase();
}

async function runPhase(): Promise<void> {
  const [name, root, roleArn] = process.argv.slice(2);
  const phase = name === undefined ? undefined : PHASES[name];
  if (phase === undefined || root === undefined || roleArn === undefined) {
    console.error(`usage: phase.ts <${Object.keys(PHASES).join('|')}> <corpus root> <role arn>`);
    process.exit(1);
  }
  const bundled = process.env.BENCH_WORKER_URL;
  // Fixtures (the fake S3) are set up before the clock starts.
  const fixture = await phase.setUp?.(root);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await phase.run({
    root,
    roleArn,
    ...(bundled ? { workerUrl: new URL(bundled) } : {}),
    ...(fixture ? { s3Endpoint: fixture.s3Endpoint } : {}),
  });
  const ms = performance.now() - started;
  // CPU time of all the process's threads: less sensitive than wall time to other jobs on a shared machine.
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  fixture?.close();
  process.stdout.write(
    `\nBENCH_RESULT ${JSON.stringify({ ...result, ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
}
