/** The Lambda entry: signature checked, handlers run and awaited before the response (Lambda freezes after). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpEvent, HttpResult } from '../../src/lambda.js';
import { sign, testPrivateKey } from '../fakes/app-harness.js';

const SECRET = 'lambda-secret';
let github: Server;
const replies: string[] = [];
let handler: (event: HttpEvent) => Promise<HttpResult>;

beforeAll(async () => {
  github = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/\?.*$/, '');
      if (path.endsWith('/access_tokens'))
        return void res.writeHead(201).end(JSON.stringify({ token: 't', expires_at: '2099-01-01T00:00:00Z' }));
      if (path.endsWith('/issues/3/comments')) replies.push((JSON.parse(body) as { body: string }).body);
      res.writeHead(path.includes('/contents/') ? 404 : 201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    APP_ID: '1',
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: `127.0.0.1:${(github.address() as AddressInfo).port}`,
    GHE_PROTOCOL: 'http',
    ALPHA_STORE: 'memory',
    LOG_LEVEL: 'fatal',
  });
  ({ handler } = await import('../../src/lambda.js'));
});

afterAll(async () => {
  for (const key of ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'GHE_HOST', 'GHE_PROTOCOL', 'ALPHA_STORE', 'LOG_LEVEL'])
    delete process.env[key];
  github.closeAllConnections();
  await new Promise<void>((resolve) => github.close(() => resolve()));
});

function event(name: string, payload: object, signature?: string) {
  const body = JSON.stringify(payload);
  return {
    headers: {
      'X-GitHub-Event': name,
      'X-GitHub-Delivery': `d-${Math.random()}`,
      'X-Hub-Signature-256': signature ?? sign(body, SECRET),
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

describe('lambda handler', () => {
  it('answers a signed ping, rejects a forged one and a request without headers', async () => {
    expect((await handler(event('ping', { zen: 'z' }))).statusCode).toBe(200);
    expect([400, 401]).toContain((await handler(event('ping', { zen: 'z' }, sign('other', SECRET)))).statusCode);
    expect((await handler({ body: '{}' })).statusCode).toBe(400);
  });

  it('has replied by the time it returns', async () => {
    const result = await handler(
      event('issue_comment', {
        action: 'created',
        issue: { number: 3, pull_request: { url: 'x' } },
        comment: { id: 8, body: '/alpha help', user: { login: 'rob', type: 'User' } },
        repository: { name: 'orders', full_name: 'acme/orders', owner: { login: 'acme' }, default_branch: 'main' },
        sender: { login: 'rob', type: 'User' },
        installation: { id: 9 },
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/### ALPHA commands/);
  });
});
