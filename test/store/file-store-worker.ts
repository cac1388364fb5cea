/**
 * A separate process for the cross-process file store test: claims one delivery, then increments a shared
 * counter file under the lock `rounds` times (read, pause, write: interleaving would lose increments).
 * Usage: node --import tsx test/store/file-store-worker.ts DIR ROUNDS
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file-store.js';

const [dir, rounds] = process.argv.slice(2) as [string, string];
const store = new FileStore(dir);
const claimed = await store.claimDelivery('shared-delivery');
const counterFile = join(dir, 'counter.txt');
for (let i = 0; i < Number(rounds); i++) {
  await store.withLock('acme/infra#7', 10_000, async () => {
    const value = Number(await readFile(counterFile, 'utf8').catch(() => '0'));
    await new Promise((resolve) => setTimeout(resolve, 1));
    await writeFile(counterFile, String(value + 1));
  });
}
await store.appendAudit({
  at: new Date().toISOString(),
  repo: 'acme/infra',
  actor: `pid-${process.pid}`,
  command: 'worker',
  result: 'done',
});
process.stdout.write(JSON.stringify({ claimed }));
