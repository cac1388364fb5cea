import { run } from './main.js';

// No top-level await: ncc's bundler rejects it in entry points.
void run(process.argv).then((code) => {
  process.exitCode = code;
});
