/**
 * The store contract against every adapter: memory, files in a temporary directory, and DynamoDB (dynalite on
 * 127.0.0.1, a random port, one fresh table per case).
 */
import { afterAll, beforeAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { DynamoDbStore } from '../../src/store/dynamodb-store.js';
import { FileStore } from '../../src/store/file-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { sha256Hex } from '../../src/store/store-keys.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', async (options) => ({ store: new MemoryStore(options), cleanup: async () => {} }));

describeStoreContract('file', async (options) => {
  const dir = await mkdtemp(join(tmpdir(), 'alpha-store-'));
  return {
    store: new FileStore(dir, options),
    reopen: async () => new FileStore(dir, options),
    plantStaleLock: async (name) => {
      const path = join(dir, 'locks', `${sha256Hex(name)}.lock`);
      await writeFile(path, JSON.stringify({ name, owner: 'crashed', pid: 999999, ttlMs: 500 }), { flag: 'wx' });
      const past = new Date(Date.now() - 60_000);
      await utimes(path, past, past);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

let server: Server;
let endpoint: string;
beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

export function dynaliteClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

describeStoreContract('dynamodb', async (options) => {
  const tableName = `alpha-${randomBytes(4).toString('hex')}`;
  const client = dynaliteClient();
  const store = new DynamoDbStore({ tableName, client, ...options });
  await store.ensureTable();
  return {
    store,
    reopen: async () => new DynamoDbStore({ tableName, client, ...options }),
    plantStaleLock: async (name) => {
      await DynamoDBDocumentClient.from(client).send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `LOCK#${name}`, sk: 'LOCK', owner: 'crashed', leaseUntil: Date.now() - 1 },
        }),
      );
    },
    cleanup: async () => client.destroy(),
  };
});
