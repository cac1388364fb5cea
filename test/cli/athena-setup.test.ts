import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import { startFakeAthena, type FakeAthena } from '../fakes/athena-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const GOLDEN_TABLE = readFileSync(
  join(import.meta.dirname, '..', 'sources', 'athena', 'golden', 'cloudtrail-table.sql'),
  'utf8',
);
const ENV = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_PROFILE'] as const;

let stdout: string;
let stderr: string;
let saved: Partial<Record<(typeof ENV)[number], string>>;
let fake: FakeAthena | undefined;

beforeEach(() => {
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  saved = {};
  for (const key of ENV) {
    if (process.env[key] !== undefined) saved[key] = process.env[key];
    delete process.env[key];
  }
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(async () => {
  jest.restoreAllMocks();
  for (const key of ENV) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  process.exitCode = undefined;
  await fake?.close();
  fake = undefined;
});

const alpha = (...args: string[]) => run(['node', 'alpha', 'athena-setup', ...args]);
const TABLE_ARGS = [
  '--database',
  'alpha',
  '--table',
  'cloudtrail_logs',
  '--trail-bucket',
  'org-trail-logs',
  '--trail-prefix',
  'trails/',
  '--organization-id',
  'o-a1b2c3d4e5',
  '--accounts',
  '444455556666,111122223333',
  '--regions',
  'us-east-1, eu-west-1',
  '--projection-start',
  '2025/01/01',
];

describe('alpha athena-setup', () => {
  it('--print prints the database and table DDL and calls nothing', async () => {
    expect(await alpha(...TABLE_ARGS, '--print')).toBe(0);
    expect(stdout).toBe(`CREATE DATABASE IF NOT EXISTS \`alpha\`;\n\n${GOLDEN_TABLE.replace(/\n$/, '')};\n`);
    expect(stderr).toBe('');
  });

  it.each([
    ['a table name that would inject SQL', ['--table', 'logs`; DROP TABLE x; --']],
    ['an account that is not 12 digits', ['--accounts', '1234']],
    ['a prefix with a quote', ['--trail-prefix', "x'"]],
    ['a results location that is not S3', ['--athena-output', 'https://example.com']],
  ])('refuses %s with exit 1 and a fix', async (_name, change) => {
    const args = [...TABLE_ARGS];
    const at = args.indexOf(change[0] as string);
    if (at >= 0) args[at + 1] = change[1] as string;
    else args.push(...change);
    expect(await alpha(...args, '--print')).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^alpha: error: .*\n {2}fix: /);
  });

  it('requires the accounts and Regions the table covers', async () => {
    expect(await alpha('--database', 'a', '--table', 't', '--trail-bucket', 'bucket-x', '--print')).toBe(1);
    expect(stderr).toMatch(/--accounts/);
  });

  it('says in --help that it writes only to Glue, never to IAM', async () => {
    expect(await alpha('--help')).toBe(0);
    expect(stdout).toMatch(/only command that writes anything/);
    expect(stdout).toMatch(/never writes to IAM/);
  });

  it('runs the DDL through Athena (database first) and says how to read the table', async () => {
    fake = await startFakeAthena({ rows: [], states: ['RUNNING', 'SUCCEEDED'] });
    process.env.AWS_ENDPOINT_URL = fake.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKE';
    process.env.AWS_SECRET_ACCESS_KEY = 'fake';
    expect(await alpha(...TABLE_ARGS, '--region', 'eu-west-1', '--athena-output', 's3://alpha-results/setup/')).toBe(0);
    expect(fake.queries).toEqual(['CREATE DATABASE IF NOT EXISTS `alpha`', GOLDEN_TABLE.replace(/\n$/, '')]);
    const starts = fake.requests.filter((r) => r.operation === 'StartQueryExecution');
    expect(starts.map((r) => r.input.ResultConfiguration)).toEqual([
      { OutputLocation: 's3://alpha-results/setup/' },
      { OutputLocation: 's3://alpha-results/setup/' },
    ]);
    expect(stdout).toContain('created alpha.cloudtrail_logs (queries q-1, q-2)');
    expect(stdout).toContain('--source athena --athena-database alpha --athena-table cloudtrail_logs');
  });

  it('fails with exit 1 and a fix when the table already exists', async () => {
    fake = await startFakeAthena({
      rows: [],
      states: ['FAILED'],
      failureReason: 'AlreadyExistsException: Table already exists.',
    });
    process.env.AWS_ENDPOINT_URL = fake.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKE';
    process.env.AWS_SECRET_ACCESS_KEY = 'fake';
    expect(await alpha(...TABLE_ARGS, '--region', 'eu-west-1')).toBe(1);
    expect(stderr).toMatch(/Athena query q-1 failed: AlreadyExistsException: Table already exists\./);
    expect(stderr).toMatch(/fix: the table already exists/);
  });
});
