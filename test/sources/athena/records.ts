/** A small synthetic trail (written by hand, no real data) exercising every column of the usage query. */
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/record.js';
import { UsageAccumulator } from '../../../src/core/usage/accumulate.js';
import type { UsageSnapshot } from '../../../src/core/usage/evidence.js';
import { principalArnFilter } from '../../../src/sources/local/scan-worker-protocol.js';
import type { RawRecord } from './reference-rows.js';

export const ACCOUNT = '111122223333';
export const ORDERS = `arn:aws:iam::${ACCOUNT}:role/service/orders-api`;
export const BATCH = `arn:aws:iam::${ACCOUNT}:role/batch`;
export const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const OTHER = `arn:aws:iam::${ACCOUNT}:role/other`;
export const WINDOW = { start: '2026-10-01T00:00:00Z', end: '2026-10-31T23:59:59Z' };

const role = (arn: string, session = 's'): NonNullable<RawRecord['userIdentity']> => {
  const name = arn.split('/').pop() as string;
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
    accountId: ACCOUNT,
    sessionContext: { sessionIssuer: { arn } },
  };
};

const object = (key: string) => [
  { ARN: `arn:aws:s3:::orders-bucket/${key}`, type: 'AWS::S3::Object' },
  { ARN: 'arn:aws:s3:::orders-bucket', type: 'AWS::S3::Bucket', accountId: ACCOUNT },
];

export const RECORDS: RawRecord[] = [
  // Data events with resources[]: the K smallest ARNs and overflow references must match the local cap exactly.
  ...['a.json', 'b.json', 'c.json', 'a.json', 'd.json'].map((key, i): RawRecord => ({
    eventTime: `2026-10-0${i + 1}T10:00:00Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: i % 2 ? 'eu-west-1' : 'us-east-1',
    eventID: `ev-get-${i}`,
    eventCategory: 'Data',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: role(ORDERS),
    requestParameters: { bucketName: 'orders-bucket', key, Host: 'orders-bucket.s3.amazonaws.com' },
    resources: object(key),
  })),
  // Two records at the same earliest second: the smaller event id is the sample.
  {
    eventTime: '2026-10-02T08:00:00Z',
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'GetItem',
    awsRegion: 'us-east-1',
    eventID: 'ev-b',
    eventCategory: 'Management',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: role(ORDERS),
    requestParameters: { tableName: 'orders' },
  },
  {
    eventTime: '2026-10-02T08:00:00Z',
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'GetItem',
    awsRegion: 'us-east-1',
    eventID: 'ev-a',
    eventCategory: 'Management',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: role(ORDERS),
    requestParameters: { tableName: 'orders' },
  },
  // A denied attempt: its own aggregate, keyed by error code.
  {
    eventTime: '2026-10-03T09:00:00Z',
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'GetItem',
    awsRegion: 'us-east-1',
    eventID: 'ev-denied',
    errorCode: 'AccessDenied',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: role(ORDERS),
    requestParameters: { tableName: 'secret-table' },
  },
  // iam:PassRole is never logged: the role is read from request parameters.
  {
    eventTime: '2026-10-04T12:00:00Z',
    eventSource: 'lambda.amazonaws.com',
    eventName: 'CreateFunction20150331',
    awsRegion: 'eu-west-1',
    eventID: 'ev-create-fn',
    readOnly: false,
    recipientAccountId: ACCOUNT,
    userIdentity: role(ORDERS),
    requestParameters: { functionName: 'fn', role: `arn:aws:iam::${ACCOUNT}:role/fn-exec`, runtime: 'nodejs20.x' },
  },
  {
    eventTime: '2026-10-05T12:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'eu-west-1',
    eventID: 'ev-run',
    readOnly: false,
    recipientAccountId: ACCOUNT,
    userIdentity: role(ORDERS),
    requestParameters: { instanceType: 't3.micro', iamInstanceProfile: { name: 'web' } },
  },
  // batch: once through its issuer, once with only the session ARN (must merge into one principal).
  {
    eventTime: '2026-10-06T01:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    awsRegion: 'us-east-1',
    eventID: 'ev-gci-1',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: role(BATCH, 'nightly'),
  },
  {
    eventTime: '2026-10-07T01:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    awsRegion: 'us-east-1',
    eventID: 'ev-gci-2',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/batch/other-session` },
  },
  // An IAM user.
  {
    eventTime: '2026-10-08T15:30:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListRoles',
    awsRegion: 'us-east-1',
    eventID: 'ev-list-roles',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: { type: 'IAMUser', arn: ALICE, accountId: ACCOUNT },
  },
  // Another role (unselected when roles are named) and records no IAM policy of ours governs.
  {
    eventTime: '2026-10-09T00:00:00Z',
    eventSource: 'sqs.amazonaws.com',
    eventName: 'SendMessage',
    awsRegion: 'ap-southeast-2',
    eventID: 'ev-other',
    readOnly: false,
    recipientAccountId: ACCOUNT,
    userIdentity: role(OTHER),
  },
  {
    eventTime: '2026-10-10T00:00:00Z',
    eventSource: 'kms.amazonaws.com',
    eventName: 'Decrypt',
    awsRegion: 'sa-east-1',
    eventID: 'ev-service',
    eventCategory: 'Management',
    readOnly: true,
    recipientAccountId: ACCOUNT,
    userIdentity: { type: 'AWSService' },
  },
  {
    eventTime: '2026-10-11T00:00:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    eventID: 'ev-root',
    readOnly: false,
    recipientAccountId: ACCOUNT,
    userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` },
  },
];

/** The local path's snapshot of `records` (what the Athena path must equal). */
export function localSnapshot(
  records: readonly RawRecord[],
  principalArns: readonly string[],
  cap = 1000,
): UsageSnapshot {
  const accumulator = new UsageAccumulator({
    window: WINDOW,
    maxResourcesPerCall: cap,
    ...(principalArns.length ? { principalFilter: principalArnFilter(principalArns) } : {}),
  });
  for (const r of records) accumulator.add(r as CloudTrailRecord);
  return accumulator.snapshot();
}
