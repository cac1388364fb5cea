/**
 * The embedded default store: plain files in one directory, no server, no native module (Node 20 has no
 * `node:sqlite`, and a SQLite binding would need a native build on every install). Correct under concurrent
 * handlers in one process and across processes on one machine, because every decision is made by one atomic
 * filesystem operation:
 *
 * - records are written to a temporary file and renamed into place (readers see the old or the new, never half);
 * - a delivery is claimed by creating its marker with `open(path, 'wx')` (O_EXCL: exactly one creator wins);
 * - a lock is a file created with 'wx'; its holder refreshes the file's mtime through its own handle while it
 *   works, so expiry = mtime + ttl. A lock past its expiry belonged to a crashed holder and is broken by renaming
 *   it away (only one breaker's rename succeeds) and checking that what was taken really was stale;
 * - the audit trail and acceptances are JSON lines, one `appendFile` (O_APPEND) per entry.
 *
 * Layout under `dir` (names of untrusted keys are sha256 hashes):
 *   analyses/<sha256(id)>.json             the analysis
 *   analysis-keys/<sha256(key)>.json       { id } for the (repo, PR, head, config digest) key
 *   pulls/<sha256(repo#pr)>/<sha256(id)>.json  { id, createdAt }, for latestAnalysis
 *   deliveries/<sha256(deliveryId)>        created once
 *   locks/<sha256(name)>.lock              { name, owner, pid, host, ttlMs, acquiredAt }
 *   audit/<sha256(repo)>.jsonl             one AuditEntry per line
 *   acceptances/<sha256(repo#pr)>.jsonl    one AcceptedAddition per line (the last one per role/action/resource wins)
 *
 * Not for network filesystems: O_EXCL and rename atomicity are only promised locally.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AlphaError, withContext } from '../core/errors.js';
import type { AcceptedAddition, AlphaStore, AnalysisKey, AuditEntry, StoredAnalysis } from './store.js';
import {
  acceptanceKey,
  analysisKeyString,
  assertStorableAnalysis,
  backoffMs,
  DEFAULT_LOCK_WAIT_MS,
  lockTimeout,
  newerAnalysis,
  normalizeKey,
  normalizeRepo,
  pullKeyString,
  sha256Hex,
  sleep,
  sortAcceptances,
  sortAudit,
  ulid,
} from './store-keys.js';

export interface FileStoreOptions {
  /** How long `withLock` waits for a busy lock before failing. Default 10 minutes. */
  lockWaitMs?: number;
}

interface PullIndexEntry {
  id: string;
  createdAt: string;
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

async function readJson<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT') return null;
    throw withContext(`could not read the store file ${path}`, error);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new AlphaError(
      `the store file ${path} is not valid JSON (${(error as Error).message})`,
      'restore it from a backup or delete it; ALPHA writes store files atomically, so something else changed it',
    );
  }
}

/** JSON lines; a last line without its newline is an append cut short by a crash and is not an entry yet. */
async function readJsonLines<T>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT') return [];
    throw withContext(`could not read the store file ${path}`, error);
  }
  const lines = text.split('\n');
  lines.pop();
  return lines
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new AlphaError(
          `line ${index + 1} of the store file ${path} is not valid JSON`,
          'repair or remove that line',
        );
      }
    });
}

export class FileStore implements AlphaStore {
  private readonly lockWaitMs: number;
  private readonly ready: Promise<void>;
  private closed = false;

  constructor(
    readonly dir: string,
    options: FileStoreOptions = {},
  ) {
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.ready = Promise.all(
      ['analyses', 'analysis-keys', 'pulls', 'deliveries', 'locks', 'audit', 'acceptances', 'tmp'].map((sub) =>
        mkdir(join(dir, sub), { recursive: true }),
      ),
    ).then(
      () => undefined,
      (error: unknown) => {
        throw withContext(`could not create the store directory ${dir}`, error);
      },
    );
    // Constructing must not crash the process with an unhandled rejection; the first call reports it.
    this.ready.catch(() => undefined);
  }

