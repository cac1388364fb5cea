/**
 * `alpha athena-setup`: the Glue database (if missing) and the CloudTrail table with partition projection, made
 * by running the DDL from sql.ts as Athena queries. These are the only writes ALPHA ever makes, and they go to
 * Glue through Athena, never to IAM.
 */
import type { AthenaClient } from '@aws-sdk/client-athena';
import { cloudTrailTableDdl, createDatabaseDdl, type CloudTrailTableSpec } from './sql.js';
import { runAthenaQuery, type AthenaQueryTarget, type AthenaRunOptions } from './query.js';

/** The statements, in order (`--print` shows exactly these). */
export function athenaSetupStatements(spec: CloudTrailTableSpec): string[] {
  return [createDatabaseDdl(spec.database), cloudTrailTableDdl(spec)];
}

export async function createCloudTrailTable(
  client: AthenaClient,
  spec: CloudTrailTableSpec,
  target: Omit<AthenaQueryTarget, 'database'>,
  options: AthenaRunOptions = {},
): Promise<{ queryExecutionIds: string[]; requests: number }> {
  const statements = athenaSetupStatements(spec);
  const ids: string[] = [];
  let requests = 0;
  for (const sql of statements) {
    // DDL runs in the default database: the table's database may not exist until the first statement ran.
    const run = await runAthenaQuery(client, sql, { ...target, database: 'default' }, options);
    ids.push(run.queryExecutionId);
    requests += run.requests;
  }
  return { queryExecutionIds: ids, requests };
}
