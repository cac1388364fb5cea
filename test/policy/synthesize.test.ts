import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { allowedActions } from '../../src/core/policy/grants.js';
import { MANAGED_POLICY_SIZE_LIMIT, policySize } from '../../src/core/policy/limits.js';
import { normalizePolicyDocument } from '../../src/core/policy/normalize.js';
import { synthesizePolicy, type SynthesizedPolicy, type SynthesizeOptions } from '../../src/core/policy/synthesize.js';
import type { Evidence, UsageProfile } from '../../src/core/usage/evidence.js';
import { policyFixture } from './fixtures.js';

interface GoldenCase {
  rule: string;
  options: SynthesizeOptions;
  profile: UsageProfile;
  expect: SynthesizedPolicy;
}

const goldenNames = readdirSync(new URL('../fixtures/policy/synthesize/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .sort();
const goldens = goldenNames.map((f) => [f, policyFixture<GoldenCase>(`synthesize/${f}`)] as const);

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

function evidence(resources: string[], extra: Partial<Evidence> = {}): Evidence {
  return {
    count: 1,
    firstSeen: '2026-10-01T00:00:00Z',
    lastSeen: '2026-10-02T00:00:00Z',
    regions: ['eu-west-1'],
    resources,
    sampleEventId: 'evt',
    origin: 'same-name',
    calls: ['s3.amazonaws.com:GetObject'],
    ...extra,
  };
}

function profileOf(evidenceByAction: Record<string, Evidence>): UsageProfile {
  return {
    principalArn: 'arn:aws:iam::111122223333:role/app',
    evidence: evidenceByAction,
    unmapped: [],
    deniedAttempts: [],
    noPermissionCalls: [],
    activeDays: [],
  };
}

/** Deterministic shuffle (no Math.random: a failing seed must reproduce). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function shuffledProfile(profile: UsageProfile, seed: number): UsageProfile {
  const keys = shuffled(Object.keys(profile.evidence), seed);
  const ev: Record<string, Evidence> = {};
  for (const k of keys) {
    const e = profile.evidence[k] as Evidence;
    ev[k] = { ...e, resources: shuffled(e.resources, seed + 1), calls: shuffled(e.calls, seed + 2) };
  }
  return { ...profile, evidence: ev };
}

function expectGrantsEveryObservedAction(result: SynthesizedPolicy, profile: UsageProfile): void {
  const allowed = allowedActions([result.policy], catalog).allowed;
  for (const action of Object.keys(profile.evidence)) {
    const canonical = catalog.action(action)?.key;
    if (canonical) expect(allowed.has(canonical)).toBe(true);
    else expect(result.policy.Statement.some((s) => s.Action?.includes(action))).toBe(true);
  }
}

describe('synthesizePolicy golden outputs (test/fixtures/policy/synthesize/)', () => {
  it('has cases', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(5);
  });

  it.each(goldens)('%s', (_file, c) => {
    const got = synthesizePolicy(c.profile, catalog, c.options);
    expect(got).toEqual(c.expect);
    expect(policySize(got.policy)).toBeLessThanOrEqual(c.options.sizeLimit ?? MANAGED_POLICY_SIZE_LIMIT);
    expectGrantsEveryObservedAction(got, c.profile);
    if (got.policy.Statement.length > 0) expect(normalizePolicyDocument(got.policy, 'proposed')).toEqual(got.policy);
    // Sids are unique and IAM-legal (alphanumeric).
    const sids = got.policy.Statement.map((s) => s.Sid ?? '');
    expect(new Set(sids).size).toBe(sids.length);
    for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9]+$/);
  });

  it.each(goldens)('%s: shuffled evidence gives byte-identical output', (_file, c) => {
    const expected = JSON.stringify(synthesizePolicy(c.profile, catalog, c.options));
    for (const seed of [1, 7, 42]) {
      expect(JSON.stringify(synthesizePolicy(shuffledProfile(c.profile, seed), catalog, c.options))).toBe(expected);
    }
  });
});

describe('synthesizePolicy size limit', () => {
  const objects = Array.from(
    { length: 5000 },
    (_, i) => `arn:aws:s3:::data-${i % 4}/exports/${String(i).padStart(5, '0')}.json`,
  );
  function bigProfile(): UsageProfile {
    const keys: string[] = [];
    for (const service of ['s3', 'dynamodb', 'lambda', 'sqs', 'sns', 'kms', 'logs', 'ec2', 'iam', 'cloudwatch'])
      keys.push(
        ...catalog
          .actionsOf(service)
          .filter((_, i) => i % 4 === 0)
          .map((a) => a.key),
      );
    const chosen = keys.slice(0, 300);
    expect(chosen).toHaveLength(300);
    const ev: Record<string, Evidence> = {};
    for (const k of chosen) ev[k] = evidence(/^s3:\w*Object/.test(k) ? objects : []);
    return profileOf(ev);
  }

  it('5,000 object ARNs and 300 actions fit 6,144 characters and keep every action', () => {
    const profile = bigProfile();
    const got = synthesizePolicy(profile, catalog, { accountId: '111122223333' });
    expect(policySize(got.policy)).toBeLessThanOrEqual(6144);
    expectGrantsEveryObservedAction(got, profile);
    expect(got.notes.some((n) => n.startsWith('to fit 6,144 characters'))).toBe(true);
  });

  it('the same profile fits 10,240 for inline policies, with less generalization', () => {
    const profile = bigProfile();
    const managed = synthesizePolicy(profile, catalog, { accountId: '111122223333' });
    const inline = synthesizePolicy(profile, catalog, { accountId: '111122223333', sizeLimit: 10240 });
    expect(policySize(inline.policy)).toBeLessThanOrEqual(10240);
    expect(policySize(inline.policy)).toBeGreaterThan(policySize(managed.policy));
    expectGrantsEveryObservedAction(inline, profile);
  });

  it('the big profile is deterministic under shuffling', () => {
    const profile = bigProfile();
    const expected = JSON.stringify(synthesizePolicy(profile, catalog, { accountId: '111122223333' }));
    expect(JSON.stringify(synthesizePolicy(shuffledProfile(profile, 3), catalog, { accountId: '111122223333' }))).toBe(
      expected,
    );
  });

  it('an absurdly small limit still never drops an action', () => {
    const profile = profileOf({
      's3:GetObject': evidence(['arn:aws:s3:::b/k1', 'arn:aws:s3:::b/k2']),
      'sqs:SendMessage': evidence(['arn:aws:sqs:eu-west-1:111122223333:q']),
      'kms:Decrypt': evidence([]),
    });
    const got = synthesizePolicy(profile, catalog, { accountId: '111122223333', sizeLimit: 150 });
    expectGrantsEveryObservedAction(got, profile);
    expect(policySize(got.policy)).toBeLessThanOrEqual(150);
  });

  it('exact objects stay exact when they fit', () => {
    const profile = profileOf({
      's3:GetObject': evidence(['arn:aws:s3:::b/k1', 'arn:aws:s3:::b/k2', 'arn:aws:s3:::b']),
    });
    const got = synthesizePolicy(profile, catalog, { accountId: '111122223333' });
    expect(got.policy.Statement).toEqual([
      {
        Sid: 'S3ReadObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::b/k1', 'arn:aws:s3:::b/k2'],
      },
    ]);
    // The bucket listed with its objects is context, not a misfit worth a note.
    expect(got.notes).toEqual([]);
  });
});

describe('policySize', () => {
  it.each([
    [{ Version: '2012-10-17', Statement: [] }, '{"Version":"2012-10-17","Statement":[]}'.length],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get Object'], Resource: ['*'] }] },
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]}]}'.length,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bücket/é'] }],
      },
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::bücket/é"]}]}'
        .length,
    ],
  ] as const)('counts characters without whitespace (%#)', (doc, size) => {
    expect(policySize(doc as never)).toBe(size);
  });
});
