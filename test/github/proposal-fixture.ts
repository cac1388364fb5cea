/** Proposals for renderer and adapter tests: one realistic default, overridable per case. */
import type { Proposal } from '../../src/core/proposal.js';
import type { Evidence } from '../../src/core/usage/evidence.js';

export function evidence(count: number, lastSeen = '2026-10-30T12:00:00Z', regions = ['eu-west-1']): Evidence {
  return {
    count,
    firstSeen: '2026-08-02T08:00:00Z',
    lastSeen,
    regions,
    resources: [],
    sampleEventId: '0f1e2d3c-0000-4000-8000-000000000001',
    origin: 'same-name',
    calls: [],
  };
}

export interface ProposalShape {
  name?: string;
  probability?: number;
  level?: Proposal['proposal']['riskSignal']['level'];
  kept?: string[];
  added?: string[];
  removed?: string[];
  violations?: Proposal['proposal']['guardrailViolations'];
  notes?: string[];
  existing?: boolean;
}

export function makeProposal(shape: ProposalShape = {}): Proposal {
  const name = shape.name ?? 'orders-api';
  const kept = shape.kept ?? ['dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject'];
  const added = shape.added ?? [];
  const removed = shape.removed ?? ['s3:DeleteBucket', 's3:PutBucketPolicy', 'sqs:DeleteQueue'];
  const existing = shape.existing ?? true;
  const granted = kept.length + removed.length;
  const ev: Record<string, Evidence> = {};
  [...kept, ...added].forEach((a, i) => (ev[a] = evidence(1000 - i * 7)));
  const arn = `arn:aws:iam::111122223333:role/${name}`;
  return {
    schemaVersion: '1.0',
    generatedAt: '2026-11-01T00:00:00.000Z',
    role: { arn, accountId: '111122223333', name },
    window: { start: '2026-08-02T00:00:00.000Z', end: '2026-10-31T00:00:00.000Z', days: 90 },
    source: {
      kind: 'local',
      regions: ['eu-west-1'],
      eventsRead: 5000,
      eventsForRole: 4200,
      recordsRejected: 0,
      complete: true,
      gaps: [],
      rejections: [],
      sawDataEvents: true,
      catalogVersion: 'test',
    },
    evidence: ev,
    unmapped: [],
    deniedAttempts: [],
    noPermissionCalls: [],
    existingPolicy: existing ? { sources: ['orders-api.json'], documents: [], grantedActionCount: granted } : null,
    proposal: {
      proposedPolicy: { Version: '2012-10-17', Statement: [] },
      rationale: ['observed for 90 days'],
      riskSignal: {
        probabilityOfBreak: shape.probability ?? 0.04,
        level: shape.level ?? 'low',
        factors: [{ code: 'SHORT_WINDOW', weight: 0.02, detail: 'the window is 90 days; quarterly jobs may not show' }],
      },
      guardrailViolations: shape.violations ?? [],
      remediationNotes: shape.notes ?? [],
      securityScore: {
        before: existing ? { score: 41, grade: 'E', findings: [] } : null,
        after: { score: 94, grade: 'A', findings: [] },
      },
    },
    diff: {
      addedActions: added,
      removedActions: removed,
      keptActions: kept,
      changeSummary: `-${removed.length} actions, +${added.length} actions`,
      reductionPercent: granted === 0 ? 0 : (removed.length / granted) * 100,
      observedNotGranted: [],
    },
    reasoning: null,
    patches: {},
  };
}

/** `n` distinct, sorted, real-looking action names. */
export function manyActions(n: number): string[] {
  const services = ['ec2', 'iam', 'lambda', 's3', 'sqs'];
  return Array.from(
    { length: n },
    (_, i) => `${services[i % services.length]}:Action${String(i).padStart(5, '0')}`,
  ).sort();
}
