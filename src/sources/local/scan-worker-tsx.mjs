// Development bootstrap for the log-reading worker: when ALPHA runs from its TypeScript sources (tsx, jest),
// worker threads do not inherit a TypeScript loader, so this registers tsx in the worker and loads the
// real entry. Bundles and builds use scan-worker.js instead (see read.ts).
import { register } from 'tsx/esm/api';

register();
await import('./scan-worker.ts');
