/**
 * The bench measures ALPHA as it ships: bundled JavaScript (dist/ is built by ncc), not TypeScript compiled on
 * the fly. Run from the sources, every phase process would carry tsx's loader, and every worker thread would
 * start tsx again and recompile its modules: CPU time and tens of MB that no user pays. So the phase runner and
 * the log-reading worker are bundled once (esbuild, which tsx already brings; packages stay external and load
 * from node_modules as usual). `scan-worker.js` sits next to `phase.mjs`, where readLocalUsage looks for it, as
 * it sits next to dist/cli.js. Without esbuild the bench falls back to tsx and says so.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<unknown>;
}

export interface BenchBundle {
  /** The phase runner (bench/phase.ts), bundled. */
  readonly phaseScript: string;
  /** The instruction-count runner (bench/count.ts), bundled. */
  readonly countScript: string;
  readonly workerUrl: URL;
}

export async function bundleForBench(outDir: string): Promise<BenchBundle | undefined> {
  let esbuild: EsbuildApi;
  try {
    // A variable specifier: esbuild is tsx's dependency, not this project's, and may be absent.
    const name = 'esbuild';
    esbuild = (await import(name)) as EsbuildApi;
  } catch {
    return undefined;
  }
  mkdirSync(outDir, { recursive: true });
  const here = import.meta.dirname;
  const phaseScript = join(outDir, 'phase.mjs');
  const workerScript = join(outDir, 'scan-worker.js');
  const countScript = join(outDir, 'count.mjs');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // Bundled CommonJS code calls require(), which ESM output lacks.
    banner: {
      js: "import { createRequire as alphaRequire } from 'node:module'; const require = alphaRequire(import.meta.url);",
    },
  };
  try {
    await esbuild.build({
      ...common,
      entryPoints: [join(here, '..', 'src', 'sources', 'local', 'scan-worker.ts')],
      outfile: workerScript,
    });
    await esbuild.build({
      ...common,
      entryPoints: [join(here, 'phase.ts')],
      outfile: phaseScript,
      packages: 'external',
    });
    await esbuild.build({
      ...common,
      entryPoints: [join(here, 'count.ts')],
      outfile: countScript,
      packages: 'external',
    });
  } catch {
    return undefined;
  }
  return { phaseScript, countScript, workerUrl: pathToFileURL(workerScript) };
}
