/**
 * A loopback fake of the GitHub REST endpoints the Action uses: contents (per ref), check runs, issue comments
 * and `GET /user`. It records every request so tests assert on what was sent, not on what was logged.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface FakeComment {
  id: number;
  user: { login: string };
  body: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; annotations?: unknown[] };
  annotations: unknown[];
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  checkRuns: FakeCheckRun[];
  comments: FakeComment[];
  /** `ref:path` → file text. */
  files: Map<string, string>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startFakeGitHub(options: {
  owner: string;
  repo: string;
  botLogin?: string;
}): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  const checkRuns: FakeCheckRun[] = [];
  const comments: FakeComment[] = [];
  const files = new Map<string, string>();
  const botLogin = options.botLogin ?? 'github-actions[bot]';
  const prefix = `/repos/${options.owner}/${options.repo}`;
  let url = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const path = decodeURIComponent(parsed.pathname);
      const query = Object.fromEntries(parsed.searchParams.entries());
      requests.push({ method: req.method ?? '', path, query, body });
      const send = (status: number, data: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      const b = (body ?? {}) as Record<string, unknown>;
      let m: RegExpExecArray | null;
      if (req.method === 'GET' && path === '/user')
        return send(403, { message: 'Resource not accessible by integration' });
      if (req.method === 'GET' && (m = new RegExp(`^${prefix}/contents/(.+)$`).exec(path))) {
        const text = files.get(`${query.ref ?? ''}:${m[1]}`);
        if (text === undefined) return send(404, { message: 'Not Found' });
        return send(200, { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64') });
      }
      if (req.method === 'POST' && path === `${prefix}/check-runs`) {
        const run: FakeCheckRun = {
          id: checkRuns.length + 1,
          name: String(b.name),
          head_sha: String(b.head_sha),
          status: String(b.status ?? 'queued'),
          annotations: [],
          ...(b.output ? { output: b.output as NonNullable<FakeCheckRun['output']> } : {}),
        };
        checkRuns.push(run);
        return send(201, { id: run.id, html_url: `${url}/checks/${run.id}` });
      }
      if (req.method === 'PATCH' && (m = new RegExp(`^${prefix}/check-runs/(\\d+)$`).exec(path))) {
        const run = checkRuns.find((r) => r.id === Number(m?.[1]));
        if (!run) return send(404, { message: 'Not Found' });
        const output = b.output as FakeCheckRun['output'];
        if ((output?.annotations?.length ?? 0) > 50) return send(422, { message: 'too many annotations' });
        if ((output?.summary?.length ?? 0) > 65_535 || (output?.title?.length ?? 0) > 255)
          return send(422, { message: 'output too long' });
        if (output) run.output = output;
        run.annotations.push(...(output?.annotations ?? []));
        if (typeof b.status === 'string') run.status = b.status;
        if (typeof b.conclusion === 'string') run.conclusion = b.conclusion;
        return send(200, { id: run.id });
      }
      if (req.method === 'GET' && new RegExp(`^${prefix}/issues/\\d+/comments$`).test(path)) return send(200, comments);
      if (req.method === 'POST' && new RegExp(`^${prefix}/issues/\\d+/comments$`).test(path)) {
        const c = { id: 100 + comments.length, user: { login: botLogin }, body: String(b.body) };
        comments.push(c);
        return send(201, { ...c, html_url: `${url}/comments/${c.id}` });
      }
      if (req.method === 'PATCH' && (m = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(path))) {
        const c = comments.find((x) => x.id === Number(m?.[1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = String(b.body);
        return send(200, { ...c, html_url: `${url}/comments/${c.id}` });
      }
      send(404, { message: `fake GitHub has no route for ${req.method} ${path}` });
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    checkRuns,
    comments,
    files,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
