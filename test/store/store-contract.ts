/**
 * One contract, every adapter: `describeStoreContract(name, factory)` runs the same cases against the memory,
 * file and DynamoDB stores, so an App handler can trust any of them the same way.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { AcceptedAddition, AlphaStore, AuditEntry, StoredAnalysis } from '../../src/store/store.js';
import { makeProposal, manyActions } from '../github/proposal-fixture.js';

export interface StoreHarness {
  store: AlphaStore;
  /** A second instance over the same data (a restarted process, another Lambda); absent for memory. */
  reopen?: () => Promise<AlphaStore>;
  /** Leaves a lock as a crashed holder would: taken, never released, lease already past. */
  plantStaleLock?: (name: string) => Promise<void>;
  cleanup: () => Promise<void>;
}

export type StoreFactory = (options: { lockWaitMs?: number }) => Promise<StoreHarness>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function analysis(overrides: Partial<StoredAnalysis> & { head?: string; pr?: number } = {}): StoredAnalysis {
  const { head, pr, ...rest } = overrides;
  return {
    id: randomBytes(6).toString('hex'),
    key: { repo: 'acme/infra', pullNumber: pr ?? 7, headSha: head ?? 'a'.repeat(40), configDigest: 'c'.repeat(64) },
    baseSha: 'b'.repeat(40),
    createdAt: '2026-11-23T10:00:00.000Z',
    requestedBy: 'octocat',
    proposals: [makeProposal()],
    patches: [
      {
        roleArn: 'arn:aws:iam::111122223333:role/orders-api',
        kind: 'terraform',
        path: 'iam/orders.tf',
        baseBlobSha: 'd'.repeat(40),
        content: 'resource "aws_iam_role_policy" "orders" {}\n',
        diff: '--- a/iam/orders.tf\n+++ b/iam/orders.tf\n',
      },
    ],
    ...rest,
  };
}

function audit(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: '2026-11-23T10:00:00.000Z',
    repo: 'acme/infra',
    pullNumber: 7,
    actor: 'octocat',
    command: 'analyze',
    result: 'ok',
    ...overrides,
  };
}