  private async path(...parts: string[]): Promise<string> {
    if (this.closed) throw new AlphaError('the file store is closed', 'open a new store');
    await this.ready;
    return join(this.dir, ...parts);
  }

  /** Write to a temporary file in the same filesystem, flush, rename over: all or nothing. */
  private async writeAtomic(path: string, text: string): Promise<void> {
    const temporary = join(this.dir, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw withContext(`could not write the store file ${path}`, error);
    }
  }

  async putAnalysis(analysis: StoredAnalysis): Promise<void> {
    assertStorableAnalysis(analysis);
    const stored: StoredAnalysis = { ...analysis, key: normalizeKey(analysis.key) };
    const idHash = sha256Hex(stored.id);
    const pullDir = await this.path('pulls', sha256Hex(pullKeyString(stored.key.repo, stored.key.pullNumber)));
    await mkdir(pullDir, { recursive: true });
    // The body first: an index entry must never point at nothing.
    await this.writeAtomic(await this.path('analyses', `${idHash}.json`), JSON.stringify(stored));
    await this.writeAtomic(
      await this.path('analysis-keys', `${sha256Hex(analysisKeyString(stored.key))}.json`),
      JSON.stringify({ id: stored.id }),
    );
    const entry: PullIndexEntry = { id: stored.id, createdAt: stored.createdAt };
    await this.writeAtomic(join(pullDir, `${idHash}.json`), JSON.stringify(entry));
  }

  async getAnalysis(key: AnalysisKey): Promise<StoredAnalysis | null> {
    const wanted = analysisKeyString(key);
    const pointer = await readJson<{ id: string }>(await this.path('analysis-keys', `${sha256Hex(wanted)}.json`));
    const found = pointer ? await this.getAnalysisById(pointer.id) : null;
    // The id may since have been stored again under another key.
    return found && analysisKeyString(found.key) === wanted ? found : null;
  }

  async getAnalysisById(id: string): Promise<StoredAnalysis | null> {
    return readJson<StoredAnalysis>(await this.path('analyses', `${sha256Hex(id)}.json`));
  }

