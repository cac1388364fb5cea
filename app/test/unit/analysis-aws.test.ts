/**
 * The App's AWS path, over the wire against the loopback fake (CloudTrail LookupEvents + IAM): one read per account
 * serves every role in it, and "before" is the role's whole grant as IAM lists it — as in the Action.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../../src/core/catalog.js';
import { makeEvents, startFakeAws, type FakeAws } from '../../../test/fakes/aws-server.js';
import { analyzePullRequest } from '../../src/analysis.js';
import { parseAppConfig } from '../../src/app-config.js';
import type { FilesAtRef } from '../../src/repo-files.js';

const END = Date.UTC(2026, 10, 20) / 1000;
// AWS's operation → action map in its own format (a local copy, as `ALPHA_SERVICE_REFERENCE=DIR`): never the network.
const SERVICE_REFERENCE = new URL('../../../test/sources/fixtures/service-reference/', import.meta.url).pathname;
const SAVED = { ...process.env };
const noFiles: FilesAtRef = { ref: 'head', listDir: async () => [], readFile: async () => null };
const doc = (...actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

let catalog: IamCatalog;
let aws: FakeAws | undefined;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});
afterEach(async () => {
  process.env = { ...SAVED };
  await aws?.close();
  aws = undefined;
});

describe('App analysis from AWS', () => {
  it('reads the account once for both roles and diffs against the policies IAM lists', async () => {
    aws = await startFakeAws({
      events: { 'us-east-1': makeEvents(120, ['orders-api', 'reports', 'other'], END, 60) },
      iam: {
        roles: {
          'orders-api': { arn: 'arn:aws:iam::111122223333:role/orders-api', inline: { access: doc('s3:*') } },
          reports: { arn: 'arn:aws:iam::111122223333:role/reports', inline: { reports: doc('s3:Get*') } },
        },
        policies: {},
      },
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-east-1',
    });
    const { alpha } = parseAppConfig(
      [
        'roles:',
        '  - arn: arn:aws:iam::111122223333:role/orders-api',
        '    regions: [us-east-1]',
        '  - arn: arn:aws:iam::111122223333:role/reports',
        '    regions: [us-east-1]',
        'usage: { source: lookup-events, days: 7 }',
        'guardrails: { preset: none }',
      ].join('\n'),
    );
    const outcome = await analyzePullRequest(
      {
        catalog: async () => catalog,
        usage: { region: 'us-east-1', serviceReference: SERVICE_REFERENCE },
        now: () => new Date(END * 1000 + 60_000),
      },
      { config: alpha, roles: [], files: noFiles, checkName: 'ALPHA least privilege' },
    );

    const inputs = aws.lookupInputs;
    const served = aws.lookups
      .map((l, i) => ({ ...l, input: inputs[i] }))
      .filter((l) => !l.throttled)
      .map((l) => JSON.stringify([l.region, l.input?.attribute, l.input?.start, l.input?.end, l.token]));
    // No page read twice: one scan of the account served both roles.
    expect(new Set(served).size).toBe(served.length);
    expect(outcome.proposals.map((p) => p.role.name)).toEqual(['orders-api', 'reports']);
    for (const proposal of outcome.proposals) {
      expect(proposal.existingPolicy?.origin).toBe('iam');
      // The same action map as the Action's: AWS's Service Reference when configured, recorded in the Proposal.
      expect(proposal.source.serviceReference).toBe(`directory:${SERVICE_REFERENCE}`);
      expect(proposal.evidence['s3:ListAllMyBuckets']?.count).toBeGreaterThan(0);
    }
    const orders = outcome.proposals[0];
    expect(orders?.diff.removedActions).toContain('s3:DeleteBucket');
    expect(aws.iamCalls.map((c) => c.action)).toContain('GetRolePolicy');
  });
});
