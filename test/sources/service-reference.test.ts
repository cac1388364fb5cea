import { afterAll, describe, it, expect, beforeEach } from '@jest/globals';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultCacheDir,
  loadServiceReference,
  SERVICE_REFERENCE_URL,
} from '../../src/sources/service-reference/load.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'service-reference');
const DAY = 24 * 60 * 60 * 1000;

function fakeFetch(responses: Record<string, unknown>, calls: string[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    if (!(url in responses)) throw new TypeError('fetch failed (offline)');
    return new Response(JSON.stringify(responses[url]), { status: 200 });
  }) as typeof fetch;
}

const S3_URL = 'https://servicereference.us-east-1.amazonaws.com/v1/s3/s3.json';
const KMS_URL = 'https://servicereference.us-east-1.amazonaws.com/v1/kms/kms.json';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('loadServiceReference', () => {
  let cacheDir: string;
  let online: Record<string, unknown>;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'alpha-sr-'));
    folders.push(cacheDir);
    online = {
      [SERVICE_REFERENCE_URL]: [
        { service: 's3', url: S3_URL },
        { service: 'kms', url: KMS_URL },
      ],
      [S3_URL]: JSON.parse(await readFile(join(FIXTURES, 's3.json'), 'utf8')),
      [KMS_URL]: JSON.parse(await readFile(join(FIXTURES, 'kms.json'), 'utf8')),
    };
  });

  it('reads a --service-reference folder without the network', async () => {
    const loaded = await loadServiceReference({ directory: FIXTURES, fetch: fakeFetch({}, []) });
    expect(loaded.origin).toBe('directory');
    expect(loaded.reference?.authorizedActions('kms', 'ReEncrypt')).toEqual(['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
    expect(loaded.reference?.authorizedActions('s3', 'HeadObject')).toEqual(['s3:GetObject']);
  });

  it('fails clearly on a missing folder', async () => {
    await expect(loadServiceReference({ directory: join(cacheDir, 'nope') })).rejects.toMatchObject({
      message: expect.stringContaining('--service-reference'),
    });
  });

  it('fetches only the needed services, then serves them from the cache within the TTL', async () => {
    const calls: string[] = [];
    const first = await loadServiceReference({ cacheDir, servicePrefixes: ['s3'], fetch: fakeFetch(online, calls) });
    expect(first.origin).toBe('network');
    expect(first.services).toEqual(['s3']);
    expect(calls).toEqual([SERVICE_REFERENCE_URL, S3_URL]);
    const again: string[] = [];
    const second = await loadServiceReference({ cacheDir, servicePrefixes: ['s3'], fetch: fakeFetch(online, again) });
    expect(second.origin).toBe('cache');
    expect(again).toEqual([]);
    expect(second.reference?.authorizedActions('s3', 'ListObjectsV2')).toEqual(['s3:ListBucket']);
  });

  it('uses a stale cache when offline and says so', async () => {
    await loadServiceReference({ cacheDir, servicePrefixes: ['s3'], fetch: fakeFetch(online, []) });
    const old = new Date(Date.now() - 30 * DAY);
    await utimes(join(cacheDir, 'index.json'), old, old);
    await utimes(join(cacheDir, 's3.json'), old, old);
    const loaded = await loadServiceReference({ cacheDir, servicePrefixes: ['s3'], fetch: fakeFetch({}, []) });
    expect(loaded.origin).toBe('cache');
    expect(loaded.notes.join('\n')).toContain('older than the TTL');
  });

  it('falls back to built-in rules when offline with no cache', async () => {
    const loaded = await loadServiceReference({ cacheDir, fetch: fakeFetch({}, []) });
    expect(loaded.reference).toBeUndefined();
    expect(loaded.notes.join('\n')).toContain('built-in rules');
  });

  it('rejects a malformed document instead of mapping half of it', async () => {
    await writeFile(join(cacheDir, 'index.json'), JSON.stringify([{ service: 's3', url: S3_URL }]));
    await writeFile(join(cacheDir, 's3.json'), JSON.stringify({ Operations: [] }));
    const loaded = await loadServiceReference({ cacheDir, fetch: fakeFetch({}, []) });
    expect(loaded.reference).toBeUndefined();
    expect(loaded.notes.join('\n')).toMatch(/rejected/);
  });

  it.each([
    [{ RUNNER_TOOL_CACHE: '/opt/hostedtoolcache' }, '/opt/hostedtoolcache/alpha/service-reference'],
    [{ XDG_CACHE_HOME: '/x' }, '/x/alpha/service-reference'],
  ])('cache dir for %j', (env, expected) => {
    expect(defaultCacheDir(env)).toBe(expected);
  });
});
