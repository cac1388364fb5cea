/**
 * The Athena path must produce the snapshot the local path produces for the same records, for everything
 * Athena can know. The expected side runs the local accumulator; the Athena side turns the rows the query
 * returns (reference-rows.ts) into a snapshot with the reader's own code.
 */
import { describe, expect, it } from '@jest/globals';
import { principalArnFilter } from '../../../src/sources/local/scan-worker-protocol.js';
import { snapshotFromUsageRows } from '../../../src/sources/athena/rows.js';
import { principalSelectors } from '../../../src/sources/athena/sql.js';
import { referenceRows, type RawRecord } from './reference-rows.js';
import { ACCOUNT, ALICE, BATCH, localSnapshot, ORDERS, OTHER, RECORDS, WINDOW } from './records.js';

const local = localSnapshot;

function viaAthena(principalArns: readonly string[], cap: number, sample = 200, records = RECORDS) {
  const rows = referenceRows(records, {
    window: WINDOW,
    principalArns,
    maxResourcesPerCall: cap,
    passedRoleSample: sample,
  });
  return snapshotFromUsageRows(rows, {
    source: 'athena:q',
    principalArns,
    maxResourcesPerCall: cap,
  });
}

describe('Athena rows → the local snapshot', () => {
  const cases: { name: string; principals: string[]; cap: number }[] = [
    { name: 'every principal, default cap', principals: [], cap: 1000 },
    {
      name: 'named roles (one path-less) and a user',
      principals: [BATCH, 'arn:aws:iam::111122223333:role/orders-api', ALICE],
      cap: 1000,
    },
    { name: 'resource cap smaller than the distinct ARNs', principals: [], cap: 2 },
    { name: 'resource cap 0', principals: [ORDERS], cap: 0 },
  ];
  it.each(cases)('$name', ({ principals, cap }) => {
    const athena = viaAthena(principals, cap);
    expect(athena.rejections).toEqual([]);
    expect(athena.gaps).toEqual([]);
    expect(athena.snapshot).toEqual(local(RECORDS, principals, cap));
  });

  it('sees what matters in the data set (so the comparison cannot pass on empty snapshots)', () => {
    const { snapshot } = viaAthena([], 2);
    const get = snapshot.calls.find((c) => c.eventName === 'GetObject');
    expect(get).toMatchObject({
      principalArn: ORDERS,
      count: 5,
      resources: ['arn:aws:s3:::orders-bucket', 'arn:aws:s3:::orders-bucket/a.json'],
      resourceReferences: [5, 2],
      resourcesOverflow: 3,
      dataEvent: true,
      regions: ['eu-west-1', 'us-east-1'],
      sampleEventId: 'ev-get-0',
    });
    expect(snapshot.calls.find((c) => c.eventName === 'GetItem' && !c.errorCode)?.sampleEventId).toBe('ev-a');
    expect(snapshot.calls.find((c) => c.errorCode === 'AccessDenied')?.count).toBe(1);
    expect(snapshot.calls.find((c) => c.eventName === 'CreateFunction20150331')?.passedRoles).toEqual([
      'arn:aws:iam::111122223333:role/fn-exec',
    ]);
    expect(snapshot.calls.find((c) => c.eventName === 'RunInstances')?.passedRoles).toEqual([
      'arn:aws:iam::111122223333:instance-profile/web',
    ]);
    // Issuer and bare session ARN are the same role: one call, two records.
    expect(snapshot.calls.filter((c) => c.principalArn === BATCH)).toHaveLength(1);
    expect(snapshot.calls.find((c) => c.principalArn === BATCH)?.count).toBe(2);
    expect(snapshot).toMatchObject({ eventsRead: RECORDS.length, eventsIgnored: 2, sawDataEvents: true });
    expect(snapshot.activeDays[OTHER]).toEqual(['2026-10-09']);
  });

  it('reads resources from request parameters of records without resources[] (the table ARN here)', () => {
    const athena = viaAthena([ORDERS], 1000).snapshot;
    const getItem = athena.calls.find((c) => c.eventName === 'GetItem' && !c.errorCode);
    expect(getItem?.resources).toEqual(['arn:aws:dynamodb:us-east-1:111122223333:table/orders']);
    expect(getItem?.resourceReferences).toEqual([2]);
  });

  it('does not add parameter resources to records that list resources[] (documented limit)', () => {
    const invoke: RawRecord = {
      eventTime: '2026-10-12T00:00:00Z',
      eventSource: 'lambda.amazonaws.com',
      eventName: 'Invoke',
      awsRegion: 'eu-west-1',
      eventID: 'ev-invoke',
      eventCategory: 'Data',
      recipientAccountId: ACCOUNT,
      userIdentity: { type: 'IAMUser', arn: ALICE },
      requestParameters: { functionName: 'fn', qualifier: 'live' },
      resources: [{ ARN: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fn` }],
    };
    const fromLocal = local([invoke], [], 1000).calls[0];
    const fromAthena = viaAthena([], 1000, 200, [invoke]).snapshot.calls[0];
    expect(fromLocal?.resources).toEqual([
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fn`,
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fn:live`,
    ]);
    expect(fromAthena?.resources).toEqual([`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fn`]);
  });

  it('turns parameter sets the query left out into resource overflow, never into narrower resources', () => {
    const rows = referenceRows(RECORDS, {
      window: WINDOW,
      principalArns: [],
      maxResourcesPerCall: 1000,
      passedRoleSample: 200,
      parameterSets: 0,
    });
    const result = snapshotFromUsageRows(rows, {
      source: 'athena:q',
      principalArns: [],
      maxResourcesPerCall: 1000,
    });
    const getItem = result.snapshot.calls.find((c) => c.eventName === 'GetItem' && !c.errorCode);
    expect(getItem).toMatchObject({ resources: [], resourcesOverflow: 2, count: 2 });
  });

  it('reports a gap when passed roles come from a sample of the request parameters', () => {
    const result = viaAthena([], 1000, 1);
    expect(result.gaps).toEqual([]); // one parameter set per call in this data set: the sample is whole
    const rows = referenceRows(RECORDS, {
      window: WINDOW,
      principalArns: [],
      maxResourcesPerCall: 1000,
      passedRoleSample: 1,
    });
    const idx = rows.findIndex((r) => r.includes('CreateFunction20150331'));
    const row = [...(rows[idx] as (string | null)[])];
    row[13] = '7'; // role_parameter_sets: 7 distinct sets, 1 read
    rows[idx] = row;
    const sampled = snapshotFromUsageRows(rows, {
      source: 'athena:q',
      principalArns: [],
      maxResourcesPerCall: 1000,
    });
    expect(sampled.gaps).toEqual([
      `athena: ${ORDERS} lambda.amazonaws.com:CreateFunction20150331 has 7 distinct request-parameter sets naming a role; passed roles were read from 1 of them, so iam:PassRole may be incomplete`,
    ]);
  });

  it('rejects unreadable rows by position instead of dropping them', () => {
    const rows = referenceRows(RECORDS, {
      window: WINDOW,
      principalArns: [],
      maxResourcesPerCall: 1000,
      passedRoleSample: 200,
    });
    const broken = rows.map((r) => [...r]);
    (broken[0] as (string | null)[])[6] = 'many';
    (broken[1] as (string | null)[])[10] = '[us-east-1';
    (broken[2] as (string | null)[])[0] = 'bogus';
    (broken[3] as (string | null)[])[4] = '';
    const result = snapshotFromUsageRows(broken, {
      source: 'athena:q',
      principalArns: [],
      maxResourcesPerCall: 1000,
    });
    expect(result.rejections).toEqual([
      { file: 'athena:q', recordIndex: 0, reason: 'unreadable result row: calls is not a count: "many"' },
      { file: 'athena:q', recordIndex: 1, reason: 'unreadable result row: regions is not JSON' },
      { file: 'athena:q', recordIndex: 2, reason: 'unreadable result row: principal_kind "bogus" is unknown' },
      {
        file: 'athena:q',
        recordIndex: 3,
        reason: `unreadable result row: ${(rows[3] as (string | null)[])[6]} record(s) of ${(rows[3] as (string | null)[])[2]} have no eventSource or eventName`,
      },
    ]);
  });
});

describe('request-parameter resources match the local rules for every service the query reads them for', () => {
  const call = (eventSource: string, eventName: string, requestParameters: unknown): RawRecord => ({
    eventTime: '2026-10-15T00:00:00Z',
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    eventID: `ev-${eventName}`,
    recipientAccountId: ACCOUNT,
    userIdentity: { type: 'IAMUser', arn: ALICE },
    requestParameters,
  });
  const cases: [string, RawRecord][] = [
    ['s3 bucket', call('s3.amazonaws.com', 'ListObjects', { bucketName: 'b-1', prefix: 'x/' })],
    ['s3 object', call('s3.amazonaws.com', 'GetObject', { bucketName: 'b-1', key: 'a/b c.json' })],
    [
      's3 copy',
      call('s3.amazonaws.com', 'CopyObject', { bucketName: 'b-1', key: 'k', 'x-amz-copy-source': 'src-b/k%201' }),
    ],
    ['dynamodb', call('dynamodb.amazonaws.com', 'DescribeTable', { tableName: 'orders' })],
    ['dynamodb PascalCase', call('dynamodb.amazonaws.com', 'DescribeTable', { TableName: 'orders' })],
    ['lambda', call('lambda.amazonaws.com', 'GetFunction20150331v2', { functionName: 'fn', qualifier: '3' })],
    [
      'sqs',
      call('sqs.amazonaws.com', 'GetQueueAttributes', {
        queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/q1`,
      }),
    ],
    ['sns', call('sns.amazonaws.com', 'Publish', { topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:t` })],
    ['kms', call('kms.amazonaws.com', 'DescribeKey', { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })],
    [
      'kms alias',
      call('kms.amazonaws.com', 'CreateAlias', {
        aliasName: 'alias/app',
        targetKeyId: 'mrk-1234abcd12ab34cd56ef1234567890ab',
      }),
    ],
    ['secrets', call('secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: 'prod/db' })],
    ['ssm', call('ssm.amazonaws.com', 'GetParameters', { names: ['/app/a', '/app/b'] })],
    ['ssm path', call('ssm.amazonaws.com', 'GetParametersByPath', { path: '/app' })],
    [
      'states',
      call('states.amazonaws.com', 'StartExecution', {
        stateMachineArn: `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:sm`,
      }),
    ],
    ['logs', call('logs.amazonaws.com', 'CreateLogStream', { logGroupName: '/aws/app', logStreamName: 's1' })],
    ['iam', call('iam.amazonaws.com', 'GetRole', { roleName: 'app' })],
    ['iam arn', call('iam.amazonaws.com', 'GetPolicy', { policyArn: `arn:aws:iam::${ACCOUNT}:policy/p` })],
    [
      'sts',
      call('sts.amazonaws.com', 'AssumeRole', { roleArn: `arn:aws:iam::${ACCOUNT}:role/target`, roleSessionName: 's' }),
    ],
  ];
  it.each(cases)('%s', (_name, record) => {
    const expected = local([record], [], 1000);
    expect(expected.calls[0]?.resources.length).toBeGreaterThan(0); // the case exercises a rule
    expect(viaAthena([], 1000, 200, [record]).snapshot).toEqual(expected);
  });
});

describe('the SQL principal filter keeps a superset of principalMatches', () => {
  const seen = [
    ORDERS,
    BATCH,
    ALICE,
    OTHER,
    'arn:aws:iam::111122223333:role/a/b/orders-api',
    'arn:aws:sts::111122223333:assumed-role/orders-api/s',
    'arn:aws:sts::111122223333:assumed-role/batch/nightly',
    'arn:aws:iam::999999999999:role/orders-api',
    'arn:aws:iam::111122223333:role/orders-api-v2',
    'arn:aws:iam::111122223333:user/alice2',
    'arn:aws:iam::111122223333:role/orders.api',
  ];
  const requests = [
    ['arn:aws:iam::111122223333:role/orders-api'],
    [ORDERS],
    [BATCH, ALICE],
    ['arn:aws:iam::111122223333:role/orders.api'],
  ];
  it.each(requests)('%s', (...requested) => {
    const { exact, patterns } = principalSelectors(requested);
    const inSql = (p: string) => exact.includes(p) || patterns.some((re) => new RegExp(re).test(p));
    const wanted = principalArnFilter(requested);
    for (const principal of seen) {
      // The session-ARN form resolves to the path-less role before matching, as resolvePrincipal does.
      const resolved = principal.replace(
        /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.*$/,
        'arn:aws:iam::$1:role/$2',
      );
      if (wanted(resolved)) expect(inSql(principal)).toBe(true);
    }
    // …and not everything: another account, a longer name and a `.` taken literally stay out.
    expect(inSql('arn:aws:iam::999999999999:role/orders-api')).toBe(false);
    expect(inSql('arn:aws:iam::111122223333:role/orders-api-v2')).toBe(false);
    expect(inSql('arn:aws:iam::111122223333:role/ordersXapi')).toBe(false);
  });
});
