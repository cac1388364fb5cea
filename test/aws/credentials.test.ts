import { describe, it, expect, afterEach } from '@jest/globals';
import { getIDToken } from '@actions/core';
import {
  AwsCredentials,
  fromGitHubOidc,
  memoizeCredentials,
  roleSessionName,
  subjectForms,
} from '../../src/aws/credentials.js';
import { startFakeAws, type FakeAws } from '../fakes/aws-server.js';
import { startFakeOidc, type FakeOidc } from '../fakes/oidc-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROLE = 'arn:aws:iam::111122223333:role/alpha-reader';
const noWait = { now: () => 0, sleep: async () => undefined };

describe('GitHub OIDC → STS over the wire', () => {
  let aws: FakeAws | undefined;
  let oidc: FakeOidc | undefined;
  afterEach(async () => {
    await aws?.close();
    await oidc?.close();
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  });

  it('gets a token for sts.amazonaws.com, assumes the role, and masks every secret', async () => {
    aws = await startFakeAws({ events: {} });
    oidc = await startFakeOidc();
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = oidc.requestUrl;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = oidc.requestToken;
    const secrets: string[] = [];
    const provider = fromGitHubOidc({
      roleArn: ROLE,
      region: 'us-east-1',
      getIdToken: (aud) => getIDToken(aud),
      setSecret: (s) => secrets.push(s),
      clientConfig: { endpoint: aws.url },
      clock: noWait,
    });
    const creds = await provider();
    expect(creds.accessKeyId).toBe('ASIAFAKE1');
    expect(oidc.audiences).toEqual(['sts.amazonaws.com']);
    expect(aws.stsCalls).toEqual(['AssumeRoleWithWebIdentity']);
    expect(secrets).toEqual(expect.arrayContaining(['ASIAFAKE1', 'secret1', 'token1']));
    expect(secrets.some((s) => s.startsWith('eyJ'))).toBe(true);
  });

  it('explains a trust policy that rejects the sub, in both sub forms', async () => {
    aws = await startFakeAws({ events: {}, rejectSub: true });
    const provider = fromGitHubOidc({
      roleArn: ROLE,
      region: 'us-east-1',
      getIdToken: async () => 'jwt',
      clientConfig: { endpoint: aws.url },
      context: {
        repository: 'acme/api',
        repositoryId: '42',
        repositoryOwnerId: '7',
        subject: 'repo:acme/api:pull_request',
      },
      clock: noWait,
    });
    await expect(provider()).rejects.toMatchObject({
      message: expect.stringContaining('"repo:acme@7/api@42:pull_request"'),
      fix: expect.stringContaining('token.actions.githubusercontent.com:sub'),
    });
  });

  it('says to grant id-token: write when no token can be requested', async () => {
    const provider = fromGitHubOidc({ roleArn: ROLE, getIdToken: (aud) => getIDToken(aud), clock: noWait });
    await expect(provider()).rejects.toMatchObject({ fix: expect.stringContaining('id-token: write') });
  });

  it('asks for a fresh ID token on each STS attempt and stops within the time bound', async () => {
    let tokens = 0;
    let now = 0;
    const provider = fromGitHubOidc({
      roleArn: ROLE,
      region: 'us-east-1',
      getIdToken: async () => {
        tokens++;
        throw new Error('socket hang up');
      },
      maxAttempts: 10,
      maxTotalMs: 3000,
      random: () => 1,
      clock: { now: () => now, sleep: async (ms) => void (now += ms) },
    });
    await expect(provider()).rejects.toThrow(/socket hang up/);
    expect(tokens).toBeGreaterThan(1);
    expect(now).toBeLessThanOrEqual(3000);
  });

  it('chains into a reader role once per role and ExternalId, refreshing before expiry', async () => {
    aws = await startFakeAws({ events: {}, credentialSeconds: 3600 });
    const credentials = new AwsCredentials({
      region: 'us-east-1',
      oidc: { roleArn: ROLE, getIdToken: async () => 'jwt', clientConfig: { endpoint: aws.url }, clock: noWait },
    });
    const reader = { roleArn: 'arn:aws:iam::444455556666:role/alpha-reader', externalId: 'ext' };
    const a = credentials.forRole(reader, { endpoint: aws.url });
    expect(credentials.forRole(reader, { endpoint: aws.url })).toBe(a);
    await Promise.all([a(), a(), a()]);
    expect(aws.stsCalls).toEqual(['AssumeRoleWithWebIdentity', 'AssumeRole']);
  });
});

describe('memoizeCredentials', () => {
  it('refreshes 5 minutes before expiry, not earlier', async () => {
    let now = 0;
    let calls = 0;
    const provider = memoizeCredentials(
      async () => {
        calls++;
        return { accessKeyId: `k${calls}`, secretAccessKey: 's', expiration: new Date(now + 60 * 60 * 1000) };
      },
      { now: () => now },
    );
    expect((await provider()).accessKeyId).toBe('k1');
    now = 54 * 60 * 1000;
    expect((await provider()).accessKeyId).toBe('k1');
    now = 56 * 60 * 1000;
    expect((await provider()).accessKeyId).toBe('k2');
  });
});

describe('names', () => {
  it.each([
    [{ repository: 'acme/api', runId: '9', runAttempt: '2' }, 'alpha-api-9-2'],
    [{}, 'alpha-local'],
    [{ repository: 'acme/' + 'x'.repeat(100), runId: '1' }, ('alpha-' + 'x'.repeat(100)).slice(0, 64)],
    [{ repository: 'acme/a b:c' }, 'alpha-a-b-c'],
  ])('session name for %j is %s', (context, expected) => {
    expect(roleSessionName(context)).toBe(expected);
  });
  it('gives the immutable sub form only with both ids', () => {
    expect(subjectForms({ repository: 'o/r', subject: 'repo:o/r:ref:refs/heads/main' })).toEqual([
      'repo:o/r:ref:refs/heads/main',
    ]);
  });
});
