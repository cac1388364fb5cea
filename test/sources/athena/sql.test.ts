import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlphaError } from '../../../src/core/errors.js';
import {
  athenaCostUsd,
  athenaIdentifier,
  canonicalTime,
  cloudTrailTableDdl,
  createDatabaseDdl,
  principalCondition,
  sqlString,
  trailLogsLocation,
  usageQuery,
  type CloudTrailTableSpec,
  type UsageQuerySpec,
} from '../../../src/sources/athena/sql.js';

const GOLDEN = join(import.meta.dirname, 'golden');

/** Golden SQL: `UPDATE_GOLDEN=1` rewrites the files; review the diff like code. */
function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, `${actual}\n`);
  expect(actual).toBe(readFileSync(path, 'utf8').replace(/\n$/, ''));
}

const TABLE: CloudTrailTableSpec = {
  database: 'alpha',
  table: 'cloudtrail_logs',
  bucket: 'org-trail-logs',
  prefix: 'trails/',
  organizationId: 'o-a1b2c3d4e5',
  accounts: ['444455556666', '111122223333', '111122223333'],
  regions: ['us-east-1', 'eu-west-1'],
  projectionStart: '2025/01/01',
};

const QUERY: UsageQuerySpec = {
  database: 'alpha',
  table: 'cloudtrail_logs',
  window: { start: '2026-10-01T00:00:00.000Z', end: '2026-10-31T23:59:59.999Z' },
  principalArns: ['arn:aws:iam::111122223333:role/orders-api', 'arn:aws:iam::111122223333:role/service/batch'],
  partitionColumns: ['account', 'region', 'timestamp'],
  regions: ['eu-west-1'],
  maxResourcesPerCall: 1000,
};

describe('DDL', () => {
  it('creates the documented CloudTrail table with account/region/day partition projection', () => {
    expectGolden('cloudtrail-table.sql', cloudTrailTableDdl(TABLE));
  });

  it('creates the database only if missing', () => {
    expect(createDatabaseDdl('Alpha')).toBe('CREATE DATABASE IF NOT EXISTS `alpha`');
  });

  it.each([
    [{ bucket: 'b-logs' }, 's3://b-logs/AWSLogs/'],
    [{ bucket: 'b-logs', prefix: '/a/b/' }, 's3://b-logs/a/b/AWSLogs/'],
    [{ bucket: 'b-logs', prefix: '', organizationId: 'o-abcdefghij' }, 's3://b-logs/AWSLogs/o-abcdefghij/'],
  ])('logs location %j', (spec, expected) => {
    expect(trailLogsLocation(spec)).toBe(expected);
  });

  it.each<[string, Partial<CloudTrailTableSpec>]>([
    ['table with a quote', { table: "t' OR 1=1" }],
    ['table with backtick', { table: 'ct`; DROP TABLE x; --' }],
    ['database with a dot', { database: 'a.b' }],
    ['bucket with a quote', { bucket: "logs'--" }],
    ['prefix with a quote', { prefix: "p'); DROP TABLE t; --" }],
    ['prefix with a template', { prefix: '${account}' }],
    ['organization id', { organizationId: "o-1'" }],
    ['account', { accounts: ["1111'22223333"] }],
    ['no accounts', { accounts: [] }],
    ['region', { regions: ["us-east-1','x"] }],
    ['projection start', { projectionStart: "2020/01/01,NOW'" }],
  ])('refuses %s', (_name, change) => {
    expect(() => cloudTrailTableDdl({ ...TABLE, ...change })).toThrow(AlphaError);
  });
});

