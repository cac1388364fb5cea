/**
 * A synthetic CloudTrail corpus for `npm run bench`: deterministic (seeded), in S3 layout
 * (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/…json.gz), ~1.5 KB records shaped like real ones
 * (requestParameters, responseElements, additionalEventData, tlsDetails, resources), ~30 principals.
 * Generated once per size into bench/.corpus/ (gitignored) and reused.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const CORPUS_VERSION = 2;
const ACCOUNT = '111122223333';
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const START = Date.UTC(2026, 8, 1); // 2026-09-01
const DAYS = 60;

/** Where and when the corpus's records are, for sources that ask (the `s3` phase). */
export const CORPUS_REGIONS: readonly string[] = REGIONS;
export const CORPUS_WINDOW = {
  start: new Date(START).toISOString().replace('.000Z', 'Z'),
  end: new Date(START + DAYS * 86_400_000).toISOString().replace('.000Z', 'Z'),
} as const;

export interface CorpusManifest {
  readonly version: number;
  readonly records: number;
  readonly files: number;
  readonly bytesCompressed: number;
  readonly bytesUncompressed: number;
  readonly root: string;
  readonly sampleRoleArn: string;
}

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Principal {
  /** `session` picks one of the principal's live sessions: real sessions make many calls, not one. */
  readonly identity: (random: () => number, session: number) => Record<string, unknown>;
  readonly calls: readonly Call[];
  readonly userAgent: string;
}

interface Call {
  readonly source: string;
  readonly name: string;
  readonly data?: boolean;
  readonly readOnly: boolean;
  readonly request: (random: () => number, region: string) => Record<string, unknown> | null;
  readonly response?: (random: () => number) => Record<string, unknown> | null;
  readonly resources?: (random: () => number, region: string) => Record<string, unknown>[];
}

