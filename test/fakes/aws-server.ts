/**
 * A loopback AWS speaking the real wire protocols: STS (awsQuery XML) for AssumeRoleWithWebIdentity/AssumeRole
 * and CloudTrail LookupEvents (awsJson1_1) that throttles above 2 requests/s per Region with the real
 * ThrottlingException shape. It records every request so tests can prove pacing and paging.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
}

export interface FakeAws {
  readonly url: string;
  readonly lookups: {
    region: string;
    at: number;
    token: string | undefined;
    throttled: boolean;
    accessKeyId: string;
  }[];
  readonly stsCalls: string[];
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
  const stsCalls: string[] = [];
  const pageSize = options.pageSize ?? 50;
  let issued = 0;
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === 'CloudTrail_20131101.LookupEvents') {
      const region = regionOf(req);
      const now = Date.now();
      const input = JSON.parse(text) as { NextToken?: string; MaxResults?: number };
      const recent = lookups.filter((l) => l.region === region && !l.throttled && now - l.at < 1000).length;
      const throttled = recent >= (options.throttlePerSecond ?? 2);
      const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      lookups.push({ region, at: now, token: input.NextToken, throttled, accessKeyId });
      if (throttled) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      const all = options.events[region] ?? [];
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
