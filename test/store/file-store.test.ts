/** FileStore across processes (the contract suite covers one process) and openStore's configuration. */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDbStore, FileStore, MemoryStore, openStore, storeConfigFromEnv } from '../../src/store/index.js';

const run = promisify(execFile);

describe('FileStore across processes', () => {
  it('4 processes: exactly one claims the delivery, 4×15 locked increments all land, every audit line survives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alpha-store-procs-'));
    try {
      const outputs = await Promise.all(
        [1, 2, 3, 4].map(() =>
          run(process.execPath, ['--import', 'tsx', 'test/store/file-store-worker.ts', dir, '15'], {
            cwd: resolve('.'),
          }),
        ),
      );
      const claims = outputs.map((o) => (JSON.parse(o.stdout) as { claimed: boolean }).claimed);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await readFile(join(dir, 'counter.txt'), 'utf8')).toBe('60');
      const store = new FileStore(dir);
      expect((await store.listAudit('acme/infra')).filter((e) => e.command === 'worker')).toHaveLength(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports a corrupted record with the file and what to do, instead of returning nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alpha-store-bad-'));
    try {
      const store = new FileStore(dir);
      await store.appendAudit({
        at: '2026-11-23T10:00:00Z',
        repo: 'acme/infra',
        actor: 'a',
        command: 'c',
        result: 'r',
      });
      const { appendFile, readdir } = await import('node:fs/promises');
      const [file] = await readdir(join(dir, 'audit'));
      await appendFile(join(dir, 'audit', file as string), '{not json\n{"torn":');
      await expect(store.listAudit('acme/infra')).rejects.toThrow(/line 2 of the store file .* is not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ignores a last line cut short by a crash (no newline yet)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alpha-store-torn-'));
    try {
      const store = new FileStore(dir);
      await store.appendAudit({
        at: '2026-11-23T10:00:00Z',
        repo: 'acme/infra',
        actor: 'a',
        command: 'c',
        result: 'r',
      });
      const { appendFile, readdir } = await import('node:fs/promises');
      const [file] = await readdir(join(dir, 'audit'));
      await appendFile(join(dir, 'audit', file as string), '{"at":"2026-11-23T10:0');
      expect(await store.listAudit('acme/infra')).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('storeConfigFromEnv / openStore', () => {
  it.each([
    { env: {}, expected: { kind: 'file', dir: resolve('.alpha-store') } },
    {
      env: { ALPHA_STORE: 'file', ALPHA_STORE_DIR: '/var/lib/alpha' },
      expected: { kind: 'file', dir: '/var/lib/alpha' },
    },
    { env: { ALPHA_STORE: 'memory' }, expected: { kind: 'memory' } },
    {
      env: { ALPHA_STORE: 'DynamoDB', ALPHA_DYNAMODB_TABLE: 'alpha', AWS_REGION: 'eu-west-1' },
      expected: { kind: 'dynamodb', tableName: 'alpha', region: 'eu-west-1' },
    },
    {
      env: {
        ALPHA_STORE: 'dynamodb',
        ALPHA_DYNAMODB_TABLE: 'alpha',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:8000',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9000',
        ALPHA_DYNAMODB_CREATE: 'true',
      },
      expected: { kind: 'dynamodb', tableName: 'alpha', endpoint: 'http://127.0.0.1:9000', createTable: true },
    },
  ])('$env', ({ env, expected }) => {
    expect(storeConfigFromEnv(env)).toEqual(expected);
  });

  it.each([
    { env: { ALPHA_STORE: 'dynamodb' }, error: /ALPHA_STORE=dynamodb needs ALPHA_DYNAMODB_TABLE/ },
    { env: { ALPHA_STORE: 'sqlite' }, error: /ALPHA_STORE=sqlite is not a store/ },
  ])('refuses $env', ({ env, error }) => {
    expect(() => storeConfigFromEnv(env)).toThrow(error);
  });

  it('opens the adapter the configuration names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alpha-store-open-'));
    try {
      const stores = [
        await openStore({ kind: 'memory' }),
        await openStore({ kind: 'file', dir }),
        await openStore({ kind: 'dynamodb', tableName: 't', region: 'eu-west-1' }),
      ];
      expect(stores[0]).toBeInstanceOf(MemoryStore);
      expect(stores[1]).toBeInstanceOf(FileStore);
      expect(stores[2]).toBeInstanceOf(DynamoDbStore);
      for (const s of stores) await s.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