const hex = (random: () => number, n: number): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(random() * 16).toString(16);
  return out;
};
const upper = (random: () => number, n: number): string => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; i < n; i++) out += abc[Math.floor(random() * abc.length)];
  return out;
};
const uuid = (random: () => number): string =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const CALLS: Record<string, Call> = {
  getObject: {
    source: 's3.amazonaws.com',
    name: 'GetObject',
    data: true,
    readOnly: true,
    request: (r, region) => ({
      bucketName: 'orders-data',
      Host: `orders-data.s3.${region}.amazonaws.com`,
      key: `orders/2026/${pick(r, ['09', '10'])}/${hex(r, 12)}.json`,
    }),
    resources: (r) => [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::orders-data/orders/${hex(r, 2)}` },
      { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::orders-data' },
    ],
  },
  putObject: {
    source: 's3.amazonaws.com',
    name: 'PutObject',
    data: true,
    readOnly: false,
    request: (r, region) => ({
      bucketName: 'orders-archive',
      Host: `orders-archive.s3.${region}.amazonaws.com`,
      key: `archive/${hex(r, 16)}.json.gz`,
      'x-amz-server-side-encryption': 'aws:kms',
    }),
    response: (r) => ({ 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-version-id': upper(r, 32) }),
    resources: () => [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::orders-archive' }],
  },
  getItem: {
    source: 'dynamodb.amazonaws.com',
    name: 'GetItem',
    data: true,
    readOnly: true,
    request: (r) => ({ tableName: 'orders', key: { pk: `ORDER#${hex(r, 10)}` }, consistentRead: false }),
    resources: (_r, region) => [
      { accountId: ACCOUNT, type: 'AWS::DynamoDB::Table', ARN: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/orders` },
    ],
  },
  query: {
    source: 'dynamodb.amazonaws.com',
    name: 'Query',
    data: true,
    readOnly: true,
    request: (r) => ({
      tableName: 'orders',
      indexName: 'by-customer',
      keyConditionExpression: 'customerId = :c',
      expressionAttributeValues: { ':c': { S: `CUST#${hex(r, 8)}` } },
      limit: 50,
    }),
  },
  sendMessage: {
    source: 'sqs.amazonaws.com',
    name: 'SendMessage',
    readOnly: false,
    request: (_r, region) => ({
      queueUrl: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/orders-events`,
      messageBody: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    }),
    response: (r) => ({ mD5OfMessageBody: hex(r, 32), messageId: uuid(r) }),
  },
  decrypt: {
    source: 'kms.amazonaws.com',
    name: 'Decrypt',
    readOnly: true,
    request: () => ({
      encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::orders-data' },
    }),
    resources: (r, region) => [
      {
        accountId: ACCOUNT,
        type: 'AWS::KMS::Key',
        ARN: `arn:aws:kms:${region}:${ACCOUNT}:key/${uuid(r).slice(0, 8)}-0000-4000-8000-000000000001`,
      },
    ],
  },
  generateDataKey: {
    source: 'kms.amazonaws.com',
    name: 'GenerateDataKey',
    readOnly: true,
    request: (_r, region) => ({ keyId: `arn:aws:kms:${region}:${ACCOUNT}:alias/orders`, keySpec: 'AES_256' }),
  },
  describeInstances: {
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    readOnly: true,
    request: (r) => ({ instancesSet: { items: [{ instanceId: `i-${hex(r, 17)}` }] }, filterSet: {} }),
  },
  runInstances: {
    source: 'ec2.amazonaws.com',
    name: 'RunInstances',
    readOnly: false,
    request: (r) => ({
      instancesSet: { items: [{ imageId: `ami-${hex(r, 17)}`, minCount: 1, maxCount: 1 }] },
      instanceType: 't3.micro',
      iamInstanceProfile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/worker` },
      monitoring: { enabled: false },
      disableApiTermination: false,
    }),
    response: (r) => ({
      requestId: uuid(r),
      reservationId: `r-${hex(r, 17)}`,
      ownerId: ACCOUNT,
      groupSet: {},
      instancesSet: {
        items: [
          {
            instanceId: `i-${hex(r, 17)}`,
            instanceState: { code: 0, name: 'pending' },
            privateDnsName: `ip-10-0-${Math.floor(r() * 255)}-1.ec2.internal`,
          },
        ],
      },
    }),
  },
  putLogEvents: {
    source: 'logs.amazonaws.com',
    name: 'PutLogEvents',
    readOnly: false,
    request: (r) => ({ logGroupName: '/aws/app/orders', logStreamName: `orders-${hex(r, 8)}` }),
    response: () => null,
  },
  getParameter: {
    source: 'ssm.amazonaws.com',
    name: 'GetParameter',
    readOnly: true,
    request: (r) => ({ name: `/orders/${pick(r, ['db-url', 'api-key', 'feature-flags'])}`, withDecryption: true }),
  },
  getSecretValue: {
    source: 'secretsmanager.amazonaws.com',
    name: 'GetSecretValue',
    readOnly: true,
    request: (_r, region) => ({ secretId: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:orders/db-AbCdEf` }),
  },
  assumeRole: {
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    readOnly: true,
    request: (r) => ({
      roleArn: `arn:aws:iam::${ACCOUNT}:role/deploy-target`,
      roleSessionName: `session-${hex(r, 6)}`,
      durationSeconds: 3600,
    }),
    response: (r) => ({
      credentials: {
        accessKeyId: `ASIA${upper(r, 16)}`,
        sessionToken: `IQoJb3JpZ2luX2VjE${upper(r, 120)}`,
        expiration: 'Oct 1, 2026, 1:00:00 PM',
      },
      assumedRoleUser: {
        assumedRoleId: `AROA${upper(r, 17)}:session`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy-target/session`,
      },
    }),
  },
  invoke: {
    source: 'lambda.amazonaws.com',
    name: 'Invoke',
    data: true,
    readOnly: false,
    request: (_r, region) => ({
      functionName: `arn:aws:lambda:${region}:${ACCOUNT}:function:orders-notify`,
      invocationType: 'Event',
    }),
  },
  createFunction: {
    source: 'lambda.amazonaws.com',
    name: 'CreateFunction20150331',
    readOnly: false,
    request: (r) => ({
      functionName: `fn-${hex(r, 6)}`,
      runtime: 'nodejs20.x',
      role: `arn:aws:iam::${ACCOUNT}:role/lambda-exec`,
      handler: 'index.handler',
      code: {},
      // Non-ASCII in a few files, as in real logs (it makes V8 hold that file's text as a two-byte string).
      description: r() < 0.002 ? 'Deployed by CI — café ☕' : 'Deployed by CI',
      timeout: 30,
      memorySize: 256,
      publish: true,
    }),
  },
};

