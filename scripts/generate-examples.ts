/**
 * Writes the bundled example data under examples/: CloudTrail log files in S3 layout for three realistic
 * roles in one account, and the policies those roles have today. Deterministic (seeded), so re-running it
 * reproduces the committed files byte for byte: `npx tsx scripts/generate-examples.ts`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ACCOUNT = '111122223333';
const ROOT = join(import.meta.dirname, '..', 'examples');
const START = Date.UTC(2026, 9, 1); // 2026-10-01
const DAYS = 30;

let seed = 20261001;
function random(): number {
  // mulberry32: tiny, seedable, good enough for example data.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;

interface Role {
  name: string;
  path: string;
  session: () => string;
  userAgent: string;
  sourceIp: string;
}

const ordersApi: Role = {
  name: 'orders-api',
  path: '/service-role/',
  session: () => `i-0${hex(16)}`,
  userAgent: 'aws-sdk-js/3.700.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.18.0 api/dynamodb#3.700.0',
  sourceIp: '10.0.12.34',
};
const ciDeployer: Role = {
  name: 'ci-deployer',
  path: '/',
  session: () => `GitHubActions-${Math.floor(random() * 9e8 + 1e8)}`,
  userAgent:
    'aws-cli/2.22.0 md/awscrt#0.23.0 ua/2.0 os/linux#6.5 md/arch#x86_64 lang/python#3.12.6 cfg/retry-mode#standard',
  sourceIp: '20.42.0.17',
};
const legacyAdmin: Role = {
  name: 'legacy-admin',
  path: '/',
  session: () => pick(['alice@example.com', 'bob@example.com']),
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/5.15 exe/x86_64.amzn.2 prompt/off',
  sourceIp: '198.51.100.23',
};

type Call = {
  source: string;
  name: string;
  params?: Record<string, unknown>;
  resources?: { ARN: string; type: string }[];
  data?: boolean;
  readOnly?: boolean;
  error?: [code: string, message: string];
  region?: string;
};

function record(role: Role, time: number, region: string, call: Call): Record<string, unknown> {
  const roleArn = `arn:aws:iam::${ACCOUNT}:role${role.path}${role.name}`;
  const session = role.session();
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROA${hex(16).toUpperCase()}:${session}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${session}`,
      accountId: ACCOUNT,
      accessKeyId: `ASIA${hex(16).toUpperCase()}`,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROA${hex(16).toUpperCase()}`,
          arn: roleArn,
          accountId: ACCOUNT,
          userName: role.name,
        },
        attributes: {
          creationDate: new Date(time - 600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          mfaAuthenticated: 'false',
        },
      },
    },
    eventTime: new Date(time).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: call.source,
    eventName: call.name,
    awsRegion: call.region ?? region,
    sourceIPAddress: role.sourceIp,
    userAgent: role.userAgent,
    ...(call.error ? { errorCode: call.error[0], errorMessage: call.error[1] } : {}),
    requestParameters: call.params ?? null,
    responseElements: null,
    requestID: hex(16).toUpperCase(),
    eventID: uuid(),
    readOnly: call.readOnly ?? /^(Get|List|Describe|Head|Query|Scan|Receive|Decrypt)/.test(call.name),
    ...(call.resources ? { resources: call.resources.map((r) => ({ accountId: ACCOUNT, ...r })) } : {}),
    eventType: 'AwsApiCall',
    managementEvent: !call.data,
    recipientAccountId: ACCOUNT,
    eventCategory: call.data ? 'Data' : 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${call.source.replace('.amazonaws.com', '')}.${region}.amazonaws.com`,
    },
  };
}

const bucket = 'orders-archive-111122223333';
const table = 'orders';
const queueUrl = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/orders-events`;
const keyId = 'arn:aws:kms:eu-west-1:111122223333:key/1f2e3d4c-5b6a-4789-8abc-0123456789ab';

function ordersApiCall(): Call {
  const orderKey = `invoices/2026/10/${hex(8)}.pdf`;
  const objectArn = `arn:aws:s3:::${bucket}/${orderKey}`;
  const r = random();
  if (r < 0.3)
    return {
      source: 'dynamodb.amazonaws.com',
      name: pick(['GetItem', 'PutItem', 'Query']),
      params: { tableName: table, key: { orderId: { S: hex(12) } } },
      resources: [{ ARN: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${table}`, type: 'AWS::DynamoDB::Table' }],
      data: true,
    };
  if (r < 0.5)
    return {
      source: 's3.amazonaws.com',
      name: pick(['GetObject', 'PutObject', 'HeadObject']),
      params: { bucketName: bucket, key: orderKey, Host: `${bucket}.s3.eu-west-1.amazonaws.com` },
      resources: [
        { ARN: objectArn, type: 'AWS::S3::Object' },
        { ARN: `arn:aws:s3:::${bucket}`, type: 'AWS::S3::Bucket' },
      ],
      data: true,
    };
  if (r < 0.55)
    return {
      source: 's3.amazonaws.com',
      name: 'ListObjectsV2',
      params: { bucketName: bucket, prefix: 'invoices/2026/', 'list-type': '2' },
      resources: [{ ARN: `arn:aws:s3:::${bucket}`, type: 'AWS::S3::Bucket' }],
      data: true,
    };
  if (r < 0.75)
    return {
      source: 'sqs.amazonaws.com',
      name: pick(['SendMessage', 'ReceiveMessage', 'DeleteMessage']),
      params: { queueUrl },
      data: true,
    };
  if (r < 0.93)
    return {
      source: 'kms.amazonaws.com',
      name: pick(['Decrypt', 'GenerateDataKey']),
      params: { keyId, encryptionContext: { 'aws:dynamodb:tableName': table } },
      resources: [{ ARN: keyId, type: 'AWS::KMS::Key' }],
    };
  if (r < 0.97) return { source: 'sts.amazonaws.com', name: 'GetCallerIdentity', params: null as never };
  return {
    source: 'dynamodb.amazonaws.com',
    name: 'DescribeTable',
    params: { tableName: table },
  };
}

function ciDeployerCall(day: number): Call {
  const stack = pick(['orders-api', 'orders-worker', 'edge-cache']);
  const r = random();
  if (r < 0.25)
    return {
      source: 'cloudformation.amazonaws.com',
      name: 'DescribeStacks',
      params: { stackName: stack },
    };
  if (r < 0.35)
    return {
      source: 'cloudformation.amazonaws.com',
      name: pick(['CreateChangeSet', 'UpdateStack']),
      params: {
        stackName: stack,
        roleARN: `arn:aws:iam::${ACCOUNT}:role/cfn-exec-${stack}`,
        capabilities: ['CAPABILITY_NAMED_IAM'],
      },
    };
  if (r < 0.5)
    return {
      source: 's3.amazonaws.com',
      name: 'PutObject',
      params: { bucketName: 'deploy-artifacts-111122223333', key: `${stack}/${hex(40)}.zip` },
      resources: [{ ARN: `arn:aws:s3:::deploy-artifacts-111122223333/${stack}/build.zip`, type: 'AWS::S3::Object' }],
      data: true,
    };
  if (r < 0.6)
    return {
      source: 'lambda.amazonaws.com',
      name: 'UpdateFunctionCode20150331v2',
      params: { functionName: `${stack}-handler`, s3Bucket: 'deploy-artifacts-111122223333' },
    };
  if (r < 0.65 && day < 5)
    // Bootstrapping new functions happened only in the first days of the window.
    return {
      source: 'lambda.amazonaws.com',
      name: 'CreateFunction20150331',
      params: {
        functionName: `${stack}-handler`,
        role: `arn:aws:iam::${ACCOUNT}:role/${stack}-lambda`,
        runtime: 'nodejs22.x',
      },
    };
  if (r < 0.8)
    return {
      source: 'ecr.amazonaws.com',
      name: pick(['GetAuthorizationToken', 'BatchCheckLayerAvailability', 'PutImage']),
      params: { repositoryName: stack },
    };
  if (r < 0.9) return { source: 'sts.amazonaws.com', name: 'GetCallerIdentity', region: 'us-east-1' };
  if (r < 0.95)
    return {
      source: 'iam.amazonaws.com',
      name: 'GetRole',
      params: { roleName: `${stack}-lambda` },
      region: 'us-east-1',
    };
  return {
    source: 'cloudformation.amazonaws.com',
    name: 'DeleteStack',
    params: { stackName: `${stack}-preview` },
    error: [
      'AccessDenied',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/GitHubActions is not authorized to perform: cloudformation:DeleteStack`,
    ],
  };
}

function legacyAdminCall(): Call {
  const r = random();
  if (r < 0.3)
    return { source: 'ec2.amazonaws.com', name: pick(['DescribeInstances', 'DescribeSecurityGroups', 'DescribeVpcs']) };
  if (r < 0.45) return { source: 's3.amazonaws.com', name: 'ListBuckets', region: 'us-east-1' };
  if (r < 0.6) return { source: 'monitoring.amazonaws.com', name: pick(['GetMetricData', 'DescribeAlarms']) };
  if (r < 0.7)
    return {
      source: 'logs.amazonaws.com',
      name: 'FilterLogEvents',
      params: { logGroupName: '/aws/lambda/orders-api-handler' },
    };
  if (r < 0.8)
    return { source: 'iam.amazonaws.com', name: pick(['ListRoles', 'GetAccountSummary']), region: 'us-east-1' };
  if (r < 0.9)
    return {
      source: 'ec2.amazonaws.com',
      name: 'RunInstances',
      params: { instanceType: 't3.micro', iamInstanceProfile: { name: 'bastion' }, imageId: 'ami-0abcdef1234567890' },
    };
  return { source: 'ce.amazonaws.com', name: 'GetCostAndUsage', region: 'us-east-1' };
}

/** Records from AWS services acting on their own: must be ignored, not analyzed. */
function serviceRecord(time: number, region: string): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
    eventTime: new Date(time).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'kms.amazonaws.com',
    eventName: 'GenerateDataKey',
    awsRegion: region,
    sourceIPAddress: 'cloudtrail.amazonaws.com',
    userAgent: 'cloudtrail.amazonaws.com',
    requestParameters: { keySpec: 'AES_256' },
    responseElements: null,
    requestID: hex(16),
    eventID: uuid(),
    readOnly: true,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
}

