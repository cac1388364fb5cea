/**
 * The Action's AWS wiring below main.ts: credentials from the access decision, the GitHub `sub` shown in trust
 * errors, and usage read once per account (and reader role) for all its roles, never once per role.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { createActionCredentials, credentialsForRole, gitHubRunContext } from '../../src/action/aws.js';
import { awsAccessFor } from '../../src/action/credentials.js';
import { parseActionInputs } from '../../src/action/inputs.js';
import { planAnalysis } from '../../src/action/plan.js';
import { createUsageReader } from '../../src/action/usage.js';
import { parseAlphaConfig } from '../../src/config/parse.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const inputs = (values: Record<string, string> = {}) =>
  parseActionInputs((name) => ({ 'github-token': 't', ...values })[name] ?? '');

describe('gitHubRunContext', () => {
  it.each([
    [{ GITHUB_EVENT_NAME: 'pull_request' }, 'repo:acme/infra:pull_request'],
    [{ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' }, 'repo:acme/infra:ref:refs/heads/main'],
    [{ GITHUB_EVENT_NAME: 'workflow_dispatch' }, undefined],
  ])('%j → sub %s', (env, sub) => {
    const context = gitHubRunContext({ GITHUB_REPOSITORY: 'acme/infra', GITHUB_RUN_ID: '7', ...env });
    expect(context.subject).toBe(sub);
    expect(context.runId).toBe('7');
  });
});

describe('createActionCredentials', () => {
  const deps = { getIdToken: async () => 'jwt', setSecret: () => undefined, env: {} };
  it('has none when the run needs no AWS', () => {
    expect(createActionCredentials({ kind: 'none' }, deps)).toBeUndefined();
    expect(credentialsForRole(undefined, { arn: 'arn:aws:iam::111122223333:role/a' })).toBeUndefined();
  });
  it('shares one provider per reader role and uses the base one without a reader', () => {
    const credentials = createActionCredentials(
      { kind: 'oidc', roleToAssume: 'arn:aws:iam::1:role/x', region: 'eu-west-1' },
      deps,
    );
    const reader = { roleArn: 'arn:aws:iam::444455556666:role/r', externalId: 'e-1' };
    const a = credentialsForRole(credentials, { arn: 'arn:aws:iam::444455556666:role/a', reader });
    const b = credentialsForRole(credentials, { arn: 'arn:aws:iam::444455556666:role/b', reader });
    expect(a).toBe(b);
    expect(credentialsForRole(credentials, { arn: 'arn:aws:iam::111122223333:role/c' })).toBe(credentials?.base);
  });
});

describe('awsAccessFor with local files', () => {
  const plan = planAnalysis(
    inputs({ 'role-arn': 'arn:aws:iam::111122223333:role/a', 'cloudtrail-logs': 'logs' }),
    null,
  );
  it.each([
    [{}, {}, 'none'],
    [{ 'role-to-assume': 'arn:aws:iam::111122223333:role/ci' }, {}, 'none'],
    [
      { 'role-to-assume': 'arn:aws:iam::111122223333:role/ci' },
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x?', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' },
      'oidc',
    ],
  ])('inputs %j env %j → %s (IAM is read only with a token)', (values, env, kind) => {
    expect(awsAccessFor(plan, inputs({ 'cloudtrail-logs': 'logs', ...values }), env).kind).toBe(kind);
  });
});

describe('createUsageReader for AWS sources (aws-sdk-client-mock)', () => {
  const cloudtrail = mockClient(CloudTrailClient);
  beforeEach(() => {
    cloudtrail.reset();
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
  });

  it('reads each account once for all its roles, over the union of their Regions', async () => {
    const config = parseAlphaConfig(`
roles:
  - { arn: 'arn:aws:iam::111122223333:role/a', regions: [eu-west-1] }
  - { arn: 'arn:aws:iam::111122223333:role/b', regions: [eu-west-1, eu-central-1] }
  - arn: arn:aws:iam::444455556666:role/c
    reader: { roleArn: 'arn:aws:iam::444455556666:role/reader' }
usage: { source: lookup-events, days: 7 }
`);
    const plan = planAnalysis(inputs(), config);
    const lines: string[] = [];
    const read = createUsageReader(
      plan,
      '/ws',
      new Date('2026-11-20T00:00:00Z'),
      { kind: 'ambient', region: 'eu-west-1' },
      {
        region: 'eu-west-1',
        log: (l) => lines.push(l),
      },
    );
    const [a, b, c] = await Promise.all(plan.roles.map((r) => read(r)));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a?.source).toMatchObject({ kind: 'lookup-events', complete: true });
    expect(a?.windowEnd).toBe('2026-11-20T00:00:00.000Z');
    // Full scans (no lookup attribute): 3 Regions for the first account, 2 for the second — not 2 + 3 + 2.
    const full = cloudtrail.commandCalls(LookupEventsCommand).filter((call) => !call.args[0].input.LookupAttributes);
    expect(full).toHaveLength(5);
    expect(full.every((call) => call.args[0].input.StartTime?.toISOString() === '2026-11-13T00:00:00.000Z')).toBe(true);
    expect(lines.sort()).toEqual([
      expect.stringMatching(/^Read lookup-events for account 111122223333 \(2 role\(s\), eu-central-1, eu-west-1\)/),
      expect.stringMatching(/^Read lookup-events for account 444455556666 \(1 role\(s\), eu-west-1\)/),
    ]);
  }, 20_000);

  it('refuses an AWS source without credentials instead of reading nothing', () => {
    const plan = planAnalysis(inputs({ 'role-arn': 'arn:aws:iam::111122223333:role/a' }), null);
    expect(() => createUsageReader(plan, '/ws', new Date(), { kind: 'none' })).toThrow(/no AWS credentials/);
  });
});