function principals(): Principal[] {
  const out: Principal[] = [];
  const roleCallSets: (keyof typeof CALLS)[][] = [
    ['getObject', 'putObject', 'decrypt', 'getItem', 'query', 'sendMessage', 'putLogEvents', 'getParameter'],
    ['describeInstances', 'runInstances', 'assumeRole', 'createFunction', 'getSecretValue'],
    ['getItem', 'query', 'invoke', 'generateDataKey', 'putLogEvents'],
    ['getObject', 'describeInstances', 'getParameter', 'getSecretValue', 'decrypt'],
  ];
  for (let i = 0; i < 22; i++) {
    const name = `service-${String(i).padStart(2, '0')}`;
    const path = i % 5 === 0 ? '/app/' : '/';
    const roleId = `AROA${String(i).padStart(17, 'X')}`;
    out.push({
      identity: (_r, n) => {
        const s = rng(n * 1000 + i);
        const session = `i-${hex(s, 17)}`;
        return {
          type: 'AssumedRole',
          principalId: `${roleId}:${session}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
          accountId: ACCOUNT,
          accessKeyId: `ASIA${upper(s, 16)}`,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: roleId,
              arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
              accountId: ACCOUNT,
              userName: name,
            },
            attributes: { creationDate: '2026-09-01T00:00:00Z', mfaAuthenticated: 'false' },
            ec2RoleDelivery: '2.0',
          },
        };
      },
      calls: (roleCallSets[i % roleCallSets.length] as (keyof typeof CALLS)[]).map((k) => CALLS[k] as Call),
      userAgent:
        i % 2 === 0
          ? 'aws-sdk-java/2.25.11 Linux/5.10.218-208.862.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard'
          : 'Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.218 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84',
    });
  }
  for (const user of ['alice', 'bob', 'ci-bot', 'legacy-batch', 'ops']) {
    out.push({
      identity: (_r, n) => ({
        type: 'IAMUser',
        principalId: `AIDA${upper(rng(user.length), 17)}`,
        arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
        accountId: ACCOUNT,
        accessKeyId: `AKIA${upper(rng(n % 2), 16)}`,
        userName: user,
      }),
      calls: [CALLS.describeInstances, CALLS.getObject, CALLS.assumeRole, CALLS.getParameter] as Call[],
      userAgent: 'aws-cli/2.15.38 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/s3.cp',
    });
  }
  for (const service of ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'cloudformation.amazonaws.com']) {
    out.push({
      identity: () => ({ type: 'AWSService', invokedBy: service }),
      calls: [CALLS.assumeRole, CALLS.decrypt] as Call[],
      userAgent: service,
    });
  }
  return out;
}

function record(random: () => number, who: Principal, time: number, region: string): Record<string, unknown> {
  const call = pick(random, who.calls);
  const denied = random() < 0.02;
  const resources = call.resources?.(random, region);
  return {
    eventVersion: '1.09',
    // Three live sessions per principal, renewed hourly (instance and task credentials rotate about so).
    userIdentity: who.identity(random, Math.floor(time / 3_600_000) * 3 + Math.floor(random() * 3)),
    eventTime: `${new Date(time).toISOString().slice(0, 19)}Z`,
    eventSource: call.source,
    eventName: call.name,
    awsRegion: region,
    sourceIPAddress: `10.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
    userAgent: who.userAgent,
    ...(denied
      ? {
          errorCode: 'AccessDenied',
          errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/x/y is not authorized to perform: ${call.source.split('.')[0]}:${call.name} because no identity-based policy allows the "${call.name}" action`,
        }
      : {}),
    requestParameters: call.request(random, region),
    responseElements: denied ? null : (call.response?.(random) ?? null),
    additionalEventData: call.data
      ? {
          SignatureVersion: 'SigV4',
          CipherSuite: 'TLS_AES_128_GCM_SHA256',
          bytesTransferredIn: 0,
          AuthenticationMethod: 'AuthHeader',
          'x-amz-id-2': upper(random, 60),
          bytesTransferredOut: Math.floor(random() * 100000),
        }
      : undefined,
    requestID: upper(random, 16),
    eventID: uuid(random),
    readOnly: call.readOnly,
    ...(resources ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: !call.data,
    recipientAccountId: ACCOUNT,
    ...(call.data ? { eventCategory: 'Data' } : { eventCategory: 'Management' }),
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${call.source.split('.')[0]}.${region}.amazonaws.com`,
    },
  };
}

export function corpusDir(root: string, records: number): string {
  return join(root, `v${CORPUS_VERSION}-${records}`);
}

/** Generates the corpus unless a complete one (manifest present) already exists. */
export async function ensureCorpus(
  root: string,
  records: number,
  files: number,
  log: (s: string) => void,
): Promise<CorpusManifest> {
  const dir = corpusDir(root, records);
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) return JSON.parse(readFileSync(manifestPath, 'utf8')) as CorpusManifest;
  rmSync(dir, { recursive: true, force: true });
  log(
    `generating ${records.toLocaleString('en-US')} records in ${files} files under ${dir} (once; reused afterwards)…`,
  );
  const random = rng(20260901);
  const who = principals();
  const perFile = Math.ceil(records / files);
  let bytesCompressed = 0;
  let bytesUncompressed = 0;
  let written = 0;
  const inFlight: Promise<void>[] = [];
  for (let f = 0; f < files && written < records; f++) {
    const region = REGIONS[f % REGIONS.length] as string;
    const fileStart = START + Math.floor((f / files) * DAYS * 86_400_000);
    const count = Math.min(perFile, records - written);
    const list: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) list.push(record(random, pick(random, who), fileStart + i * 1000, region));
    written += count;
    const text = JSON.stringify({ Records: list });
    bytesUncompressed += Buffer.byteLength(text);
    const d = new Date(fileStart).toISOString();
    const stamp = `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}T${d.slice(11, 13)}${d.slice(14, 16)}Z`;
    const path = join(
      dir,
      'AWSLogs',
      ACCOUNT,
      'CloudTrail',
      region,
      d.slice(0, 4),
      d.slice(5, 7),
      d.slice(8, 10),
      `${ACCOUNT}_CloudTrail_${region}_${stamp}_${upper(random, 16)}.json.gz`,
    );
    mkdirSync(dirname(path), { recursive: true });
    inFlight.push(
      gzipAsync(text).then((gz) => {
        bytesCompressed += gz.length;
        writeFileSync(path, gz);
      }),
    );
    if (inFlight.length >= 4) await inFlight.shift();
    if (f % 200 === 0 && f > 0) log(`  ${f}/${files} files`);
  }
  await Promise.all(inFlight);
  const manifest: CorpusManifest = {
    version: CORPUS_VERSION,
    records: written,
    files: Math.ceil(written / perFile),
    bytesCompressed,
    bytesUncompressed,
    root: join(dir, 'AWSLogs'),
    sampleRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-01`,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return manifest;
}