rmSync(join(ROOT, 'cloudtrail'), { recursive: true, force: true });
const regions = ['eu-west-1', 'us-east-1'];
let files = 0;
let records = 0;
for (let day = 0; day < DAYS; day++) {
  for (const region of regions) {
    for (let slot = 0; slot < 4; slot++) {
      const from = START + day * 86_400_000 + slot * 21_600_000;
      const batch: Record<string, unknown>[] = [];
      const n = region === 'eu-west-1' ? 40 : 6;
      for (let i = 0; i < n; i++) {
        const t = from + Math.floor(random() * 21_600_000);
        const who = random();
        if (region === 'eu-west-1' && who < 0.7) batch.push(record(ordersApi, t, region, ordersApiCall()));
        else if (who < 0.85 && day % 2 === 0) batch.push(record(ciDeployer, t, region, ciDeployerCall(day)));
        // legacy-admin is used by people, on weekdays of the first half of the month only.
        else if (who < 0.93 && day < 15) batch.push(record(legacyAdmin, t, region, legacyAdminCall()));
        else batch.push(serviceRecord(t, region));
      }
      batch.sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
      const stamp = new Date(from + 21_600_000).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
      const date = new Date(from).toISOString().slice(0, 10).split('-');
      const file = join(
        ROOT,
        'cloudtrail',
        'AWSLogs',
        ACCOUNT,
        'CloudTrail',
        region,
        ...date,
        `${ACCOUNT}_CloudTrail_${region}_${stamp}_${hex(16)}.json.gz`,
      );
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, gzipSync(JSON.stringify({ Records: batch })));
      files++;
      records += batch.length;
    }
  }
  // One digest file a day, as CloudTrail delivers them: the reader must skip it.
  const digest = join(
    ROOT,
    'cloudtrail',
    'AWSLogs',
    ACCOUNT,
    'CloudTrail-Digest',
    'eu-west-1',
    ...new Date(START + day * 86_400_000).toISOString().slice(0, 10).split('-'),
    `${ACCOUNT}_CloudTrail-Digest_eu-west-1_trail_eu-west-1_${new Date(START + day * 86_400_000).toISOString().replace(/[-:]/g, '').slice(0, 13)}Z.json.gz`,
  );
  mkdirSync(dirname(digest), { recursive: true });
  writeFileSync(
    digest,
    gzipSync(
      JSON.stringify({
        awsAccountId: ACCOUNT,
        digestStartTime: new Date(START + day * 86_400_000).toISOString(),
        logFiles: [],
      }),
    ),
  );
}

const policy = (statements: unknown[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
mkdirSync(join(ROOT, 'policies'), { recursive: true });
writeFileSync(
  join(ROOT, 'policies', 'orders-api.json'),
  policy([
    { Sid: 'AppData', Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'sqs:*'], Resource: '*' },
    { Sid: 'Crypto', Effect: 'Allow', Action: 'kms:*', Resource: '*' },
    { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
  ]),
);
writeFileSync(
  join(ROOT, 'policies', 'ci-deployer.json'),
  policy([
    { Sid: 'PowerUser', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    { Sid: 'PassAnyRole', Effect: 'Allow', Action: ['iam:PassRole', 'iam:GetRole'], Resource: '*' },
  ]),
);
writeFileSync(join(ROOT, 'policies', 'legacy-admin.json'), policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]));
console.log(`wrote ${records} records in ${files} files and ${DAYS} digest files under ${ROOT}`);
