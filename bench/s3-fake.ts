/**
 * A loopback S3 for the bench's `s3` phase: serves a folder as one bucket, path-style, with the two calls the
 * trail reader makes (ListObjectsV2 with prefix, delimiter and continuation tokens; GetObject). It runs in its
 * own process (see phase.ts) so that serving costs the measured reader no CPU time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, relative, sep } from 'node:path';

const PAGE = 1000;

function listKeys(folder: string): { key: string; size: number }[] {
  const out: { key: string; size: number }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ key: relative(folder, full).split(sep).join('/'), size: statSync(full).size });
    }
  };
  walk(folder);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const xml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Serves `folder` as `bucket` on 127.0.0.1 (any free port); resolves once listening. */
export async function startS3Fake(folder: string, bucket: string): Promise<{ server: Server; port: number }> {
  const objects = listKeys(folder);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, name, ...rest] = url.pathname.split('/');
    if (req.method !== 'GET' || name !== bucket) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchBucket</Code></Error>');
      return;
    }
    if (rest.length > 0 && rest.join('/') !== '') {
      const key = decodeURIComponent(rest.join('/'));
      let body: Buffer;
      try {
        body = readFileSync(join(folder, ...key.split('/')));
      } catch {
        res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
      return;
    }
    const prefix = url.searchParams.get('prefix') ?? '';
    const delimiter = url.searchParams.get('delimiter') ?? '';
    const start = Number(url.searchParams.get('continuation-token') ?? 0);
    const contents: { key: string; size: number }[] = [];
    const prefixes = new Set<string>();
    let next: number | undefined;
    for (let i = start; i < objects.length; i++) {
      const object = objects[i] as { key: string; size: number };
      if (!object.key.startsWith(prefix)) continue;
      if (contents.length + prefixes.size >= PAGE) {
        next = i;
        break;
      }
      const cut = delimiter ? object.key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) prefixes.add(object.key.slice(0, cut + delimiter.length));
      else contents.push(object);
    }
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><MaxKeys>${PAGE}</MaxKeys>`,
      `<KeyCount>${contents.length + prefixes.size}</KeyCount><IsTruncated>${next !== undefined}</IsTruncated>`,
      next !== undefined ? `<NextContinuationToken>${next}</NextContinuationToken>` : '',
      ...contents.map((o) => `<Contents><Key>${xml(o.key)}</Key><Size>${o.size}</Size></Contents>`),
      ...[...prefixes].map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`),
      '</ListBucketResult>',
    ].join('');
    res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake S3 has no port');
  return { server, port: address.port };
}
