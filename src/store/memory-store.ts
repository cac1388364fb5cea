/**
 * The in-memory store: for tests across the project and for one-off local runs. Same semantics as the file
 * and DynamoDB stores (one contract test suite runs against all three), nothing survives the process.
 */
import type { AcceptedAddition, AlphaStore, AnalysisKey, AuditEntry, StoredAnalysis } from './store.js';
import {
  acceptanceKey,
  analysisKeyString,
  assertStorableAnalysis,
  clone,
  DEFAULT_LOCK_WAIT_MS,
  lockTimeout,
  newerAnalysis,
  normalizeKey,
  normalizeRepo,
  pullKeyString,
  sortAcceptances,
  sortAudit,
} from './store-keys.js';

export interface MemoryStoreOptions {
  /** How long `withLock` waits for a busy lock before failing. Default 10 minutes. */
  lockWaitMs?: number;
}

export class MemoryStore implements AlphaStore {
  private readonly analysesById = new Map<string, StoredAnalysis>();
  private readonly idByKey = new Map<string, string>();
  private readonly deliveries = new Set<string>();
  // One promise chain per lock name: a waiter runs when the previous holder settles.
  private readonly lockTails = new Map<string, Promise<void>>();
  private readonly audit: { entry: AuditEntry; seq: string }[] = [];
  private readonly acceptances = new Map<string, Map<string, AcceptedAddition>>();
  private sequence = 0;
  private readonly lockWaitMs: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  }

  async putAnalysis(analysis: StoredAnalysis): Promise<void> {
    assertStorableAnalysis(analysis);
    const stored = clone({ ...analysis, key: normalizeKey(analysis.key) });
    this.analysesById.set(stored.id, stored);
    this.idByKey.set(analysisKeyString(stored.key), stored.id);
  }

  async getAnalysis(key: AnalysisKey): Promise<StoredAnalysis | null> {
    const wanted = analysisKeyString(key);
    const id = this.idByKey.get(wanted);
    const found = id === undefined ? null : await this.getAnalysisById(id);
    // The id may since have been stored again under another key.
    return found && analysisKeyString(found.key) === wanted ? found : null;
  }

  async getAnalysisById(id: string): Promise<StoredAnalysis | null> {
    const found = this.analysesById.get(id);
    return found ? clone(found) : null;
  }

  async latestAnalysis(repo: string, pullNumber: number): Promise<StoredAnalysis | null> {
    const pull = pullKeyString(repo, pullNumber);
    let latest: StoredAnalysis | null = null;
    for (const analysis of this.analysesById.values()) {
      if (pullKeyString(analysis.key.repo, analysis.key.pullNumber) !== pull) continue;
      latest = latest ? newerAnalysis(latest, analysis) : analysis;
    }
    return latest ? clone(latest) : null;
  }

  async claimDelivery(deliveryId: string): Promise<boolean> {
    if (this.deliveries.has(deliveryId)) return false;
    this.deliveries.add(deliveryId);
    return true;
  }

  /** `ttlMs` cannot apply here: a holder in this process cannot crash without taking the store with it. */
  async withLock<T>(name: string, _ttlMs: number, work: () => Promise<T>): Promise<T> {
    const previous = this.lockTails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.lockTails.set(name, tail);
    let timer: NodeJS.Timeout | undefined;
    let acquired = false;
    try {
      acquired = await Promise.race([
        previous.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.lockWaitMs))),
      ]);
      if (!acquired) throw lockTimeout(name, this.lockWaitMs);
      return await work();
    } finally {
      clearTimeout(timer);
      // A waiter that gave up must not let the next one in while the holder it waited for still runs.
      if (acquired) release();
      else void previous.then(release);
      void tail.then(() => {
        if (this.lockTails.get(name) === tail) this.lockTails.delete(name);
      });
    }
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.sequence += 1;
    this.audit.push({
      entry: clone({ ...entry, repo: normalizeRepo(entry.repo) }),
      seq: String(this.sequence).padStart(12, '0'),
    });
  }

  async listAudit(repo: string, pullNumber?: number): Promise<AuditEntry[]> {
    const wanted = normalizeRepo(repo);
    const matching = this.audit.filter(
      (a) => a.entry.repo === wanted && (pullNumber === undefined || a.entry.pullNumber === pullNumber),
    );
    return clone(sortAudit([...matching]));
  }

  async addAcceptance(addition: AcceptedAddition): Promise<void> {
    const pull = pullKeyString(addition.repo, addition.pullNumber);
    const forPull = this.acceptances.get(pull) ?? new Map<string, AcceptedAddition>();
    forPull.set(acceptanceKey(addition), clone({ ...addition, repo: normalizeRepo(addition.repo) }));
    this.acceptances.set(pull, forPull);
  }

  async listAcceptances(repo: string, pullNumber: number, roleArn?: string): Promise<AcceptedAddition[]> {
    const all = [...(this.acceptances.get(pullKeyString(repo, pullNumber))?.values() ?? [])];
    return clone(sortAcceptances(all.filter((a) => roleArn === undefined || a.roleArn === roleArn)));
  }

  async close(): Promise<void> {}
}
