/**
 * `probot run ./app/src/index.ts` loads this module's default export. Everything comes from the environment:
 * see options-from-env.ts, src/store/index.ts and the README's "GitHub App" section.
 */
import type { Probot } from 'probot';
import { openStore } from '../../src/store/index.js';
import type { AlphaStore } from '../../src/store/store.js';
import { createAlphaApp } from './app.js';
import { gitDataCommitter } from './commit-port.js';
import { analysisDepsFromEnv, clockFrom } from './options-from-env.js';
import { WorkQueue } from './work-queue.js';

export interface AlphaRuntime {
  appFn: (app: Probot) => void;
  queue: WorkQueue;
  store: AlphaStore;
}

/** The App wired from the environment; the Lambda handler shares it and waits on `queue` before returning. */
export async function alphaRuntimeFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  onError: (error: unknown) => void = (error) => console.error('ALPHA job failed', error),
  log: (line: string) => void = (line) => console.log(line),
): Promise<AlphaRuntime> {
  const store = await openStore();
  const queue = new WorkQueue(onError);
  const appFn = createAlphaApp({
    store,
    committer: gitDataCommitter,
    analysis: { ...analysisDepsFromEnv(env), log },
    queue,
    now: clockFrom(env),
  });
  return { appFn, queue, store };
}

export default async function alphaApp(app: Probot): Promise<void> {
  const { appFn, queue, store } = await alphaRuntimeFromEnv(
    process.env,
    (error) => app.log.error({ err: error }, 'ALPHA job failed'),
    (line) => app.log.info(line),
  );
  appFn(app);
  // Finish queued commands before the process exits (docker stop, a deploy).
  process.once('SIGTERM', () => {
    void queue
      .idle()
      .then(() => store.close())
      .finally(() => process.exit(0));
  });
}
