/**
 * Runs the Action as GitHub does: a child process with INPUT_*, GITHUB_* and the workflow-command files, against
 * a loopback fake GitHub. `entry` is `dist/index.js` (the committed bundle) or `src/index.ts` (through tsx).
 */
import { afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;

// Each run's files (event, outputs, alpha-output/) are read by the test after the run, so they go when the file's
// tests are done; they used to stay in the temp folder, a thousand or so per week of CI runs on a reused machine.
const runFolders: string[] = [];
afterAll(() => {
  for (const folder of runFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  stepSummary: string;
  outputDir: string;
}

/** `name<<DELIM\nvalue\nDELIM` blocks, as @actions/core writes GITHUB_OUTPUT. */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1] ?? ''] = m[3] ?? '';
  return out;
}

export async function runAction(options: {
  /** `dist`, `src`, or the path of another bundle to run (e.g. a probe build). */
  entry: string;
  apiUrl: string;
  inputs: Record<string, string>;
  eventName?: string;
  payload: unknown;
  env?: Record<string, string>;
}): Promise<ActionRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'alpha-action-e2e-'));
  runFolders.push(tmp);
  const eventPath = join(tmp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  const outputFile = join(tmp, 'output.txt');
  const summaryFile = join(tmp, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const outputDir = join(tmp, 'alpha-output');
  const inputs = {
    'github-token': 'ghs_faketoken123',
    'check-name': 'ALPHA least privilege',
    config: '.github/alpha.yml',
    comment: 'false',
    'output-dir': outputDir,
    ...options.inputs,
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: '3333333333333333333333333333333333333333',
    GITHUB_RUN_ID: '99',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: ROOT,
    RUNNER_TEMP: tmp,
    SOURCE_DATE_EPOCH: '1793491200',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NO_PROXY: '127.0.0.1',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...options.env,
  };
  const args =
    options.entry === 'dist'
      ? [join(ROOT, 'dist/index.js')]
      : options.entry === 'src'
        ? ['--import', 'tsx', join(ROOT, 'src/index.ts')]
        : [options.entry];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    stepSummary: readFileSync(summaryFile, 'utf8'),
    outputDir,
  };
}

export const distExists = (): boolean => existsSync(join(ROOT, 'dist/index.js'));
