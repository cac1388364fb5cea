import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import type { PolicyDiff } from '../../src/core/proposal.js';
import {
  assessBreakRisk,
  isDataPlaneAction,
  riskLevelOf,
  type BreakRiskInput,
} from '../../src/core/risk/break-risk.js';
import type { DeniedAttempt, Evidence, UsageProfile } from '../../src/core/usage/evidence.js';

interface CaseInput {
  windowDays: number;
  windowEnd: string;
  activeDays: number;
  evidence: Record<string, { count: number; lastSeen: string }>;
  deniedAttempts?: DeniedAttempt[];
  removed: string[];
  kept: string[];
  sawDataEvents: boolean;
  sourceComplete: boolean;
  guardrailRemoved: string[];
  usedBeforeWindow?: string[];
}
interface Case {
  description: string;
  input: CaseInput;
  expected: { probabilityOfBreak: number; level: string; factors: string[]; remediationContains?: string[] };
}

const DAY = 86_400_000;
const dir = join(import.meta.dirname, '../fixtures/risk');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Case] as const);

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

function evidenceOf(e: { count: number; lastSeen: string }, action: string): Evidence {
  return {
    count: e.count,
    firstSeen: e.lastSeen,
    lastSeen: e.lastSeen,
    regions: ['eu-west-1'],
    resources: [],
    sampleEventId: `sample-${action}`,
    origin: 'same-name',
    calls: [],
  };
}

function build(c: CaseInput): BreakRiskInput {
  const end = Date.parse(c.windowEnd);
  const profile: UsageProfile = {
    principalArn: 'arn:aws:iam::111122223333:role/app',
    evidence: Object.fromEntries(Object.entries(c.evidence).map(([a, e]) => [a, evidenceOf(e, a)])),
    unmapped: [],
    deniedAttempts: c.deniedAttempts ?? [],
    noPermissionCalls: [],
    activeDays: Array.from({ length: c.activeDays }, (_, i) =>
      new Date(end - (i + 1) * DAY).toISOString().slice(0, 10),
    ),
  };
  const diff: PolicyDiff = {
    addedActions: [],
    removedActions: c.removed,
    keptActions: c.kept,
    changeSummary: '',
    reductionPercent: 0,
    observedNotGranted: [],
  };
  return {
    profile,
    windowDays: c.windowDays,
    windowStart: new Date(end - c.windowDays * DAY).toISOString(),
    windowEnd: c.windowEnd,
    diff,
    sawDataEvents: c.sawDataEvents,
    sourceComplete: c.sourceComplete,
    guardrailRemoved: c.guardrailRemoved,
    catalog,
    ...(c.usedBeforeWindow ? { usedBeforeWindow: c.usedBeforeWindow } : {}),
  };
}

describe('assessBreakRisk (test/fixtures/risk)', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  it.each(cases)('%s', (_file, c) => {
    const result = assessBreakRisk(build(c.input));
    expect(result.riskSignal.probabilityOfBreak).toBe(c.expected.probabilityOfBreak);
    expect(result.riskSignal.level).toBe(c.expected.level);
    expect(result.riskSignal.factors.map((f) => f.code)).toEqual(c.expected.factors);
    // Every factor is explained and comes with something to do.
    for (const f of result.riskSignal.factors)
      expect(result.rationale.some((r) => r.startsWith(`${f.code} (`))).toBe(true);
    expect(result.remediationNotes.length >= result.riskSignal.factors.length).toBe(true);
    for (const text of c.expected.remediationContains ?? [])
      expect(result.remediationNotes.some((n) => n.includes(text))).toBe(true);
  });

  it('is deterministic whatever the order of the inputs', () => {
    const c = cases.find(([f]) => f === 'everything-wrong.json')?.[1];
    if (!c) throw new Error('fixture everything-wrong.json missing');
    const a = assessBreakRisk(build(c.input));
    const reversed = { ...c.input, removed: [...c.input.removed].reverse() };
    expect(JSON.stringify(assessBreakRisk(build(reversed)))).toBe(JSON.stringify(a));
  });
});

