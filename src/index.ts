import { run } from './action/main.js';

// No top-level await: ncc rejects it in entry points. run() reports every failure through core.setFailed.
void run();
