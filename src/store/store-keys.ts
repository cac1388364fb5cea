/**
 * What every adapter agrees on: how keys are normalized, how entries sort, and what a lock wait may cost. Kept
 * here so the memory, file and DynamoDB stores answer the same question with the same answer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AlphaError } from '../core/errors.js';
import type { AcceptedAddition, AnalysisKey, AuditEntry, StoredAnalysis } from './store.js';

/** A lock waiter gives up after this long by default; a live holder keeps its lock alive meanwhile. */
export const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;

/** `Owner/Name` and `owner/name` are the same repository on GitHub. */
export function normalizeRepo(repo: string): string {
  return repo.trim().toLowerCase();
}

export function normalizeKey(key: AnalysisKey): AnalysisKey {
  return { ...key, repo: normalizeRepo(key.repo) };
}

/** One string for the four parts; `\n` cannot occur in any of them, so distinct keys never collide. */
export function analysisKeyString(key: AnalysisKey): string {
  const k = normalizeKey(key);
  return [k.repo, String(k.pullNumber), k.headSha, k.configDigest].join('\n');
}

export function pullKeyString(repo: string, pullNumber: number): string {
  return `${normalizeRepo(repo)}#${pullNumber}`;
}

/** File names and partition keys from untrusted text: a hash is always safe and fixed-length. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Newest: `createdAt`, then id, so two analyses stamped in the same millisecond still order stably. */
export function newerAnalysis<T extends { createdAt: string; id: string }>(a: T, b: T): T {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt ? a : b;
  return a.id >= b.id ? a : b;
}

/** An accepted addition is one fact: accepting the same action on the same resource twice keeps the last. */
export function acceptanceKey(a: AcceptedAddition): string {
  return [a.roleArn, a.action, a.resource].join('\n');
}

export function sortAcceptances(list: AcceptedAddition[]): AcceptedAddition[] {
  return list.sort(
    (x, y) =>
      x.roleArn.localeCompare(y.roleArn) || x.action.localeCompare(y.action) || x.resource.localeCompare(y.resource),
  );
}

/** Audit order is `at`, then the order entries were appended in (`seq`). */
export function sortAudit<T extends { entry: AuditEntry; seq: string }>(list: T[]): AuditEntry[] {
  return list
    .sort((x, y) => (x.entry.at < y.entry.at ? -1 : x.entry.at > y.entry.at ? 1 : x.seq < y.seq ? -1 : 1))
    .map((x) => x.entry);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom = 0n;

/**
 * A ULID (48-bit milliseconds + 80 random bits, Crockford base32): lexicographic order is creation order, and
 * within one millisecond of one process the random part increments, so appends keep their order.
 */
export function ulid(now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom += 1n;
  } else {
    lastTime = now;
    lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n;
  }
  let time = '';
  let t = lastTime;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let random = '';
  let r = lastRandom;
  for (let i = 0; i < 16; i++) {
    random = CROCKFORD[Number(r % 32n)] + random;
    r /= 32n;
  }
  return time + random;
}

export function lockTimeout(name: string, waitedMs: number): AlphaError {
  return new AlphaError(
    `timed out after ${Math.round(waitedMs / 1000)} s waiting for the lock "${name}"`,
    'another handler is still working on this pull request; try the command again in a minute',
  );
}

/** Full-jitter backoff between lock attempts (the AWS pattern): 5 ms doubling up to 250 ms. */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(250, 5 * 2 ** attempt);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks the few invariants every adapter relies on, so a bad record fails at `put` and not at a later `get`. */
export function assertStorableAnalysis(analysis: StoredAnalysis): void {
  const problems: string[] = [];
  if (!/^[0-9a-f]{6,64}$/i.test(analysis.id)) problems.push(`id "${analysis.id}" is not 6-64 hex digits`);
  if (!Number.isInteger(analysis.key.pullNumber) || analysis.key.pullNumber <= 0)
    problems.push('key.pullNumber must be a positive integer');
  if (!analysis.key.repo.includes('/')) problems.push(`key.repo "${analysis.key.repo}" is not owner/name`);
  if (!analysis.key.headSha) problems.push('key.headSha is empty');
  if (Number.isNaN(Date.parse(analysis.createdAt))) problems.push(`createdAt "${analysis.createdAt}" is not a date`);
  if (problems.length > 0) {
    throw new AlphaError(`cannot store analysis: ${problems.join('; ')}`, 'fix the analysis record before storing it');
  }
}

/** Copies in and out, so no caller can change what another caller reads. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
