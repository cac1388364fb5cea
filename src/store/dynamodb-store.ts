/**
 * The store for several App instances or AWS Lambda: one DynamoDB table, every race settled by a conditional
 * write on the server, never by read-then-write in the App.
 *
 * Table: partition key `pk` (S), sort key `sk` (S), on-demand billing, TTL on `expiresAt` (epoch seconds).
 *
 * | item              | pk                        | sk                               | attributes                         |
 * |-------------------|---------------------------|----------------------------------|------------------------------------|
 * | analysis head     | `ANALYSIS#<id>`           | `HEAD`                           | version, parts, createdAt          |
 * | analysis body     | `ANALYSIS#<id>`           | `BODY#<version>#<part, 4 digits>`| data (B): gzip of the JSON, split  |
 * | key → analysis    | `PR#<repo>#<pr>`          | `KEY#<headSha>#<configDigest>`   | id                                 |
 * | time → analysis   | `PR#<repo>#<pr>`          | `AT#<createdAt>#<id>`            | id                                 |
 * | delivery          | `DELIVERY#<deliveryId>`   | `DELIVERY`                       | claimedAt, expiresAt (TTL)         |
 * | lock              | `LOCK#<name>`             | `LOCK`                           | owner, leaseUntil (ms), expiresAt  |
 * | audit entry       | `AUDIT#<repo>`            | `<at>#<ULID>`                    | pullNumber, entry (JSON)           |
 * | acceptance        | `ACCEPT#<repo>#<pr>`      | `<roleArn>#<action>#<resource>`  | addition (JSON)                    |
 *
 * - `claimDelivery`: PutItem with `attribute_not_exists(pk)`; of N concurrent puts exactly one succeeds.
 * - Locks: PutItem with `attribute_not_exists(pk) OR leaseUntil < :now`; the holder extends `leaseUntil` every
 *   ttl/3 (UpdateItem conditioned on its owner token) and releases with DeleteItem conditioned on the same token,
 *   so a holder can never delete a lock that expired and was taken by someone else.
 * - Analyses: an item is at most 400 KB, and a proposal with its evidence can be bigger. The JSON is gzipped
 *   (proposals compress ~10×) and split into parts when it is still too large. Parts are written under a fresh
 *   version before the head item switches to it, so a reader never mixes two versions; old parts are then deleted.
 * - `latestAnalysis`: Query `PR#…` with `begins_with(sk, 'AT#')`, ScanIndexForward=false, Limit 1.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { AlphaError } from '../core/errors.js';
import type { AcceptedAddition, AlphaStore, AnalysisKey, AuditEntry, StoredAnalysis } from './store.js';
import {
  acceptanceKey,
  analysisKeyString,
  assertStorableAnalysis,
  backoffMs,
  DEFAULT_LOCK_WAIT_MS,
  lockTimeout,
  normalizeKey,
  normalizeRepo,
  pullKeyString,
  sleep,
  sortAcceptances,
  sortAudit,
  ulid,
} from './store-keys.js';

export interface DynamoDbStoreOptions {
  tableName: string;
  client: DynamoDBClient;
  /** How long `withLock` waits for a busy lock before failing. Default 10 minutes. */
  lockWaitMs?: number;
  /** Delivery ids are kept this long (DynamoDB TTL); GitHub redelivers within days. Default 30. */
  deliveryRetentionDays?: number;
  /** Bytes of gzip per body part; below DynamoDB's 400 KB item limit with room for keys. Default 350,000. */
  maxPartBytes?: number;
  /** `close()` destroys `client` too (when the store created it). Default false: the caller owns the client. */
  ownsClient?: boolean;
}

const DEFAULT_PART_BYTES = 350_000;
const SECOND = 1000;
const DAY = 86_400 * SECOND;

const errorName = (error: unknown): string | undefined => (error as { name?: string } | null)?.name;
const isConditionFailure = (error: unknown): boolean => errorName(error) === 'ConditionalCheckFailedException';