describe('usage query', () => {
  it('is one GROUP BY for every requested role, restricted by partitions and the window', () => {
    expectGolden('usage-query.sql', usageQuery(QUERY));
  });

  it('has no partition filter on a table without partitions, and no principal filter for every role', () => {
    const sql = usageQuery({ ...QUERY, partitionColumns: [], principalArns: [] });
    expect(sql).not.toContain('"timestamp"');
    expect(sql).not.toContain('"account"');
    expect(sql).toContain("WHERE eventtime >= '2026-10-01T00:00:00Z'\n    AND eventtime <= '2026-10-31T23:59:59Z'");
    expect(sql).toContain("WHEN TRUE THEN 'selected'");
  });

  it('reads the end day + 1 (files arrive after their events) and adds us-east-1 for global events', () => {
    const sql = usageQuery({ ...QUERY, principalArns: [] });
    expect(sql).toContain(`"timestamp" BETWEEN '2026/10/01' AND '2026/11/01'`);
    expect(sql).toContain(`"region" IN ('eu-west-1', 'us-east-1')`);
    expect(sql).not.toContain('"account" IN'); // every principal: every account
  });

  it.each<[string, Partial<UsageQuerySpec>]>([
    ['table injection', { table: 'logs"; DROP TABLE x; --' }],
    ['database injection', { database: 'db" UNION SELECT' }],
    ['ARN with a quote', { principalArns: ["arn:aws:iam::111122223333:role/x' OR '1'='1"] }],
    ['ARN with a space', { principalArns: ['arn:aws:iam::111122223333:role/a b'] }],
    ['not an IAM ARN', { principalArns: ['arn:aws:s3:::bucket'] }],
    ['a group ARN', { principalArns: ['arn:aws:iam::111122223333:group/admins'] }],
    ['window not a time', { window: { start: "2026-10-01' OR 1=1 --", end: '2026-10-02T00:00:00Z' } }],
    ['window backwards', { window: { start: '2026-10-02T00:00:00Z', end: '2026-10-01T00:00:00Z' } }],
    ['Region injection', { regions: ["eu-west-1') OR (1=1"] }],
  ])('refuses %s', (_name, change) => {
    expect(() => usageQuery({ ...QUERY, ...change })).toThrow(AlphaError);
  });

  it('matches a path-less role at any path and through bare session ARNs; regex metacharacters are literal', () => {
    expect(principalCondition(['arn:aws:iam::111122223333:role/a.b+c'])).toBe(
      "(principal IN ('arn:aws:iam::111122223333:role/a.b+c') OR regexp_like(principal, '^arn:aws:iam::111122223333:role/(.+/)?a\\.b\\+c$') OR regexp_like(principal, '^arn:aws:sts::111122223333:assumed-role/a\\.b\\+c(/.*)?$'))",
    );
    expect(principalCondition(['arn:aws:iam::111122223333:user/ops/alice'])).toBe(
      "(principal IN ('arn:aws:iam::111122223333:user/ops/alice'))",
    );
  });
});

describe('literals and identifiers', () => {
  it.each([
    ["it's", "'it''s'"],
    ["''", "''''''"],
    ['plain', "'plain'"],
  ])('sqlString(%j)', (value, expected) => {
    expect(sqlString(value)).toBe(expected);
  });

  it('refuses control characters in literals', () => {
    expect(() => sqlString('a\nb')).toThrow(AlphaError);
    expect(() => sqlString('a\u0000')).toThrow(AlphaError);
  });

  it.each(['', 'a-b', 'a b', 'a"b', 'x'.repeat(256), 'ß'])('athenaIdentifier refuses %j', (name) => {
    let error: unknown;
    try {
      athenaIdentifier('table', name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).fix).toMatch(/letters, digits and "_"/);
  });

  it('lower-cases identifiers as Glue stores them', () => {
    expect(athenaIdentifier('table', 'CloudTrail_Logs_2')).toBe('cloudtrail_logs_2');
  });

  it.each([
    ['2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z'],
    ['2026-10-01T00:00:00.999Z', '2026-10-01T00:00:00Z'],
    ['2026-10-01T02:00:00+02:00', '2026-10-01T00:00:00Z'],
  ])('canonicalTime(%s)', (input, expected) => {
    expect(canonicalTime(input)).toBe(expected);
  });
});

describe('cost', () => {
  it.each([
    [0, (10 * 2 ** 20 * 5) / 2 ** 40], // the 10 MB minimum
    [1, (10 * 2 ** 20 * 5) / 2 ** 40],
    [2 ** 40, 5], // 1 TB = $5
    [2 ** 40 + 1, ((2 ** 40 + 2 ** 20) * 5) / 2 ** 40], // rounded up to the next MB
  ])('%d bytes → $%d', (bytes, usd) => {
    expect(athenaCostUsd(bytes)).toBeCloseTo(usd, 12);
  });
});