function acceptance(overrides: Partial<AcceptedAddition> = {}): AcceptedAddition {
  return {
    repo: 'acme/infra',
    pullNumber: 7,
    roleArn: 'arn:aws:iam::111122223333:role/orders-api',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::orders/*',
    origin: 'suggestion',
    acceptedBy: 'octocat',
    acceptedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract`, () => {
    const open: StoreHarness[] = [];
    const harness = async (options: { lockWaitMs?: number } = {}): Promise<StoreHarness> => {
      const h = await factory(options);
      open.push(h);
      return h;
    };
    afterEach(async () => {
      for (const h of open.splice(0)) {
        await h.store.close();
        await h.cleanup();
      }
    });

    describe('analyses', () => {
      it('finds an analysis by its full key (repo case-insensitive) and by id, and nothing for another key', async () => {
        const { store } = await harness();
        const stored = analysis({
          key: { repo: 'Acme/Infra', pullNumber: 7, headSha: 'a'.repeat(40), configDigest: '' },
        });
        await store.putAnalysis(stored);
        const expected = { ...stored, key: { ...stored.key, repo: 'acme/infra' } };
        expect(await store.getAnalysis({ ...stored.key, repo: 'ACME/infra' })).toEqual(expected);
        expect(await store.getAnalysisById(stored.id)).toEqual(expected);
        for (const other of [
          { ...stored.key, headSha: 'e'.repeat(40) },
          { ...stored.key, configDigest: 'f'.repeat(64) },
          { ...stored.key, pullNumber: 8 },
          { ...stored.key, repo: 'acme/other' },
        ]) {
          expect(await store.getAnalysis(other)).toBeNull();
        }
        expect(await store.getAnalysisById('0123456789ab')).toBeNull();
      });

      it('latestAnalysis is the newest by createdAt (then id), whatever the head and the order of writes', async () => {
        const { store } = await harness();
        const middle = analysis({ createdAt: '2026-11-23T10:05:00.000Z', head: '1'.repeat(40) });
        const newest = analysis({ createdAt: '2026-11-23T10:09:00.000Z', head: '2'.repeat(40) });
        const oldest = analysis({ createdAt: '2026-11-23T10:01:00.000Z', head: '3'.repeat(40) });
        const otherPull = analysis({ createdAt: '2026-11-23T11:00:00.000Z', pr: 8 });
        for (const a of [middle, newest, oldest, otherPull]) await store.putAnalysis(a);
        expect((await store.latestAnalysis('acme/infra', 7))?.id).toBe(newest.id);
        expect((await store.latestAnalysis('ACME/INFRA', 8))?.id).toBe(otherPull.id);
        expect(await store.latestAnalysis('acme/infra', 9)).toBeNull();

        const tieLow = analysis({ id: '00000000aaaa', createdAt: '2026-11-23T12:00:00.000Z', pr: 20 });
        const tieHigh = analysis({ id: 'ffffffffaaaa', createdAt: '2026-11-23T12:00:00.000Z', pr: 20 });
        await store.putAnalysis(tieHigh);
        await store.putAnalysis(tieLow);
        expect((await store.latestAnalysis('acme/infra', 20))?.id).toBe('ffffffffaaaa');
      });

      it('storing the same key again replaces what the key finds; the older id stays readable', async () => {
        const { store } = await harness();
        const first = analysis({ createdAt: '2026-11-23T10:00:00.000Z' });
        const second = analysis({ createdAt: '2026-11-23T10:30:00.000Z', requestedBy: 'hubot' });
        await store.putAnalysis(first);
        await store.putAnalysis(second);
        expect((await store.getAnalysis(first.key))?.id).toBe(second.id);
        expect((await store.getAnalysisById(first.id))?.requestedBy).toBe('octocat');
        // Updating one analysis in place (e.g. adding its check run id).
        await store.putAnalysis({ ...second, checkRunId: 42 });
        expect((await store.getAnalysisById(second.id))?.checkRunId).toBe(42);
        expect((await store.getAnalysis(second.key))?.checkRunId).toBe(42);
      });

      it('round-trips a big analysis (≈300 KB of proposals) exactly', async () => {
        const { store } = await harness();
        const proposals = Array.from({ length: 4 }, (_, i) =>
          makeProposal({ name: `role-${i}`, kept: manyActions(400), removed: manyActions(600) }),
        );
        const big = analysis({
          proposals,
          // Incompressible content too: compression alone must not be what keeps it under an item limit.
          patches: [{ ...analysis().patches[0]!, content: randomBytes(60_000).toString('base64') }],
        });
        expect(JSON.stringify(big).length).toBeGreaterThan(300_000);
        await store.putAnalysis(big);
        expect(await store.getAnalysisById(big.id)).toEqual(big);
      });

      it('hands out copies: changing what was read or written changes nothing stored', async () => {
        const { store } = await harness();
        const stored = analysis();
        const writable = structuredClone(stored) as { requestedBy: string };
        await store.putAnalysis(writable as unknown as StoredAnalysis);
        writable.requestedBy = 'mallory';
        const read = (await store.getAnalysisById(stored.id)) as unknown as { requestedBy: string };
        read.requestedBy = 'mallory';
        expect((await store.getAnalysisById(stored.id))?.requestedBy).toBe('octocat');
      });

      it('refuses a record that could not be found again', async () => {
        const { store } = await harness();
        await expect(store.putAnalysis(analysis({ id: 'not hex!' }))).rejects.toThrow(/id "not hex!" is not/);
        await expect(store.putAnalysis(analysis({ pr: 0 }))).rejects.toThrow(/pullNumber/);
        await expect(store.putAnalysis(analysis({ createdAt: 'yesterday' }))).rejects.toThrow(/createdAt/);
      });
    });

    describe('deliveries', () => {
      it('of 20 concurrent claims of one delivery exactly one wins; later claims lose; other ids win', async () => {
        const { store } = await harness();
        const results = await Promise.all(Array.from({ length: 20 }, () => store.claimDelivery('delivery-1')));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.claimDelivery('delivery-1')).toBe(false);
        expect(await store.claimDelivery('delivery-2')).toBe(true);
        expect(await store.claimDelivery('../../etc/passwd')).toBe(true);
      });
    });

    describe('locks', () => {
      it('runs holders of one lock one at a time: 10 read-sleep-write increments never interleave', async () => {
        const { store } = await harness();
        let counter = 0;
        let inside = 0;
        let maxInside = 0;
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.withLock('acme/infra#7', 5_000, async () => {
              inside += 1;
              maxInside = Math.max(maxInside, inside);
              const read = counter;
              await sleep(3);
              counter = read + 1;
              inside -= 1;
              return i;
            }),
          ),
        );
        expect(counter).toBe(10);
        expect(maxInside).toBe(1);
        expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });

      it('different lock names do not wait for each other', async () => {
        const { store } = await harness();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const first = store.withLock('acme/infra#1', 5_000, () => gate);
        const second = await store.withLock('acme/infra#2', 5_000, async () => 'ran while #1 was held');
        expect(second).toBe('ran while #1 was held');
        release();
        await first;
      });

      it('a failing holder releases the lock and its error reaches the caller', async () => {
        const { store } = await harness();
        await expect(
          store.withLock('acme/infra#7', 5_000, async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.withLock('acme/infra#7', 5_000, async () => 'next')).toBe('next');
      });

      it('a waiter gives up with a clear error after lockWaitMs while a live holder keeps the lock', async () => {
        const { store } = await harness({ lockWaitMs: 300 });
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        // The holder's ttl is shorter than the wait: only its heartbeat keeps the lock.
        const holder = store.withLock('acme/infra#7', 150, () => gate);
        await sleep(20);
        await expect(store.withLock('acme/infra#7', 150, async () => 'should not run')).rejects.toThrow(
          /timed out after \d+ s waiting for the lock "acme\/infra#7"/,
        );
        release();
        await holder;
        expect(await store.withLock('acme/infra#7', 150, async () => 'after')).toBe('after');
      });

      it('a crashed holder’s lock expires after its ttl', async () => {
        const h = await harness({ lockWaitMs: 5_000 });
        if (!h.plantStaleLock) {
          // Memory: a holder cannot crash without the store; nothing to expire.
          expect(name).toBe('memory');
          return;
        }
        await h.plantStaleLock('acme/infra#7');
        const started = Date.now();
        expect(await h.store.withLock('acme/infra#7', 1_000, async () => 'taken over')).toBe('taken over');
        expect(Date.now() - started).toBeLessThan(2_000);
      });
    });

    describe('audit', () => {
      it('lists a repository’s entries by time (then append order), optionally for one pull request', async () => {
        const { store } = await harness();
        await store.appendAudit(audit({ at: '2026-11-23T10:02:00.000Z', command: 'commit', result: 'committed abc' }));
        await store.appendAudit(audit({ at: '2026-11-23T10:00:00.000Z', deliveryId: 'd-1', analysisId: 'abc123' }));
        await store.appendAudit(audit({ at: '2026-11-23T10:02:00.000Z', command: 'explain', result: 'second' }));
        await store.appendAudit(audit({ pullNumber: 8, command: 'help' }));
        const { pullNumber: _omit, ...noPull } = audit({ command: 'install' });
        await store.appendAudit({ ...noPull, repo: 'ACME/Infra' });
        await store.appendAudit(audit({ repo: 'acme/other', command: 'analyze' }));

        const pr7 = await store.listAudit('acme/infra', 7);
        expect(pr7.map((e) => e.command)).toEqual(['analyze', 'commit', 'explain']);
        expect(pr7[0]).toEqual(audit({ deliveryId: 'd-1', analysisId: 'abc123' }));
        const all = await store.listAudit('Acme/Infra');
        expect(all.map((e) => e.command).sort()).toEqual(['analyze', 'commit', 'explain', 'help', 'install']);
        expect(all.find((e) => e.command === 'install')).not.toHaveProperty('pullNumber');
        expect(await store.listAudit('acme/nothing')).toEqual([]);
      });

      it('keeps every one of 20 concurrent appends', async () => {
        const { store } = await harness();
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.appendAudit(audit({ result: `r${String(i).padStart(2, '0')}` }))),
        );
        const results = (await store.listAudit('acme/infra', 7)).map((e) => e.result).sort();
        expect(results).toEqual(Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(2, '0')}`));
      });
    });

    describe('acceptances', () => {
      it('lists a pull request’s acceptances sorted, filtered by role; accepting the same thing twice keeps the last', async () => {
        const { store } = await harness();
        const other = 'arn:aws:iam::111122223333:role/orders-api-2';
        await store.addAcceptance(acceptance({ action: 's3:PutObject' }));
        await store.addAcceptance(acceptance());
        await store.addAcceptance(acceptance({ roleArn: other, action: 'sqs:SendMessage', resource: '*' }));
        await store.addAcceptance(acceptance({ acceptedBy: 'hubot', origin: 'manual' }));
        await store.addAcceptance(acceptance({ pullNumber: 8 }));

        const orders = await store.listAcceptances('acme/infra', 7, 'arn:aws:iam::111122223333:role/orders-api');
        expect(orders.map((a) => `${a.action} ${a.acceptedBy}`)).toEqual([
          's3:GetObject hubot',
          's3:PutObject octocat',
        ]);
        const all = await store.listAcceptances('ACME/infra', 7);
        expect(all.map((a) => a.roleArn)).toEqual([
          'arn:aws:iam::111122223333:role/orders-api',
          'arn:aws:iam::111122223333:role/orders-api',
          other,
        ]);
        expect(await store.listAcceptances('acme/infra', 7, 'arn:aws:iam::111122223333:role/none')).toEqual([]);
        expect(await store.listAcceptances('acme/infra', 8)).toHaveLength(1);
      });
    });

    describe('durability', () => {
      it('a new instance over the same data sees everything (a restart)', async () => {
        const h = await harness();
        if (!h.reopen) {
          expect(name).toBe('memory');
          return;
        }
        const stored = analysis();
        await h.store.putAnalysis(stored);
        await h.store.claimDelivery('seen-before-restart');
        await h.store.appendAudit(audit());
        await h.store.addAcceptance(acceptance());
        await h.store.close();
        const again = await h.reopen();
        try {
          expect((await again.getAnalysis(stored.key))?.id).toBe(stored.id);
          expect((await again.latestAnalysis('acme/infra', 7))?.id).toBe(stored.id);
          expect(await again.claimDelivery('seen-before-restart')).toBe(false);
          expect(await again.listAudit('acme/infra', 7)).toHaveLength(1);
          expect(await again.listAcceptances('acme/infra', 7)).toHaveLength(1);
        } finally {
          await again.close();
        }
      });
    });
  });
}
