/**
 * `npm run app` really starts: the same command line as the package script, in a child process, with a test
 * key, pointed at a loopback GitHub through GHE_HOST; a signed delivery is handled, an unsigned one is not.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sign, testPrivateKey } from '../fakes/app-harness.js';

const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..', '..');
const SECRET = 'run-test-secret';
let github: Server;
let child: ChildProcess;
let port = 0;
let output = '';
const seen: string[] = [];
const replies: string[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return p;
}

beforeAll(async () => {
  github = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/\?.*$/, '');
      seen.push(`${req.method} ${path}`);
      if (path.endsWith('/access_tokens'))
        return void res.writeHead(201).end(JSON.stringify({ token: 't', expires_at: '2099-01-01T00:00:00Z' }));
      if (path.endsWith('/issues/3/comments')) replies.push((JSON.parse(body) as { body: string }).body);
      res.writeHead(path.includes('/contents/') ? 404 : 201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  port = await freePort();
  const script = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.app as string;
  const [cmd, ...args] = script.split(' ');
  child = spawn(cmd === 'node' ? process.execPath : (cmd ?? 'node'), args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      APP_ID: '1',
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      GHE_HOST: `127.0.0.1:${(github.address() as AddressInfo).port}`,
      GHE_PROTOCOL: 'http',
      ALPHA_STORE: 'memory',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const started = Date.now();
  while (!/Listening on/.test(output)) {
    if (Date.now() - started > 25_000 || child.exitCode !== null) throw new Error(`the App did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  github.closeAllConnections();
  await new Promise<void>((resolve) => github.close(() => resolve()));
});

async function post(event: string, payload: object, signature?: string): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': `d-${Math.random()}`,
      'x-hub-signature-256': signature ?? sign(body, SECRET),
    },
    body,
  });
  return response.status;
}

describe('npm run app', () => {
  it('answers a signed ping and rejects a bad signature', async () => {
    expect(await post('ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).toBe(200);
    expect([400, 401]).toContain(await post('ping', { zen: 'x' }, 'sha256=bad'));
  });

  it('handles /alpha help against the GitHub named by GHE_HOST', async () => {
    const payload = {
      action: 'created',
      issue: { number: 3, pull_request: { url: 'x' } },
      comment: { id: 8, body: '/alpha help', user: { login: 'rob', type: 'User' } },
      repository: { name: 'orders', full_name: 'acme/orders', owner: { login: 'acme' }, default_branch: 'main' },
      sender: { login: 'rob', type: 'User' },
      installation: { id: 9 },
    };
    expect(await post('issue_comment', payload)).toBe(200);
    const started = Date.now();
    while (replies.length === 0 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(replies[0]).toMatch(/### ALPHA commands/);
    expect(seen).toContain('POST /api/v3/repos/acme/orders/issues/comments/8/reactions');
  });
});
