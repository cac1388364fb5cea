/**
 * The App's durable state behind one small interface (DESIGN.md: every side effect behind an interface with a
 * real adapter). Two real adapters: a file store for a single Node process (the default, no server) and
 * DynamoDB for several instances or Lambda. Every method is safe under concurrent webhook handlers.
 */
import type { Proposal } from '../core/proposal.js';

/** What a reviewer saw: one analysis is identified by all four, never by "the latest" alone. */
export interface AnalysisKey {
  /** `owner/name`, lower-cased. */
  readonly repo: string;
  readonly pullNumber: number;
  readonly headSha: string;
  /** sha256 (hex) of the `.github/alpha.yml` text the analysis used ('' when there was none). */
  readonly configDigest: string;
}

/** A file change the analysis proposed: the full new content, and the blob it was computed from. */
export interface StoredPatch {
  readonly roleArn: string;
  readonly kind: 'terraform' | 'cloudformation';
  readonly path: string;
  /** Git blob sha of the file at `headSha` the patch was computed against. */
  readonly baseBlobSha: string;
  readonly content: string;
  /** The unified diff shown to the reviewer. */
  readonly diff: string;
}

export interface StoredAnalysis {
  /** Short stable id (hex), named in the check run and in the commit trailer `ALPHA-Analysis: <id>`. */
  readonly id: string;
  readonly key: AnalysisKey;
  /** Base branch sha when the analysis ran: a moved base also invalidates it. */
  readonly baseSha: string;
  readonly createdAt: string;
  readonly requestedBy: string;
  readonly checkRunId?: number;
  readonly proposals: readonly Proposal[];
  readonly patches: readonly StoredPatch[];
}

/** A permission a person accepted (issue 7): never added by a model on its own. */
export interface AcceptedAddition {
  readonly repo: string;
  readonly pullNumber: number;
  readonly roleArn: string;
  readonly action: string;
  /** Resource ARN pattern; '*' only when the action supports no resource type. */
  readonly resource: string;
  readonly origin: 'suggestion' | 'fix' | 'manual';
  readonly acceptedBy: string;
  readonly acceptedAt: string;
}

/** The approval trail: who ran what, when, with which result. Append-only. */
export interface AuditEntry {
  readonly at: string;
  readonly repo: string;
  readonly pullNumber?: number;
  readonly actor: string;
  /** e.g. `analyze`, `commit`, `explain`, `accept`, `check_run.requested_action`. */
  readonly command: string;
  readonly deliveryId?: string;
  /** e.g. `committed abc123`, `refused: head moved`, `denied: read permission`. */
  readonly result: string;
  readonly analysisId?: string;
}

export interface AlphaStore {
  putAnalysis(analysis: StoredAnalysis): Promise<void>;
  getAnalysis(key: AnalysisKey): Promise<StoredAnalysis | null>;
  getAnalysisById(id: string): Promise<StoredAnalysis | null>;
  /** The newest analysis stored for a pull request (by `createdAt`), whatever its head. */
  latestAnalysis(repo: string, pullNumber: number): Promise<StoredAnalysis | null>;
  /**
   * Records a webhook delivery id; true the first time, false for a redelivery. Atomic: of N concurrent calls
   * with one id exactly one gets true.
   */
  claimDelivery(deliveryId: string): Promise<boolean>;
  /**
   * Runs `work` holding the named lock (e.g. `owner/name#12`); concurrent holders of the same name run one at a
   * time. A crashed holder's lock expires after `ttlMs`.
   */
  withLock<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<T>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(repo: string, pullNumber?: number): Promise<AuditEntry[]>;
  addAcceptance(addition: AcceptedAddition): Promise<void>;
  listAcceptances(repo: string, pullNumber: number, roleArn?: string): Promise<AcceptedAddition[]>;
  close(): Promise<void>;
}
