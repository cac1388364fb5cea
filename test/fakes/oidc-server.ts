/** GitHub's OIDC token endpoint as @actions/core calls it: GET `${URL}&audience=…` with a bearer token. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOidc {
  readonly requestUrl: string;
  readonly requestToken: string;
  readonly audiences: string[];
  close(): Promise<void>;
}

export async function startFakeOidc(): Promise<FakeOidc> {
  const audiences: string[] = [];
  let issued = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== 'Bearer request-token') {
      res.writeHead(401).end('{"message":"bad token"}');
      return;
    }
    audiences.push(url.searchParams.get('audience') ?? '');
    issued++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ value: `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvIn0.sig${issued}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requestUrl: `http://127.0.0.1:${port}/token?api-version=2.0`,
    requestToken: 'request-token',
    audiences,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
