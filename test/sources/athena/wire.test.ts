/** The Athena reader through a real AthenaClient against a loopback Athena speaking awsJson1_1. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { AlphaError } from '../../../src/core/errors.js';
import { readAthenaUsage, type AthenaUsageOptions } from '../../../src/sources/athena/read.js';
import { USAGE_COLUMNS } from '../../../src/sources/athena/sql.js';
import { startFakeAthena, type FakeAthena, type FakeAthenaOptions } from '../../fakes/athena-server.js';
import { referenceRows } from './reference-rows.js';
import { localSnapshot, RECORDS, WINDOW } from './records.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROWS = referenceRows(RECORDS, {
  window: WINDOW,
  principalArns: [],
  maxResourcesPerCall: 1000,
  passedRoleSample: 200,
});
let fake: FakeAthena | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function read(server: FakeAthenaOptions, extra: Partial<AthenaUsageOptions> = {}) {
  fake = await startFakeAthena(server);
  return readAthenaUsage({
    database: 'alpha',
    table: 'cloudtrail_logs',
    outputLocation: 's3://alpha-results/',
    region: 'eu-west-1',
    principalArns: [],
    window: WINDOW,
    credentials: async () => ({ accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' }),
    clientConfig: { endpoint: fake.url },
    pollIntervalMs: 5,
    maxPollIntervalMs: 20,
    ...extra,
  });
}

describe('readAthenaUsage over the wire', () => {
  it('walks QUEUED → RUNNING → SUCCEEDED, survives throttling and reads every page once', async () => {
    const result = await read({
      rows: [[...USAGE_COLUMNS], ...ROWS],
      pageSize: 4,
      partitionKeys: ['account', 'region', 'timestamp'],
      throttleFirst: 2,
      bytesScanned: 123_456_789,
    });
    // End to end: what the local path makes of the same records.
    expect(result.snapshot).toEqual(localSnapshot(RECORDS, []));
    expect(result.bytesScanned).toBe(123_456_789);
    const ops = (fake as FakeAthena).requests.filter((r) => !r.throttled).map((r) => r.operation);
    const pages = Math.ceil((ROWS.length + 1) / 4);
    expect(ops).toEqual([
      'GetTableMetadata',
      'StartQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      ...Array<string>(pages).fill('GetQueryResults'),
    ]);
    expect(result.requests).toBe((fake as FakeAthena).requests.length);
    const tokens = (fake as FakeAthena).requests
      .filter((r) => r.operation === 'GetQueryResults')
      .map((r) => r.input.NextToken);
    expect(tokens).toEqual([undefined, ...Array.from({ length: pages - 1 }, (_, i) => `page-${(i + 1) * 4}`)]);
    expect((fake as FakeAthena).queries).toHaveLength(1);
    expect((fake as FakeAthena).queries[0]).toContain(`"timestamp" BETWEEN '2026/10/01' AND '2026/11/01'`);
  });

  it('turns a FAILED query into an AlphaError with Athena’s reason', async () => {
    const error = await read({
      rows: [],
      states: ['QUEUED', 'FAILED'],
      failureReason: 'Permission denied on S3 path: s3://trail-bucket/AWSLogs/ (Access Denied)',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toBe(
      'Athena query q-1 failed: Permission denied on S3 path: s3://trail-bucket/AWSLogs/ (Access Denied)',
    );
    expect((error as AlphaError).fix).toMatch(/s3:GetObject/);
  });

  it('names the denied action from the real error shape', async () => {
    const error = await read({ rows: [], deny: ['StartQueryExecution'] }, { partitionColumns: [] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toMatch(/^AWS denied athena:StartQueryExecution on database alpha/);
    expect((error as AlphaError).fix).toContain('allow "athena:StartQueryExecution"');
  });
});
