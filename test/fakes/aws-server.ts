/**
 * A loopback AWS speaking the real wire protocols: STS (awsQuery XML) for AssumeRoleWithWebIdentity/AssumeRole
 * and CloudTrail LookupEvents (awsJson1_1) that throttles above 2 requests/s per Region with the real
 * ThrottlingException shape. It records every request so tests can prove pacing and paging.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IAM_ACTIONS, serveIam, type FakeIam, type IamCall } from './iam-server.js';

export type { FakeIam, FakeIamRole, IamCall } from './iam-server.js';

interface LookupInput {
  NextToken?: string;
  MaxResults?: number;
  StartTime?: number;
  EndTime?: number;
  LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
}

interface LoggedRecord {
  eventName?: string;
  resources?: { ARN?: string }[];
  userIdentity?: {
    accessKeyId?: string;
    userName?: string;
    sessionContext?: { sessionIssuer?: { userName?: string } };
  };
}

/** LookupEvents semantics: the time range is inclusive, and one attribute filters on the logged record. */
function matchesLookup(event: FakeTrailEvent, input: LookupInput): boolean {
  if (input.StartTime !== undefined && event.EventTime < input.StartTime) return false;
  if (input.EndTime !== undefined && event.EventTime > input.EndTime) return false;
  const attribute = input.LookupAttributes?.[0];
  if (!attribute) return true;
  const record = JSON.parse(event.CloudTrailEvent) as LoggedRecord;
  switch (attribute.AttributeKey) {
    case 'ResourceName':
      return (record.resources ?? []).some((r) => r.ARN === attribute.AttributeValue);
    case 'AccessKeyId':
      return record.userIdentity?.accessKeyId === attribute.AttributeValue;
    case 'Username':
      return record.userIdentity?.userName === attribute.AttributeValue;
    case 'EventName':
      return record.eventName === attribute.AttributeValue;
    default:
      return false;
  }
}

export interface FakeTrailEvent {
  readonly EventId: string;
  readonly EventTime: number; // epoch seconds
  readonly CloudTrailEvent: string;
}

export interface FakeAwsOptions {
  /** Events newest first, per Region. */
  readonly events: Record<string, FakeTrailEvent[]>;
  readonly pageSize?: number;
  /** Credentials expire this many seconds after issue. */
  readonly credentialSeconds?: number;
  readonly rejectSub?: boolean;
  /** Requests per second per Region before ThrottlingException. Default 2 (the real quota). */
  readonly throttlePerSecond?: number;
  /** IAM roles and managed policies served by the awsQuery IAM API. */
  readonly iam?: FakeIam;
  /** LookupEvents in these Regions fails with this error type (e.g. a Region not enabled for the account). */
  readonly failRegions?: Record<string, string>;
}

export interface FakeAws {
  readonly url: string;
  readonly lookups: {
    region: string;
    /** The account the signing key belongs to (`default` for keys the fake did not issue). */
    account: string;
    at: number;
    token: string | undefined;
    throttled: boolean;
    accessKeyId: string;
  }[];
  readonly stsCalls: string[];
  /** Every LookupEvents request body's LookupAttributes and time range, in order (served or throttled). */
  readonly lookupInputs: { region: string; attribute?: string; start?: number; end?: number }[];
  readonly iamCalls: IamCall[];
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}

