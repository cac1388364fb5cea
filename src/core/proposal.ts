/**
 * The Proposal: the one JSON document every front door emits (DESIGN.md). Keys documented by the seed CLI
 * stay stable: `jq '.proposal.rationale'`, `.diff`, `.proposal.riskSignal`, `.proposal.remediationNotes`.
 */
import type { RecordRejection } from './cloudtrail/record.js';
import type { PolicyDocument } from './policy/document.js';
import type { ProposalReasoning } from './reasoning/types.js';
import type { DeniedAttempt, Evidence, UnmappedCall } from './usage/evidence.js';

export const PROPOSAL_SCHEMA_VERSION = '1.0';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export interface RiskFactor {
  /** Stable identifier, e.g. `SHORT_WINDOW`, `DATA_EVENTS_NOT_LOGGED`. */
  code: string;
  /** Contribution to the probability of break, before combination. */
  weight: number;
  /** Plain words for the rationale. */
  detail: string;
}

export interface RiskSignal {
  probabilityOfBreak: number;
  level: RiskLevel;
  factors: RiskFactor[];
}

export type GuardrailCode =
  | 'WILDCARD_ACTION'
  | 'WILDCARD_RESOURCE'
  | 'BLOCKED_ACTION'
  | 'DISALLOWED_SERVICE'
  | 'MISSING_CONDITION'
  | 'POLICY_TOO_LARGE';

export interface GuardrailViolation {
  code: GuardrailCode;
  message: string;
  /** JSON path into the proposed policy, e.g. `$.Statement[2].Action[0]`. */
  path: string;
}

export interface ScoreFinding {
  /** e.g. `IAM.1`, `IAM.21`, `RESOURCE_WILDCARD`, `NO_CONDITIONS`. */
  code: string;
  penalty: number;
  detail: string;
}

export interface SecurityScore {
  score: number;
  grade: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
  findings: ScoreFinding[];
}

export interface PolicyDiff {
  addedActions: string[];
  removedActions: string[];
  keptActions: string[];
  /** e.g. "-1,412 actions, +3 actions". */
  changeSummary: string;
  reductionPercent: number;
  /** Observed and allowed by nothing in the existing policy: granted elsewhere, or the file is not the whole story. */
  observedNotGranted: string[];
}

export interface ExistingPolicySummary {
  /** Where each document came from (file path, or IAM policy name). */
  sources: string[];
  /** The documents as read, normalized. */
  documents: PolicyDocument[];
  /** Number of concrete catalog actions the documents allow (capped by the permissions boundary, if any). */
  grantedActionCount: number;
  /** `file`: --existing-policy or the config's JSON policy file; `iam`: read from IAM. Absent in older Proposals. */
  origin?: 'file' | 'iam';
  /** Each policy the role has, as IAM names it; present when read from IAM. */
  policies?: ExistingPolicyRef[];
  /** The permissions boundary: not a grant, but it caps the identity policies' grant. */
  boundary?: { name: string; arn?: string; grantedActionCount: number };
  /** Which policy the repository's IaC controls, when known (the config's IaC location or --iac-dir). */
  iac?: { file: string; target?: string; policy?: string };
}

/** A policy of the role as IAM lists it. */
export interface ExistingPolicyRef {
  kind: 'inline' | 'managed' | 'boundary' | 'file';
  /** Inline policy name, managed policy ARN, or file path. */
  name: string;
  arn?: string;
  versionId?: string;
  /** True for the policy the repository's IaC defines (the one a patch rewrites). */
  controlledByIac?: boolean;
}

export interface Proposal {
  schemaVersion: string;
  generatedAt: string;
  role: { arn: string; accountId: string; name: string };
  window: { start: string; end: string; days: number };
  source: {
    kind: 'local' | 'lookup-events' | 's3' | 'athena';
    regions: string[];
    eventsRead: number;
    eventsForRole: number;
    /** Records read but outside the window; present when there were any. */
    eventsOutsideWindow?: number;
    recordsRejected: number;
    complete: boolean;
    gaps: string[];
    /** Each unreadable file or record, by file and index. */
    rejections: RecordRejection[];
    sawDataEvents: boolean;
    catalogVersion: string;
    /** AWS API requests the source made (lookup-events, s3, athena). */
    requests?: number;
    /** athena: bytes the query scanned and the approximate cost in USD at $5/TB. */
    bytesScanned?: number;
    costUsd?: number;
    /** Where the operation → action map came from beyond the built-in rules (`aws:network`, `aws:cache`, `directory`). */
    serviceReference?: string;
  };
  evidence: Record<string, Evidence>;
  unmapped: UnmappedCall[];
  deniedAttempts: DeniedAttempt[];
  noPermissionCalls: { eventSource: string; eventName: string; count: number }[];
  existingPolicy: ExistingPolicySummary | null;
  proposal: {
    proposedPolicy: PolicyDocument;
    rationale: string[];
    riskSignal: RiskSignal;
    guardrailViolations: GuardrailViolation[];
    remediationNotes: string[];
    securityScore: { before: SecurityScore | null; after: SecurityScore };
  };
  diff: PolicyDiff;
  reasoning: ProposalReasoning | null;
  patches: { terraform?: string; cloudformation?: string };
}
