import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryExecutionOutput,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { AlphaError } from '../../../src/core/errors.js';
import type { Clock } from '../../../src/aws/sleep.js';
import { readAthenaUsage, type AthenaUsageOptions } from '../../../src/sources/athena/read.js';
import { USAGE_COLUMNS } from '../../../src/sources/athena/sql.js';
import { referenceRows } from './reference-rows.js';
import { localSnapshot, ORDERS, RECORDS, WINDOW } from './records.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const athena = mockClient(AthenaClient);

function fakeClock(): Clock & { sleeps: number[]; t: number } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

const ROWS = referenceRows(RECORDS, {
  window: WINDOW,
  principalArns: [],
  maxResourcesPerCall: 1000,
  passedRoleSample: 200,
});
const asPage = (rows: readonly (readonly (string | null)[])[]) => ({
  Rows: rows.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
});
const execution = (State: QueryExecutionState, extra: Record<string, unknown> = {}): GetQueryExecutionOutput => ({
  QueryExecution: {
    QueryExecutionId: 'q-1',
    Status: { State, ...extra },
    Statistics: { DataScannedInBytes: 5 * 2 ** 30 },
  },
});
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

function options(clock: Clock, extra: Partial<AthenaUsageOptions> = {}): AthenaUsageOptions {
  return {
    database: 'alpha',
    table: 'cloudtrail_logs',
    workgroup: 'alpha-wg',
    outputLocation: 's3://alpha-results/q/',
    principalArns: [],
    window: WINDOW,
    client: new AthenaClient({ region: 'us-east-1' }),
    clock,
    random: () => 0.5,
    ...extra,
  };
}

/** A query that finishes after QUEUED and RUNNING, with results on two pages. */
function succeed(): void {
  athena.on(GetTableMetadataCommand).resolves({ TableMetadata: { Name: 't', PartitionKeys: [{ Name: 'timestamp' }] } });
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena
    .on(GetQueryExecutionCommand)
    .resolvesOnce(execution('QUEUED'))
    .resolvesOnce(execution('RUNNING'))
    .resolves(execution('SUCCEEDED'));
  athena
    .on(GetQueryResultsCommand)
    .resolvesOnce({ ResultSet: asPage([[...USAGE_COLUMNS], ...ROWS.slice(0, 4)]), NextToken: 'page-2' })
    .resolves({ ResultSet: asPage(ROWS.slice(4)) });
}

beforeEach(() => {
  athena.reset();
});

