import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { serviceReferenceFromDocuments } from '../../src/core/cloudtrail/service-reference.js';
import type { CallAggregate, UsageSnapshot } from '../../src/core/usage/evidence.js';
import { buildUsageProfile, listPrincipals } from '../../src/core/usage/profile.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/mapping/${name}`, import.meta.url), 'utf8'));

const snapshot = fixture('profile-snapshot.json') as UsageSnapshot;
const ORDERS = 'arn:aws:iam::111122223333:role/orders-api';
const ORDERS_WITH_PATH = 'arn:aws:iam::111122223333:role/service-role/orders-api';

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

function withCalls(calls: CallAggregate[]): UsageSnapshot {
  return { ...snapshot, calls };
}

describe('buildUsageProfile', () => {
  it('builds the expected profile (test/fixtures/mapping/profile-expected.json)', () => {
    const profile = buildUsageProfile(snapshot, ORDERS, catalog);
    expect(JSON.parse(JSON.stringify(profile))).toEqual(fixture('profile-expected.json'));
  });

  it('gives byte-identical output whatever order the calls come in', () => {
    const expected = JSON.stringify(buildUsageProfile(snapshot, ORDERS, catalog));
    const calls = snapshot.calls;
    for (const order of [[...calls].reverse(), [...calls.slice(5), ...calls.slice(0, 5)]]) {
      expect(JSON.stringify(buildUsageProfile(withCalls(order), ORDERS, catalog))).toBe(expected);
    }
  });

  it('never turns a failed call into evidence', () => {
    const profile = buildUsageProfile(snapshot, ORDERS, catalog);
    expect(profile.evidence['iam:CreateUser']).toBeUndefined();
    expect(profile.evidence['iam:PassRole']?.resources).not.toContain('arn:aws:iam::111122223333:role/admin');
    expect(profile.deniedAttempts.map((d) => d.sampleEventId)).toEqual([
      'ev-denied-2',
      'ev-denied-fn',
      'ev-get-denied',
    ]);
  });

  it('matches the requested path exactly when one is given', () => {
    expect(Object.keys(buildUsageProfile(snapshot, ORDERS_WITH_PATH, catalog).evidence)).toContain('s3:ListBucket');
    const other = buildUsageProfile(snapshot, 'arn:aws:iam::111122223333:role/other-path/orders-api', catalog);
    expect(other.evidence).toEqual({});
    expect(other.principalArn).toBe('arn:aws:iam::111122223333:role/other-path/orders-api');
  });

  it('keeps the requested ARN when a path-less request matches roles at two paths', () => {
    const twin = {
      ...(snapshot.calls[0] as CallAggregate),
      principalArn: 'arn:aws:iam::111122223333:role/team/orders-api',
    };
    const profile = buildUsageProfile(withCalls([...snapshot.calls, twin]), ORDERS, catalog);
    expect(profile.principalArn).toBe(ORDERS);
    expect(profile.evidence['s3:ListBucket']?.count).toBe(10);
  });

  it('gives an empty profile for a principal with no calls', () => {
    const profile = buildUsageProfile(snapshot, 'arn:aws:iam::111122223333:role/idle', catalog);
    expect(profile).toEqual({
      principalArn: 'arn:aws:iam::111122223333:role/idle',
      evidence: {},
      unmapped: [],
      deniedAttempts: [],
      noPermissionCalls: [],
      activeDays: [],
    });
  });

  it('uses the Service Reference when given one', () => {
    const reference = serviceReferenceFromDocuments([
      {
        Name: 's3',
        Operations: [{ Name: 'ListObjectsV2', AuthorizedActions: [{ Name: 'ListBucket', Service: 's3' }] }],
      },
    ]);
    const profile = buildUsageProfile(snapshot, ORDERS, catalog, reference);
    expect(profile.evidence['s3:ListBucket']?.origin).toBe('service-reference');
  });

  it('merges the same unmapped call across principals matched by a path-less ARN', () => {
    const tx = snapshot.calls.find((c) => c.eventName === 'TransactWriteItems') as CallAggregate;
    const twin = {
      ...tx,
      principalArn: 'arn:aws:iam::111122223333:role/team/orders-api',
      sampleEventId: 'ev-tx-0',
      lastSeen: '2026-10-09T00:00:00Z',
    };
    const profile = buildUsageProfile(withCalls([tx, twin]), ORDERS, catalog);
    expect(profile.unmapped).toEqual([expect.objectContaining({ count: 8, sampleEventId: 'ev-tx-0' })]);
  });
});

describe('listPrincipals', () => {
  it('lists each principal once, sorted, including ones with only failed calls', () => {
    const denied = {
      ...(snapshot.calls[0] as CallAggregate),
      principalArn: 'arn:aws:iam::111122223333:user/alice',
      errorCode: 'AccessDenied',
    };
    expect(listPrincipals(withCalls([...snapshot.calls, denied]))).toEqual([
      'arn:aws:iam::111122223333:role/batch',
      ORDERS_WITH_PATH,
      'arn:aws:iam::111122223333:user/alice',
    ]);
    expect(listPrincipals(withCalls([]))).toEqual([]);
  });
});