function pullPk(repo: string, pullNumber: number): string {
  return `PR#${pullKeyString(repo, pullNumber)}`;
}

function keySk(key: AnalysisKey): string {
  return `KEY#${key.headSha}#${key.configDigest}`;
}

export class DynamoDbStore implements AlphaStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly lockWaitMs: number;
  private readonly deliveryRetentionMs: number;
  private readonly maxPartBytes: number;

  constructor(private readonly options: DynamoDbStoreOptions) {
    this.tableName = options.tableName;
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.deliveryRetentionMs = (options.deliveryRetentionDays ?? 30) * DAY;
    this.maxPartBytes = options.maxPartBytes ?? DEFAULT_PART_BYTES;
  }

  /** Creates the table (pk/sk, on demand, TTL on `expiresAt`) when it is missing; for local use and tests. */
  async ensureTable(): Promise<void> {
    const client = this.options.client;
    try {
      await client.send(new DescribeTableCommand({ TableName: this.tableName }));
      return;
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw this.wrap('describe the table', error);
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName: this.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
    } catch (error) {
      if (errorName(error) !== 'ResourceInUseException') throw this.wrap('create the table', error);
    }
    for (let attempt = 0; attempt < 120; attempt++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: this.tableName }));
      if (Table?.TableStatus === 'ACTIVE') break;
      await sleep(250);
    }
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: this.tableName,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      );
    } catch (error) {
      // Local emulators (dynalite) do not implement TTL; expired items then just stay, which is harmless.
      if (!['UnknownOperationException', 'ValidationException'].includes(errorName(error) ?? '')) {
        throw this.wrap('enable TTL on expiresAt', error);
      }
    }
  }

  private wrap(what: string, error: unknown): AlphaError {
    const name = errorName(error);
    const fix =
      name === 'ResourceNotFoundException'
        ? `create the table ${this.tableName} (pk S, sk S; see the README) or check ALPHA_DYNAMODB_TABLE and the Region`
        : name === 'AccessDeniedException'
          ? `allow dynamodb:GetItem, PutItem, UpdateItem, DeleteItem, Query and BatchWriteItem on ${this.tableName}`
          : 'retry; if it keeps failing, check the AWS credentials and the table';
    return new AlphaError(`could not ${what} in DynamoDB table ${this.tableName}: ${(error as Error).message}`, fix);
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      start = input.Limit !== undefined ? undefined : (page.LastEvaluatedKey as Record<string, unknown> | undefined);
    } while (start);
    return items;
  }

  async putAnalysis(analysis: StoredAnalysis): Promise<void> {
    assertStorableAnalysis(analysis);
    const stored: StoredAnalysis = { ...analysis, key: normalizeKey(analysis.key) };
    const pk = `ANALYSIS#${stored.id}`;
    const zipped = gzipSync(Buffer.from(JSON.stringify(stored), 'utf8'));
    const parts: Buffer[] = [];
    for (let offset = 0; offset < zipped.length || parts.length === 0; offset += this.maxPartBytes)
      parts.push(zipped.subarray(offset, offset + this.maxPartBytes));
    const version = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    try {
      const previous = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { pk, sk: 'HEAD' }, ConsistentRead: true }),
      );
      for (const [index, data] of parts.entries()) {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk, sk: `BODY#${version}#${String(index).padStart(4, '0')}`, data },
          }),
        );
      }
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk,
            sk: 'HEAD',
            version,
            parts: parts.length,
            createdAt: stored.createdAt,
            repo: stored.key.repo,
            pullNumber: stored.key.pullNumber,
          },
        }),
      );
      const pullPartition = pullPk(stored.key.repo, stored.key.pullNumber);
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pullPartition, sk: keySk(stored.key), id: stored.id },
        }),
      );
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pullPartition, sk: `AT#${stored.createdAt}#${stored.id}`, id: stored.id },
        }),
      );
      const old = previous.Item as { version?: string; parts?: number } | undefined;
      if (old?.version && old.version !== version) await this.deleteBody(pk, old.version, old.parts ?? 0);
    } catch (error) {
      if (error instanceof AlphaError) throw error;
      throw this.wrap(`store analysis ${stored.id}`, error);
    }
  }

  private async deleteBody(pk: string, version: string, parts: number): Promise<void> {
    const keys = Array.from({ length: parts }, (_, i) => ({ pk, sk: `BODY#${version}#${String(i).padStart(4, '0')}` }));
    for (let i = 0; i < keys.length; i += 25) {
      let pending: unknown[] | undefined = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
        const result: { UnprocessedItems?: Record<string, unknown[]> | undefined } = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
        );
        pending = result.UnprocessedItems?.[this.tableName];
        if (pending && pending.length > 0) await sleep(backoffMs(attempt));
      }
    }
  }

  async getAnalysis(key: AnalysisKey): Promise<StoredAnalysis | null> {
    const k = normalizeKey(key);
    try {
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: pullPk(k.repo, k.pullNumber), sk: keySk(k) },
          ConsistentRead: true,
        }),
      );
      const found = typeof Item?.id === 'string' ? await this.getAnalysisById(Item.id) : null;
      // The id may since have been stored again under another key.
      return found && analysisKeyString(found.key) === analysisKeyString(k) ? found : null;
    } catch (error) {
      if (error instanceof AlphaError) throw error;
      throw this.wrap('read an analysis', error);
    }
  }

  async getAnalysisById(id: string): Promise<StoredAnalysis | null> {
    const pk = `ANALYSIS#${id}`;
    try {
      // A writer replacing this analysis deletes the old parts after switching the head: read again then.
      for (let attempt = 0; attempt < 5; attempt++) {
        const { Item } = await this.doc.send(
          new GetCommand({ TableName: this.tableName, Key: { pk, sk: 'HEAD' }, ConsistentRead: true }),
        );
        if (!Item) return null;
        const head = Item as { version: string; parts: number };
        const parts = await this.query({
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': `BODY#${head.version}#` },
        });
        if (parts.length !== head.parts) continue;
        const zipped = Buffer.concat(parts.map((p) => Buffer.from(p.data as Uint8Array)));
        return JSON.parse(gunzipSync(zipped).toString('utf8')) as StoredAnalysis;
      }
      throw new AlphaError(`analysis ${id} kept changing while it was read`, 'retry the command');
    } catch (error) {
      if (error instanceof AlphaError) throw error;
      throw this.wrap(`read analysis ${id}`, error);
    }
  }

  async latestAnalysis(repo: string, pullNumber: number): Promise<StoredAnalysis | null> {
    let items: Record<string, unknown>[];
    try {
      items = await this.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pullPk(repo, pullNumber), ':prefix': 'AT#' },
        ScanIndexForward: false,
        Limit: 1,
      });
    } catch (error) {
      throw this.wrap('find the latest analysis', error);
    }
    const id = items[0]?.id;
    return typeof id === 'string' ? this.getAnalysisById(id) : null;
  }

  async claimDelivery(deliveryId: string): Promise<boolean> {
    const now = Date.now();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `DELIVERY#${deliveryId}`,
            sk: 'DELIVERY',
            claimedAt: new Date(now).toISOString(),
            expiresAt: Math.floor((now + this.deliveryRetentionMs) / SECOND),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw this.wrap(`record webhook delivery ${deliveryId}`, error);
    }
  }

  async withLock<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<T> {
    const key = { pk: `LOCK#${name}`, sk: 'LOCK' };
    const owner = randomBytes(12).toString('hex');
    const lease = (): { leaseUntil: number; expiresAt: number } => {
      const until = Date.now() + ttlMs;
      return { leaseUntil: until, expiresAt: Math.floor((until + DAY) / SECOND) };
    };
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, name, owner, ...lease() },
            ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
            ExpressionAttributeValues: { ':now': Date.now() },
          }),
        );
        break;
      } catch (error) {
        if (!isConditionFailure(error)) throw this.wrap(`take the lock "${name}"`, error);
      }
      const waited = Date.now() - started;
      if (waited >= this.lockWaitMs) throw lockTimeout(name, waited);
      await sleep(backoffMs(Math.min(attempt, 6)));
    }
    const heartbeat = setInterval(
      () => {
        const next = lease();
        this.doc
          .send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: key,
              UpdateExpression: 'SET leaseUntil = :until, expiresAt = :expires',
              ConditionExpression: '#owner = :owner',
              ExpressionAttributeNames: { '#owner': 'owner' },
              ExpressionAttributeValues: { ':until': next.leaseUntil, ':expires': next.expiresAt, ':owner': owner },
            }),
          )
          .catch(() => undefined);
      },
      Math.max(10, Math.floor(ttlMs / 3)),
    );
    heartbeat.unref();
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await work() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    clearInterval(heartbeat);
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      // Expired and taken by another holder: it is theirs now, and theirs to release. Otherwise the lease runs
      // out on its own; the work's own failure is the more useful error to report.
      if (!isConditionFailure(error) && outcome.ok) throw this.wrap(`release the lock "${name}"`, error);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    const stored: AuditEntry = { ...entry, repo: normalizeRepo(entry.repo) };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `AUDIT#${stored.repo}`,
            sk: `${stored.at}#${ulid()}`,
            pullNumber: stored.pullNumber,
            entry: JSON.stringify(stored),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      throw this.wrap('append to the audit trail', error);
    }
  }

  async listAudit(repo: string, pullNumber?: number): Promise<AuditEntry[]> {
    try {
      const items = await this.query({
        KeyConditionExpression: 'pk = :pk',
        ...(pullNumber === undefined
          ? { ExpressionAttributeValues: { ':pk': `AUDIT#${normalizeRepo(repo)}` } }
          : {
              FilterExpression: 'pullNumber = :pull',
              ExpressionAttributeValues: { ':pk': `AUDIT#${normalizeRepo(repo)}`, ':pull': pullNumber },
            }),
      });
      return sortAudit(items.map((i) => ({ entry: JSON.parse(String(i.entry)) as AuditEntry, seq: String(i.sk) })));
    } catch (error) {
      throw this.wrap('read the audit trail', error);
    }
  }

  async addAcceptance(addition: AcceptedAddition): Promise<void> {
    const stored: AcceptedAddition = { ...addition, repo: normalizeRepo(addition.repo) };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `ACCEPT#${pullKeyString(stored.repo, stored.pullNumber)}`,
            sk: acceptanceKey(stored).replace(/\n/g, '#'),
            roleArn: stored.roleArn,
            addition: JSON.stringify(stored),
          },
        }),
      );
    } catch (error) {
      throw this.wrap('record an accepted permission', error);
    }
  }

  async listAcceptances(repo: string, pullNumber: number, roleArn?: string): Promise<AcceptedAddition[]> {
    const pk = `ACCEPT#${pullKeyString(repo, pullNumber)}`;
    try {
      const items = await this.query(
        roleArn === undefined
          ? { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }
          : {
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :role)',
              ExpressionAttributeValues: { ':pk': pk, ':role': `${roleArn}#` },
            },
      );
      const all = items.map((i) => JSON.parse(String(i.addition)) as AcceptedAddition);
      return sortAcceptances(all.filter((a) => roleArn === undefined || a.roleArn === roleArn));
    } catch (error) {
      throw this.wrap('read accepted permissions', error);
    }
  }

  async close(): Promise<void> {
    if (this.options.ownsClient) this.options.client.destroy();
  }
}