describe('readAthenaUsage', () => {
  it('runs one query, polls with backoff, pages through results and builds the snapshot', async () => {
    succeed();
    const clock = fakeClock();
    const progress: string[] = [];
    const result = await readAthenaUsage(options(clock, { onProgress: (p) => progress.push(p.state) }));

    // End to end: what the local path makes of the same records.
    expect(result.snapshot).toEqual(localSnapshot(RECORDS, []));
    expect(result.snapshot.calls.length).toBeGreaterThan(5);
    expect(result).toMatchObject({
      complete: true,
      gaps: [],
      rejections: [],
      covered: WINDOW,
      requests: 1 + 1 + 3 + 2,
      bytesScanned: 5 * 2 ** 30,
      queryExecutionId: 'q-1',
    });
    expect(result.costUsd).toBeCloseTo((5 * 5) / 1024, 10);
    expect(progress).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);

    const start = athena.commandCalls(StartQueryExecutionCommand);
    expect(start).toHaveLength(1); // one query for every principal
    const input = start[0]?.args[0].input;
    expect(input).toMatchObject({
      QueryExecutionContext: { Database: 'alpha', Catalog: 'AwsDataCatalog' },
      WorkGroup: 'alpha-wg',
      ResultConfiguration: { OutputLocation: 's3://alpha-results/q/' },
    });
    expect(input?.QueryString).toContain(`"timestamp" BETWEEN '2026/10/01' AND '2026/11/01'`);
    expect(input?.QueryString).toContain('FROM "alpha"."cloudtrail_logs"');
    const pages = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken);
    expect(pages).toEqual([undefined, 'page-2']);
    // Two waits between three polls, each within full jitter's bound and above the floor.
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('skips GetTableMetadata when the partition columns are given, and filters by the roles’ accounts', async () => {
    succeed();
    const result = await readAthenaUsage(
      options(fakeClock(), { partitionColumns: ['account', 'timestamp'], principalArns: [ORDERS] }),
    );
    expect(athena.commandCalls(GetTableMetadataCommand)).toHaveLength(0);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString).toContain(
      `"account" IN ('111122223333')`,
    );
    expect(new Set(result.snapshot.calls.map((c) => c.principalArn))).toEqual(new Set([ORDERS]));
  });

  it('an empty result is incomplete, never "this role needs nothing"', async () => {
    succeed();
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: asPage([[...USAGE_COLUMNS]]) });
    const result = await readAthenaUsage(options(fakeClock()));
    expect(result.complete).toBe(false);
    expect(result.gaps).toEqual([
      "athena: alpha.cloudtrail_logs returned no events at all for 2026-10-01T00:00:00Z..2026-10-31T23:59:59Z; check the table's LOCATION and its projected accounts, Regions and days (`alpha athena-setup --print` shows what ALPHA expects)",
    ]);
    expect(result.snapshot.calls).toEqual([]);
  });

  it.each([
    ['Access Denied (Service: Amazon S3; Status Code: 403)', /s3:GetObject.*trail bucket/],
    ['TABLE_NOT_FOUND: line 1:1: Table awsdatacatalog.alpha.cloudtrail_logs does not exist', /alpha athena-setup/],
    ['com.amazonaws.services.kms.model.AWSKMSException: Access Denied', /kms:Decrypt/],
    ['Query exhausted resources at this scale factor', /narrow the window/],
    [
      'Insufficient permissions to execute the query. User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: glue:GetPartitions on resource: arn:aws:glue:us-east-1:1:catalog',
      /^allow "glue:GetPartitions"/,
    ],
  ])('a FAILED query (%s) is an AlphaError with Athena’s reason and a fix', async (reason, fix) => {
    succeed();
    athena.on(GetQueryExecutionCommand).resolves(execution('FAILED', { StateChangeReason: reason }));
    const error = await readAthenaUsage(options(fakeClock())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toBe(`Athena query q-1 failed: ${reason}`);
    expect((error as AlphaError).fix).toMatch(fix);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('a CANCELLED query is an error too', async () => {
    succeed();
    athena
      .on(GetQueryExecutionCommand)
      .resolves(execution('CANCELLED', { StateChangeReason: 'Query cancelled by user' }));
    await expect(readAthenaUsage(options(fakeClock()))).rejects.toThrow(
      'Athena query q-1 was cancelled: Query cancelled by user',
    );
  });

  it('gives up after the total wait, stops the query and fails (an aggregate has no partial result)', async () => {
    succeed();
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const clock = fakeClock();
    const error = await readAthenaUsage(options(clock, { maxWaitMs: 60_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toMatch(/did not finish within 60 s \(last state RUNNING\)/);
    expect((error as AlphaError).fix).toMatch(/partition projection/);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
    expect(clock.t).toBe(60_000); // never slept past the deadline
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(5000);
  });

  it('still reports the time limit when stopping the query is not allowed', async () => {
    succeed();
    athena.on(GetQueryExecutionCommand).resolves(execution('QUEUED'));
    athena.on(StopQueryExecutionCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(readAthenaUsage(options(fakeClock(), { maxWaitMs: 1000 }))).rejects.toThrow(/did not finish/);
  });

  it.each([
    [
      StartQueryExecutionCommand,
      'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:1:workgroup/alpha-wg',
      'athena:StartQueryExecution',
    ],
    [GetQueryExecutionCommand, 'not authorized to perform: athena:GetQueryExecution', 'athena:GetQueryExecution'],
    [
      GetTableMetadataCommand,
      'User is not authorized to perform: glue:GetTable on resource: table/alpha/t',
      'glue:GetTable',
    ],
  ])('AccessDenied names the missing action (%#)', async (command, message, action) => {
    succeed();
    athena.on(command as typeof StartQueryExecutionCommand).rejects(awsError('AccessDeniedException', message));
    const error = await readAthenaUsage(options(fakeClock())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toContain(action);
    expect((error as AlphaError).fix).toContain(`allow "${action}"`);
  });

  it('a results read denied by S3 says to allow s3:GetObject on the output location', async () => {
    succeed();
    athena
      .on(GetQueryResultsCommand)
      .rejects(
        awsError('AccessDeniedException', 'Access denied when reading the S3 object s3://alpha-results/q/q-1.csv'),
      );
    const error = await readAthenaUsage(options(fakeClock())).catch((e: unknown) => e);
    expect((error as AlphaError).fix).toMatch(/s3:GetObject.*s3:\/\/alpha-results\/q\//);
  });

  it('no output location: says to pass --athena-output', async () => {
    succeed();
    athena
      .on(StartQueryExecutionCommand)
      .rejects(
        awsError(
          'InvalidRequestException',
          'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
        ),
      );
    const { outputLocation: _workgroupDefault, ...withoutOutput } = options(fakeClock());
    const error = await readAthenaUsage(withoutOutput).catch((e: unknown) => e);
    expect((error as AlphaError).fix).toMatch(/--athena-output/);
  });

  it('retries throttling with full jitter and counts every request', async () => {
    succeed();
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(awsError('TooManyRequestsException', 'Rate exceeded'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ QueryExecutionId: 'q-1' });
    const clock = fakeClock();
    const result = await readAthenaUsage(options(clock));
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(result.requests).toBe(9);
    expect(clock.sleeps.slice(0, 2)).toEqual([125, 250]); // 0.5 × 250·2^n
  });

  it('gives up on throttling after maxRetries', async () => {
    succeed();
    athena.on(StartQueryExecutionCommand).rejects(awsError('TooManyRequestsException', 'Rate exceeded'));
    await expect(readAthenaUsage(options(fakeClock(), { maxRetries: 2 }))).rejects.toThrow(
      /athena:StartQueryExecution .* failed \(TooManyRequestsException\)/,
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });

  it('refuses results whose header is not the query’s columns', async () => {
    succeed();
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: asPage([
        ['principal', 'calls'],
        ['x', '1'],
      ]),
    });
    await expect(readAthenaUsage(options(fakeClock()))).rejects.toThrow(/returned columns \["principal","calls"\]/);
  });

  it('refuses a query longer than Athena accepts before sending it', async () => {
    succeed();
    const many = Array.from({ length: 2000 }, (_, i) => `arn:aws:iam::111122223333:role/role-number-${i}`);
    await expect(readAthenaUsage(options(fakeClock(), { principalArns: many }))).rejects.toThrow(
      /Athena accepts at most 262144/,
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it.each<[string, Partial<AthenaUsageOptions>]>([
    ['table', { table: 'logs; DROP TABLE x' }],
    ['database', { database: 'a"b' }],
    ['principal', { principalArns: ["arn:aws:iam::111122223333:role/x'--"] }],
    ['workgroup', { workgroup: 'wg with spaces' }],
    ['output location', { outputLocation: 'https://example.com/' }],
    ['window', { window: { start: 'yesterday', end: WINDOW.end } }],
  ])('refuses a bad %s before any request', async (_name, bad) => {
    succeed();
    await expect(readAthenaUsage(options(fakeClock(), bad))).rejects.toThrow(AlphaError);
    expect(athena.calls()).toHaveLength(0);
  });
});
