/**
 * The measured phases of `npm run bench`. Each runs alone in a child process (bench/phase.ts) so its peak RSS
 * is its own; the time excludes Node start-up. Add a phase here and it shows up in the table.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { listLogFiles } from '../src/sources/local/log-files.js';
import { CORPUS_REGIONS, CORPUS_WINDOW } from './corpus.js';
import { readLocalUsage } from '../src/sources/local/read.js';
// Imported up front, not inside the s3 phase: loading the SDK is start-up, not reading.
import { S3Client } from '@aws-sdk/client-s3';
import { readS3TrailUsage } from '../src/sources/s3/read.js';

export interface PhaseContext {
  /** Corpus root (the AWSLogs/ folder). */
  readonly root: string;
  /** A role with traffic in the corpus, for the one-role phase. */
  readonly roleArn: string;
  /** The bundled worker script (see worker-bundle.ts); absent: workers are found as readLocalUsage finds them. */
  readonly workerUrl?: URL;
  /** The loopback S3 serving the corpus (phases with a setUp). */
  readonly s3Endpoint?: string;
}

/** What a phase needs running before its clock starts. */
export interface PhaseFixture {
  readonly s3Endpoint: string;
  close(): void;
}

const workerNote = (workerUrl: URL | undefined): string => (workerUrl ? 'bundled worker' : 'worker via tsx');

export interface PhaseResult {
  /** Records seen (sanity check that every phase read the same corpus). */
  readonly records: number;
  /** Free-form detail for the table. */
  readonly note?: string;
}

export interface Phase {
  readonly label: string;
  /** The parse floor the other phases are compared with. */
  readonly floor?: true;
  setUp?(root: string): Promise<PhaseFixture>;
  run(context: PhaseContext): Promise<PhaseResult>;
}

const BUCKET = 'bench-trail';

/** The corpus folder (the parent of AWSLogs/) as a bucket, served by another process (phase.ts --serve-s3). */
async function serveCorpusAsS3(root: string): Promise<PhaseFixture> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, process.argv[1] as string, '--serve-s3', dirname(root), BUCKET],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const port = /^S3_FAKE_PORT (\d+)$/.exec(line)?.[1];
    if (port) return { s3Endpoint: `http://127.0.0.1:${port}`, close: () => child.kill() };
  }
  throw new Error('the fake S3 did not start');
}

async function corpusFiles(root: string): Promise<string[]> {
  return (await listLogFiles([root])).files;
}

export const PHASES: Record<string, Phase> = {
  gunzip: {
    label: 'gunzip only',
    async run({ root }) {
      let bytes = 0;
      for (const file of await corpusFiles(root)) bytes += gunzipSync(readFileSync(file)).length;
      return { records: 0, note: `${(bytes / 1e6).toFixed(0)} MB out` };
    },
  },
  parse: {
    label: 'gunzip + JSON.parse (floor)',
    floor: true,
    async run({ root }) {
      let records = 0;
      for (const file of await corpusFiles(root)) {
        const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records: unknown[] };
        records += doc.Records.length;
      }
      return { records };
    },
  },
  ingest1: {
    label: 'ingest, in-process (workers=1)',
    async run({ root }) {
      const usage = await readLocalUsage([root], { workers: 1 });
      return {
        records: usage.snapshot.eventsRead,
        note: `${usage.snapshot.calls.length} calls, ${usage.rejections.length} rejections`,
      };
    },
  },
  s3: {
    label: 's3 source (loopback S3), all principals',
    setUp: serveCorpusAsS3,
    // The trail reader as `--source s3` runs it: list the day prefixes, GET each object (8 at a time), same
    // decoder and accumulator as local files, one thread.
    async run({ s3Endpoint }) {
      if (s3Endpoint === undefined) throw new Error('the s3 phase needs its fake S3 (setUp)');
      const client = new S3Client({
        endpoint: s3Endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      });
      const usage = await readS3TrailUsage({
        bucket: BUCKET,
        client,
        regions: CORPUS_REGIONS,
        principalArns: [],
        window: CORPUS_WINDOW,
      });
      client.destroy();
      return {
        records: usage.snapshot.eventsRead,
        note: `${usage.objectsRead} objects, ${usage.requests} requests, ${usage.snapshot.calls.length} calls`,
      };
    },
  },
  ingest1Role: {
    label: 'ingest, in-process, one role',
    async run({ root, roleArn }) {
      const usage = await readLocalUsage([root], { workers: 1, principalArns: [roleArn] });
      return { records: usage.snapshot.eventsRead, note: `${usage.snapshot.calls.length} calls` };
    },
  },
  ingest2Role: {
    label: 'ingest, 2 workers, one role',
    async run({ root, roleArn, workerUrl }) {
      const usage = await readLocalUsage([root], {
        workers: 2,
        principalArns: [roleArn],
        ...(workerUrl ? { workerUrl } : {}),
      });
      return {
        records: usage.snapshot.eventsRead,
        note: `${usage.snapshot.calls.length} calls, ${workerNote(workerUrl)}`,
      };
    },
  },
  ingest2: {
    label: 'ingest, 2 workers',
    async run({ root, workerUrl }) {
      const usage = await readLocalUsage([root], { workers: 2, ...(workerUrl ? { workerUrl } : {}) });
      return {
        records: usage.snapshot.eventsRead,
        note: `${usage.snapshot.calls.length} calls, ${usage.rejections.length} rejections, ${workerNote(workerUrl)}`,
      };
    },
  },
  analyzeAllRoles: {
    label: 'alpha analyze --all-roles (end to end)',
    // The CLI picks its workers itself (2 on two cores), and finds the bundled worker next to the bundle.
    async run({ root }) {
      // The CLI's own entry, in-process so the RSS is measured; its stdout (the summaries) is not the point.
      const { analyzeCommand } = await import('../src/cli/commands/analyze.js');
      const { parseAnalyzeOptions } = await import('../src/cli/commands/analyze-options.js');
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = (() => true) as typeof process.stdout.write;
      try {
        const code = await analyzeCommand(
          parseAnalyzeOptions({
            allRoles: true,
            cloudtrailLogs: [root],
            progress: false,
            color: false,
            format: 'json',
          }),
          new Date('2026-11-01T00:00:00Z'),
        );
        return { records: 0, note: `exit code ${code}` };
      } finally {
        process.stdout.write = write;
      }
    },
  },
};