function regionOf(req: IncomingMessage): string {
  const auth = String(req.headers.authorization ?? '');
  return /Credential=[^/]+\/\d+\/([^/]+)\//.exec(auth)?.[1] ?? 'unknown';
}

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const lookups: FakeAws['lookups'] = [];
  const lookupInputs: FakeAws['lookupInputs'] = [];
  const iamCalls: IamCall[] = [];
  const stsCalls: string[] = [];
  const keyAccounts = new Map<string, string>();
  const pageSize = options.pageSize ?? 50;
  let issued = 0;
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === 'CloudTrail_20131101.LookupEvents') {
      const region = regionOf(req);
      const now = Date.now();
      const input = JSON.parse(text) as LookupInput;
      const attribute = input.LookupAttributes?.[0];
      lookupInputs.push({
        region,
        ...(attribute ? { attribute: `${attribute.AttributeKey}=${attribute.AttributeValue}` } : {}),
        ...(input.StartTime !== undefined ? { start: input.StartTime } : {}),
        ...(input.EndTime !== undefined ? { end: input.EndTime } : {}),
      });
      const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      // The quota is per account and Region: keys this fake issued belong to the assumed role's account.
      const account = keyAccounts.get(accessKeyId) ?? 'default';
      const recent = lookups.filter(
        (l) => l.region === region && l.account === account && !l.throttled && now - l.at < 1000,
      ).length;
      const throttled = recent >= (options.throttlePerSecond ?? 2);
      lookups.push({ region, account, at: now, token: input.NextToken, throttled, accessKeyId });
      const failure = options.failRegions?.[region];
      if (failure) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: failure, message: `fake AWS: ${failure} in ${region}` }));
        return;
      }
      if (throttled) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      const all = (options.events[region] ?? []).filter((e) => matchesLookup(e, input));
      const offset = input.NextToken ? Number(input.NextToken.replace('tok-', '')) : 0;
      const size = Math.min(pageSize, input.MaxResults ?? 50);
      const page = all.slice(offset, offset + size);
      const next = offset + size < all.length ? `tok-${offset + size}` : undefined;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Events: page, ...(next ? { NextToken: next } : {}) }));
      return;
    }
    const params = new URLSearchParams(text);
    const action = params.get('Action');
    if (action && IAM_ACTIONS.has(action)) {
      const reply = serveIam(options.iam ?? { roles: {}, policies: {} }, action, params, iamCalls);
      res.writeHead(reply.status, { 'content-type': 'text/xml' });
      res.end(reply.body);
      return;
    }
    if (action === 'AssumeRoleWithWebIdentity' || action === 'AssumeRole') {
      stsCalls.push(action);
      if (options.rejectSub && action === 'AssumeRoleWithWebIdentity') {
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
        return;
      }
      issued++;
      keyAccounts.set(
        `ASIAFAKE${issued}`,
        /^arn:[^:]+:iam::(\d{12}):/.exec(params.get('RoleArn') ?? '')?.[1] ?? 'default',
      );
      const expiration = new Date(Date.now() + (options.credentialSeconds ?? 3600) * 1000).toISOString();
      const result = `<Credentials><AccessKeyId>ASIAFAKE${issued}</AccessKeyId><SecretAccessKey>secret${issued}</SecretAccessKey><SessionToken>token${issued}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>`;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
      );
      return;
    }
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `fake AWS: ${target || action}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lookups,
    lookupInputs,
    iamCalls,
    stsCalls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `count` management events from several principals, newest first, inside [start, end]. */
export function makeEvents(
  count: number,
  principals: readonly string[],
  end: number,
  stepSeconds = 60,
): FakeTrailEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const role = principals[i % principals.length] as string;
    const time = end - i * stepSeconds;
    const record = {
      eventVersion: '1.08',
      eventTime: new Date(time * 1000).toISOString().replace('.000Z', 'Z'),
      eventSource: 's3.amazonaws.com',
      eventName: i % 2 ? 'ListBuckets' : 'GetBucketLocation',
      awsRegion: 'us-east-1',
      eventID: `ev-${i}`,
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::111122223333:assumed-role/${role}/s`,
        accountId: '111122223333',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: `arn:aws:iam::111122223333:role/${role}`,
            accountId: '111122223333',
            userName: role,
          },
        },
      },
    };
    return { EventId: `ev-${i}`, EventTime: time, CloudTrailEvent: JSON.stringify(record) };
  });
}

export interface FakeSession {
  /** The access key id STS issued; the role's calls are logged under it. */
  readonly accessKeyId: string;
  /** Epoch seconds of the AssumeRole event. */
  readonly issuedAt: number;
  /** Calls the session makes, one a minute from `issuedAt + 60`. */
  readonly calls: number;
  /** The AssumeRole event says nothing about the key (as some service-issued sessions do). */
  readonly hideKey?: boolean;
}

/**
 * A role's life as CloudTrail logs it: an `AssumeRole` per session naming the role (resources) and the issued key
 * (responseElements), then the session's calls under that key. Newest first, like LookupEvents.
 */
export function makeSessionEvents(roleName: string, sessions: readonly FakeSession[], account = '111122223333') {
  const roleArn = `arn:aws:iam::${account}:role/${roleName}`;
  const events: FakeTrailEvent[] = [];
  for (const s of sessions) {
    const assume = {
      eventVersion: '1.08',
      eventTime: new Date(s.issuedAt * 1000).toISOString().replace('.000Z', 'Z'),
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      awsRegion: 'us-east-1',
      eventID: `assume-${s.accessKeyId}`,
      userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
      requestParameters: { roleArn, roleSessionName: `${roleName}-${s.accessKeyId}` },
      responseElements: s.hideKey
        ? null
        : { credentials: { accessKeyId: s.accessKeyId, sessionToken: 'x', expiration: 'Nov 20, 2026, 1:00:00 AM' } },
      resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: roleArn }],
    };
    events.push({ EventId: assume.eventID, EventTime: s.issuedAt, CloudTrailEvent: JSON.stringify(assume) });
    for (let i = 0; i < s.calls; i++) {
      const time = s.issuedAt + 60 * (i + 1);
      const call = {
        eventVersion: '1.08',
        eventTime: new Date(time * 1000).toISOString().replace('.000Z', 'Z'),
        eventSource: 'dynamodb.amazonaws.com',
        eventName: i % 2 ? 'DescribeTable' : 'ListTables',
        awsRegion: 'us-east-1',
        eventID: `${s.accessKeyId}-call-${i}`,
        userIdentity: {
          type: 'AssumedRole',
          arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${roleName}-${s.accessKeyId}`,
          accountId: account,
          accessKeyId: s.accessKeyId,
          sessionContext: { sessionIssuer: { type: 'Role', arn: roleArn, accountId: account, userName: roleName } },
        },
      };
      events.push({ EventId: call.eventID, EventTime: time, CloudTrailEvent: JSON.stringify(call) });
    }
  }
  return events.sort((a, b) => b.EventTime - a.EventTime || (a.EventId < b.EventId ? -1 : 1));
}
