/** DynamoDB-only behaviour: the 400 KB item limit, part replacement, the table design and error messages. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { DynamoDbStore } from '../../src/store/dynamodb-store.js';
import { analysis } from './store-contract.js';

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

async function freshStore(): Promise<{ store: DynamoDbStore; client: DynamoDBClient; tableName: string }> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const tableName = `alpha-${randomBytes(4).toString('hex')}`;
  const store = new DynamoDbStore({ tableName, client, ownsClient: true });
  await store.ensureTable();
  await store.ensureTable(); // idempotent
  return { store, client, tableName };
}

async function partition(client: DynamoDBClient, tableName: string, pk: string): Promise<string[]> {
  const { Items } = await DynamoDBDocumentClient.from(client).send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return (Items ?? []).map((i) => String(i.sk));
}

describe('DynamoDbStore', () => {
  it('the emulator enforces the 400 KB item limit (so the split below is what makes big analyses work)', async () => {
    const { store, client, tableName } = await freshStore();
    await expect(
      DynamoDBDocumentClient.from(client).send(
        new PutCommand({ TableName: tableName, Item: { pk: 'x', sk: 'y', data: randomBytes(450_000) } }),
      ),
    ).rejects.toThrow(/size/i);
    await store.close();
  });

  it('splits an incompressible 600 KB analysis into parts, and replacing it leaves no stale parts', async () => {
    const { store, client, tableName } = await freshStore();
    const big = analysis({
      patches: [{ ...analysis().patches[0]!, content: randomBytes(450_000).toString('base64') }],
    });
    await store.putAnalysis(big);
    expect(await store.getAnalysisById(big.id)).toEqual(big);
    const before = await partition(client, tableName, `ANALYSIS#${big.id}`);
    expect(before.filter((sk) => sk.startsWith('BODY#'))).toHaveLength(2);

    const small = { ...big, patches: [], checkRunId: 9 };
    await store.putAnalysis(small);
    expect(await store.getAnalysisById(big.id)).toEqual(small);
    const after = await partition(client, tableName, `ANALYSIS#${big.id}`);
    expect(after.filter((sk) => sk.startsWith('BODY#'))).toHaveLength(1);
    expect(after).toContain('HEAD');
    await store.close();
  });

  it('keeps the documented pull request partition: one KEY# and one AT# item per analysis', async () => {
    const { store, client, tableName } = await freshStore();
    const a = analysis({ createdAt: '2026-11-23T10:00:00.000Z' });
    await store.putAnalysis(a);
    expect(await partition(client, tableName, 'PR#acme/infra#7')).toEqual([
      `AT#2026-11-23T10:00:00.000Z#${a.id}`,
      `KEY#${'a'.repeat(40)}#${'c'.repeat(64)}`,
    ]);
    await store.close();
  });

  it('says which table is missing and how to fix it', async () => {
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const store = new DynamoDbStore({ tableName: 'no-such-table', client, ownsClient: true });
    await expect(store.claimDelivery('d')).rejects.toThrow(
      /could not record webhook delivery d in DynamoDB table no-such-table/,
    );
    await expect(store.listAudit('acme/infra')).rejects.toMatchObject({
      fix: expect.stringContaining('create the table'),
    });
    await store.close();
  });
});
