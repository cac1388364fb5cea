/**
 * A loopback Athena speaking the real wire protocol (awsJson1_1, `x-amz-target: AmazonAthena.<Operation>`):
 * StartQueryExecution, GetQueryExecution (walking QUEUED → RUNNING → SUCCEEDED, or ending FAILED),
 * GetQueryResults in pages with NextToken (the header is the first row of the first page, as in Athena),
 * GetTableMetadata and StopQueryExecution. It can throttle the first requests and deny one operation, and it
 * records every request so tests can prove paging and polling.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAthenaOptions {
  /** Header row first, then data rows; every cell is text (null = SQL NULL). */
  readonly rows: readonly (readonly (string | null)[])[];
  /** Rows per GetQueryResults page at most (the client's MaxResults may lower it). Default 1000. */
  readonly pageSize?: number;
  /** States GetQueryExecution reports, one per call; the last one repeats. Default QUEUED, RUNNING, SUCCEEDED. */
  readonly states?: readonly string[];
  /** StateChangeReason when a reported state is FAILED or CANCELLED. */
  readonly failureReason?: string;
  /** The first N requests (any operation) get TooManyRequestsException. */
  readonly throttleFirst?: number;
  /** Operations answered with AccessDeniedException, e.g. ['StartQueryExecution']. */
  readonly deny?: readonly string[];
  readonly partitionKeys?: readonly string[];
  readonly bytesScanned?: number;
}

export interface FakeAthenaRequest {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly throttled: boolean;
}

export interface FakeAthena {
  readonly url: string;
  readonly requests: FakeAthenaRequest[];
  /** QueryString of every StartQueryExecution. */
  readonly queries: string[];
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}

export async function startFakeAthena(options: FakeAthenaOptions): Promise<FakeAthena> {
  const requests: FakeAthenaRequest[] = [];
  const queries: string[] = [];
  const states = options.states ?? ['QUEUED', 'RUNNING', 'SUCCEEDED'];
  const pollsByQuery = new Map<string, number>();
  let started = 0;
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonAthena\./, '');
    const input = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const throttled = requests.length < (options.throttleFirst ?? 0);
    requests.push({ operation, input, throttled });
    const reply = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    if (throttled) return reply(400, { __type: 'TooManyRequestsException', Message: 'Rate exceeded' });
    if (options.deny?.includes(operation))
      return reply(400, {
        __type: 'AccessDeniedException',
        Message: `User: arn:aws:sts::111122223333:assumed-role/reader/s is not authorized to perform: athena:${operation}`,
      });
    switch (operation) {
      case 'StartQueryExecution': {
        queries.push(String(input.QueryString ?? ''));
        return reply(200, { QueryExecutionId: `q-${++started}` });
      }
      case 'GetQueryExecution': {
        const id = String(input.QueryExecutionId);
        const poll = pollsByQuery.get(id) ?? 0;
        pollsByQuery.set(id, poll + 1);
        const state = states[Math.min(poll, states.length - 1)] ?? 'SUCCEEDED';
        const ended = state === 'FAILED' || state === 'CANCELLED';
        return reply(200, {
          QueryExecution: {
            QueryExecutionId: id,
            Status: { State: state, ...(ended ? { StateChangeReason: options.failureReason ?? 'failed' } : {}) },
            Statistics: { DataScannedInBytes: state === 'SUCCEEDED' ? (options.bytesScanned ?? 0) : 0 },
          },
        });
      }
      case 'GetQueryResults': {
        const offset = input.NextToken ? Number(String(input.NextToken).replace('page-', '')) : 0;
        const size = Math.min(options.pageSize ?? 1000, Number(input.MaxResults ?? 1000));
        const page = options.rows.slice(offset, offset + size);
        const next = offset + size < options.rows.length ? `page-${offset + size}` : undefined;
        return reply(200, {
          ResultSet: {
            Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          },
          ...(next ? { NextToken: next } : {}),
        });
      }
      case 'GetTableMetadata':
        return reply(200, {
          TableMetadata: {
            Name: input.TableName,
            PartitionKeys: (options.partitionKeys ?? []).map((Name) => ({ Name, Type: 'string' })),
          },
        });
      case 'StopQueryExecution':
        return reply(200, {});
      default:
        return reply(400, { __type: 'InvalidRequestException', Message: `fake Athena: ${operation}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