  async latestAnalysis(repo: string, pullNumber: number): Promise<StoredAnalysis | null> {
    const pullDir = await this.path('pulls', sha256Hex(pullKeyString(repo, pullNumber)));
    let names: string[];
    try {
      names = await readdir(pullDir);
    } catch (error) {
      if (errno(error) === 'ENOENT') return null;
      throw withContext(`could not list analyses in ${pullDir}`, error);
    }
    let latest: PullIndexEntry | null = null;
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const entry = await readJson<PullIndexEntry>(join(pullDir, name));
      if (!entry) continue;
      latest = latest ? newerAnalysis(latest, entry) : entry;
    }
    return latest ? this.getAnalysisById(latest.id) : null;
  }

  async claimDelivery(deliveryId: string): Promise<boolean> {
    const path = await this.path('deliveries', sha256Hex(deliveryId));
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${new Date().toISOString()}\n`, 'utf8');
      await handle.close();
      return true;
    } catch (error) {
      if (errno(error) === 'EEXIST') return false;
      throw withContext(`could not record webhook delivery ${deliveryId}`, error);
    }
  }

  async withLock<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<T> {
    const path = await this.path('locks', `${sha256Hex(name)}.lock`);
    const handle = await this.acquire(path, name, ttlMs);
    // Refresh the mtime through our own handle: it can only ever touch the file we created.
    const heartbeat = setInterval(
      () => {
        const now = new Date();
        handle.utimes(now, now).catch(() => undefined);
      },
      Math.max(10, Math.floor(ttlMs / 3)),
    );
    heartbeat.unref();
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
      await this.release(path, handle);
    }
  }

  private async acquire(path: string, name: string, ttlMs: number): Promise<FileHandle> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(
          JSON.stringify({
            name,
            owner: randomBytes(8).toString('hex'),
            pid: process.pid,
            host: hostname(),
            ttlMs,
            acquiredAt: new Date().toISOString(),
          }),
          'utf8',
        );
        return handle;
      } catch (error) {
        if (errno(error) !== 'EEXIST') throw withContext(`could not create the lock file for "${name}"`, error);
      }
      if (await this.breakIfStale(path, ttlMs)) continue;
      const waited = Date.now() - started;
      if (waited >= this.lockWaitMs) throw lockTimeout(name, waited);
      await sleep(backoffMs(Math.min(attempt, 6)));
    }
  }

  /**
   * Expiry is the holder's last heartbeat plus the ttl the holder wrote. A holder that crashed between creating
   * the file and writing it left no ttl: the waiter's own ttl stands in.
   */
  private async isStale(path: string, fallbackTtlMs: number): Promise<boolean | null> {
    try {
      const [info, record] = await Promise.all([stat(path), readJson<{ ttlMs?: number }>(path).catch(() => null)]);
      const ttl = typeof record?.ttlMs === 'number' ? record.ttlMs : fallbackTtlMs;
      return Date.now() > info.mtimeMs + ttl;
    } catch (error) {
      if (errno(error) === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Takes a stale lock away by renaming it (one breaker wins the rename), then re-checks what it took: a holder
   * that refreshed it in between is alive, so the file is linked back (link fails rather than overwrite a newer
   * lock).
   */
  private async breakIfStale(path: string, fallbackTtlMs: number): Promise<boolean> {
    if ((await this.isStale(path, fallbackTtlMs)) !== true) return false;
    const taken = `${path}.${randomBytes(6).toString('hex')}.broken`;
    try {
      await rename(path, taken);
    } catch (error) {
      if (errno(error) === 'ENOENT') return true;
      throw error;
    }
    if ((await this.isStale(taken, fallbackTtlMs)) === false) {
      await link(taken, path).catch(() => undefined);
    }
    await unlink(taken).catch(() => undefined);
    return true;
  }

  /** Removes the lock only if the file at `path` is still the one we created (same inode). */
  private async release(path: string, handle: FileHandle): Promise<void> {
    try {
      const [mine, current] = await Promise.all([handle.stat(), stat(path).catch(() => null)]);
      if (current && current.ino === mine.ino && current.dev === mine.dev) await unlink(path);
    } finally {
      await handle.close();
    }
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    const stored = { ...entry, repo: normalizeRepo(entry.repo), seq: ulid() };
    // One write with O_APPEND: concurrent appenders never interleave inside a line.
    await appendFile(await this.path('audit', `${sha256Hex(stored.repo)}.jsonl`), `${JSON.stringify(stored)}\n`, {
      encoding: 'utf8',
      flag: 'a',
    });
  }

  async listAudit(repo: string, pullNumber?: number): Promise<AuditEntry[]> {
    const wanted = normalizeRepo(repo);
    const lines = await readJsonLines<AuditEntry & { seq: string }>(
      await this.path('audit', `${sha256Hex(wanted)}.jsonl`),
    );
    return sortAudit(
      lines
        .filter((l) => l.repo === wanted && (pullNumber === undefined || l.pullNumber === pullNumber))
        .map(({ seq, ...entry }) => ({ entry, seq })),
    );
  }

  async addAcceptance(addition: AcceptedAddition): Promise<void> {
    const stored = { ...addition, repo: normalizeRepo(addition.repo) };
    const file = await this.path('acceptances', `${sha256Hex(pullKeyString(stored.repo, stored.pullNumber))}.jsonl`);
    await appendFile(file, `${JSON.stringify(stored)}\n`, { encoding: 'utf8', flag: 'a' });
  }

  async listAcceptances(repo: string, pullNumber: number, roleArn?: string): Promise<AcceptedAddition[]> {
    const file = await this.path('acceptances', `${sha256Hex(pullKeyString(repo, pullNumber))}.jsonl`);
    const latest = new Map<string, AcceptedAddition>();
    for (const addition of await readJsonLines<AcceptedAddition>(file)) latest.set(acceptanceKey(addition), addition);
    return sortAcceptances([...latest.values()].filter((a) => roleArn === undefined || a.roleArn === roleArn));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
