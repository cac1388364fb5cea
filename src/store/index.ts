/**
 * Opens the App's store from configuration or the environment:
 *
 * | variable                 | meaning                                                                   |
 * |--------------------------|---------------------------------------------------------------------------|
 * | `ALPHA_STORE`            | `file` (default), `dynamodb` or `memory` (tests only: nothing survives)   |
 * | `ALPHA_STORE_DIR`        | file store directory; default `.alpha-store` under the working directory  |
 * | `ALPHA_DYNAMODB_TABLE`   | DynamoDB table name (required for `dynamodb`)                             |
 * | `ALPHA_DYNAMODB_CREATE`  | `true`: create the table when it is missing (local use)                   |
 * | `AWS_REGION`             | the table's Region                                                        |
 * | `AWS_ENDPOINT_URL_DYNAMODB` or `AWS_ENDPOINT_URL` | another endpoint (DynamoDB Local, dynalite)       |
 */
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AlphaError } from '../core/errors.js';
import { DynamoDbStore } from './dynamodb-store.js';
import { FileStore } from './file-store.js';
import { MemoryStore } from './memory-store.js';
import type { AlphaStore } from './store.js';

export type { AcceptedAddition, AlphaStore, AnalysisKey, AuditEntry, StoredAnalysis, StoredPatch } from './store.js';
export { DynamoDbStore, type DynamoDbStoreOptions } from './dynamodb-store.js';
export { FileStore, type FileStoreOptions } from './file-store.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';

export const DEFAULT_STORE_DIR = '.alpha-store';

export type StoreConfig =
  | { kind: 'memory'; lockWaitMs?: number }
  | { kind: 'file'; dir: string; lockWaitMs?: number }
  | {
      kind: 'dynamodb';
      tableName: string;
      region?: string;
      endpoint?: string;
      /** Create the table when missing (local development). */
      createTable?: boolean;
      lockWaitMs?: number;
    };

/** The store configuration the environment describes; see the table above. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const kind = (env.ALPHA_STORE ?? 'file').trim().toLowerCase();
  switch (kind) {
    case 'memory':
      return { kind: 'memory' };
    case 'file':
    case '':
      return { kind: 'file', dir: resolve(env.ALPHA_STORE_DIR || DEFAULT_STORE_DIR) };
    case 'dynamodb': {
      const tableName = env.ALPHA_DYNAMODB_TABLE?.trim();
      if (!tableName) {
        throw new AlphaError(
          'ALPHA_STORE=dynamodb needs ALPHA_DYNAMODB_TABLE',
          'set ALPHA_DYNAMODB_TABLE to the table name (pk S, sk S; see the README)',
        );
      }
      const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL;
      const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
      return {
        kind: 'dynamodb',
        tableName,
        ...(region ? { region } : {}),
        ...(endpoint ? { endpoint } : {}),
        ...(env.ALPHA_DYNAMODB_CREATE === 'true' ? { createTable: true } : {}),
      };
    }
    default:
      throw new AlphaError(`ALPHA_STORE=${kind} is not a store`, 'use file (the default), dynamodb or memory');
  }
}

/** Opens the configured store (by default: as the environment says). */
export async function openStore(config: StoreConfig = storeConfigFromEnv()): Promise<AlphaStore> {
  const lockWait = config.lockWaitMs === undefined ? {} : { lockWaitMs: config.lockWaitMs };
  switch (config.kind) {
    case 'memory':
      return new MemoryStore(lockWait);
    case 'file':
      return new FileStore(config.dir, lockWait);
    case 'dynamodb': {
      const client = new DynamoDBClient({
        ...(config.region ? { region: config.region } : {}),
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      });
      const store = new DynamoDbStore({ tableName: config.tableName, client, ownsClient: true, ...lockWait });
      if (config.createTable) await store.ensureTable();
      return store;
    }
  }
}
