import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { passedRolesOf, isInstanceProfileArn } from '../../src/core/cloudtrail/implied.js';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/record.js';
import { resourcesOf } from '../../src/core/cloudtrail/resources.js';

interface Case {
  rule: string;
  record: CloudTrailRecord;
  expect: string[];
}
const load = (name: string): Case[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/mapping/${name}`, import.meta.url), 'utf8')) as Case[];

describe('resourcesOf (test/fixtures/mapping/resources.json)', () => {
  it.each(load('resources.json').map((c) => [c.rule, c] as const))('%s', (_r, c) => {
    expect(resourcesOf(c.record)).toEqual(c.expect);
  });
});

describe('passedRolesOf (test/fixtures/mapping/passed-roles.json)', () => {
  it.each(load('passed-roles.json').map((c) => [c.rule, c] as const))('%s', (_r, c) => {
    expect(passedRolesOf(c.record)).toEqual(c.expect);
  });

  it('marks instance profiles so they are never granted as roles', () => {
    expect(isInstanceProfileArn('arn:aws:iam::123456789012:instance-profile/web')).toBe(true);
    expect(isInstanceProfileArn('arn:aws:iam::123456789012:role/web')).toBe(false);
  });
});

describe('hostile records', () => {
  const throwing: CloudTrailRecord = {
    eventTime: '2026-01-01T00:00:00Z',
    eventSource: 'lambda.amazonaws.com',
    eventName: 'CreateFunction20150331',
    get requestParameters(): unknown {
      throw new SyntaxError('Unexpected end of JSON input');
    },
  };
  const deep: Record<string, unknown> = {};
  let cursor = deep;
  for (let i = 0; i < 10_000; i++) cursor = (cursor.next = {}) as Record<string, unknown>;
  const hostile: CloudTrailRecord[] = [
    throwing,
    { eventTime: 't', eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: deep },
    {
      eventTime: 't',
      eventSource: 'events.amazonaws.com',
      eventName: 'PutTargets',
      requestParameters: { targets: new Array(1_000_000).fill({ roleArn: 'x' }) },
    },
    {
      eventTime: 't',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      requestParameters: { bucketName: 'b', key: 'k' },
      userIdentity: null as never,
    },
    {
      eventTime: 't',
      eventSource: 42 as never,
      eventName: null as never,
      resources: [null, 'x', { ARN: 'arn:aws:s3:::b' }] as never,
    },
  ];
  it.each(hostile.map((r, i) => [i, r] as const))('record #%s yields arrays and never throws', (_i, record) => {
    expect(Array.isArray(resourcesOf(record))).toBe(true);
    expect(Array.isArray(passedRolesOf(record))).toBe(true);
  });
});

describe('one identity object shared by many records (as the scanner hands them out)', () => {
  const identity = {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/app/s1',
    accountId: '111122223333',
  };
  const getTable = (awsRegion: string, recipientAccountId: string): CloudTrailRecord => ({
    eventTime: '2026-10-01T00:00:00Z',
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'GetItem',
    awsRegion,
    recipientAccountId,
    userIdentity: identity,
    requestParameters: { tableName: 'orders' },
  });

  it('names each record’s resources in its own Region and account, in any order', () => {
    const calls: [string, string][] = [
      ['eu-west-1', '111122223333'],
      ['eu-west-1', '111122223333'],
      ['us-east-1', '111122223333'],
      ['us-east-1', '444455556666'],
      ['eu-west-1', '111122223333'],
    ];
    for (const [region, account] of calls)
      expect(resourcesOf(getTable(region, account))).toEqual([`arn:aws:dynamodb:${region}:${account}:table/orders`]);
  });

  it('lists an ARN named by resources[] and by requestParameters once, sorted with the others', () => {
    const record: CloudTrailRecord = {
      eventTime: '2026-10-01T00:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      userIdentity: identity,
      requestParameters: { bucketName: 'b', key: 'k' },
      resources: [{ ARN: 'arn:aws:s3:::b/k' }, { ARN: 'arn:aws:s3:::b' }, { ARN: 'arn:aws:s3:::b/k' }],
    };
    expect(resourcesOf(record)).toEqual(['arn:aws:s3:::b', 'arn:aws:s3:::b/k']);
  });
});