describe('monotonicity', () => {
  const base: CaseInput = {
    windowDays: 30,
    windowEnd: '2026-11-01T00:00:00.000Z',
    activeDays: 5,
    evidence: {
      's3:ListBucket': { count: 1, lastSeen: '2026-10-05T00:00:00Z' },
      'ec2:DescribeInstances': { count: 40, lastSeen: '2026-10-30T00:00:00Z' },
    },
    removed: ['s3:DeleteBucket', 'ec2:TerminateInstances'],
    kept: ['s3:ListBucket'],
    sawDataEvents: false,
    sourceComplete: true,
    guardrailRemoved: [],
  };
  const p = (c: CaseInput): number => assessBreakRisk(build(c)).riskSignal.probabilityOfBreak;

  it.each([
    ['a longer window', { ...base, windowDays: 60 }],
    ['the full window', { ...base, windowDays: 90 }],
    ['more active days', { ...base, activeDays: 10 }],
    [
      'more observations of a rare action',
      { ...base, evidence: { ...base.evidence, 's3:ListBucket': { count: 3, lastSeen: '2026-10-05T00:00:00Z' } } },
    ],
    [
      'a later last seen',
      { ...base, evidence: { ...base.evidence, 's3:ListBucket': { count: 1, lastSeen: '2026-10-31T00:00:00Z' } } },
    ],
    ['data events present', { ...base, sawDataEvents: true }],
  ])('more evidence never raises risk: %s', (_name, more) => {
    expect(p(more)).toBeLessThanOrEqual(p(base));
  });

  it('the model reacts to evidence at all (the monotonicity checks can fail)', () => {
    expect(p({ ...base, windowDays: 90, activeDays: 30 })).toBeLessThan(p(base));
  });

  it.each([
    's3:GetObject',
    'dynamodb:PutItem',
    'lambda:InvokeFunction',
    'sqs:SendMessage',
    'sns:Publish',
    'kinesis:PutRecord',
  ])('adding removed data-plane action %s never lowers risk, and raises it without data events', (action) => {
    const withIt = { ...base, removed: [...base.removed, action] };
    expect(p(withIt)).toBeGreaterThan(p(base));
    const seen = { ...base, sawDataEvents: true };
    expect(p({ ...seen, removed: [...seen.removed, action] })).toBeGreaterThanOrEqual(p(seen));
  });

  it('each added removed data-plane action keeps raising risk up to the cap', () => {
    const actions = ['s3:GetObject', 's3:PutObject', 'dynamodb:Query', 'dynamodb:GetItem', 'sqs:ReceiveMessage'];
    let last = p(base);
    for (let i = 1; i <= actions.length; i++) {
      const next = p({ ...base, removed: [...base.removed, ...actions.slice(0, i)] });
      expect(next).toBeGreaterThanOrEqual(last);
      last = next;
    }
  });

  it('an incomplete source or a guardrail removal never lowers risk', () => {
    expect(p({ ...base, sourceComplete: false })).toBeGreaterThan(p(base));
    expect(p({ ...base, guardrailRemoved: ['iam:PassRole'] })).toBeGreaterThan(p(base));
  });
});

describe('data-plane table and levels', () => {
  it.each([
    ['s3:GetObject', true],
    ['s3:GetObjectVersion', true],
    ['s3:ListBucket', true],
    ['s3:GetBucketPolicy', false],
    ['dynamodb:Query', true],
    ['dynamodb:DescribeTable', false],
    ['lambda:InvokeFunction', true],
    ['lambda:GetFunction', false],
    ['kms:Decrypt', false],
    ['secretsmanager:GetSecretValue', false],
    ['sns:Publish', true],
    ['sqs:SendMessage', true],
    ['sqs:CreateQueue', false],
  ])('%s is data-plane: %s', (action, expected) => {
    expect(isDataPlaneAction(action)).toBe(expected);
  });

  it.each([
    [0, 'low'],
    [0.0999, 'low'],
    [0.1, 'medium'],
    [0.2999, 'medium'],
    [0.3, 'high'],
    [0.5999, 'high'],
    [0.6, 'critical'],
    [1, 'critical'],
  ])('%d is %s', (probability, level) => {
    expect(riskLevelOf(probability)).toBe(level);
  });
});
