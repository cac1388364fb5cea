/**
 * Loads the Terraform/HCL parser: web-tree-sitter's runtime wasm plus the HCL grammar wasm, by path.
 *
 * Where the two files are looked for, first hit wins:
 *   1. `options.wasmDir`, then `$ALPHA_WASM_DIR`;
 *   2. `wasm/` next to the running bundle (`dist/wasm/` for `dist/cli.js` and `dist/index.js`): the bundle
 *      script copies `tree-sitter.wasm` and `tree-sitter-hcl.wasm` there, because ncc's own wasm emission
 *      corrupts them (STACK.md);
 *   3. `node_modules` (`web-tree-sitter/tree-sitter.wasm`, `@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm`)
 *      for tests and `npm install`ed use.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlphaError } from '../core/errors.js';
import type { HclParser } from '../core/iac/patch/hcl-syntax.js';
import * as treeSitterNamespace from './web-tree-sitter.cjs';

export const RUNTIME_WASM = 'tree-sitter.wasm';
export const HCL_GRAMMAR_WASM = 'tree-sitter-hcl.wasm';

export interface HclParserOptions {
  /** A folder holding both `tree-sitter.wasm` and `tree-sitter-hcl.wasm`. */
  wasmDir?: string;
}

export interface WasmPaths {
  runtime: string;
  grammar: string;
}

export function resolveWasmPaths(options: HclParserOptions = {}): WasmPaths {
  const tried: string[] = [];
  const inDir = (dir: string | undefined): WasmPaths | undefined => {
    if (!dir) return undefined;
    const paths = { runtime: join(dir, RUNTIME_WASM), grammar: join(dir, HCL_GRAMMAR_WASM) };
    tried.push(dir);
    return existsSync(paths.runtime) && existsSync(paths.grammar) ? paths : undefined;
  };
  const explicit = options.wasmDir ?? process.env.ALPHA_WASM_DIR;
  if (explicit) {
    const found = inDir(explicit);
    if (found) return found;
    throw new AlphaError(
      `the wasm folder ${explicit} does not hold ${RUNTIME_WASM} and ${HCL_GRAMMAR_WASM}`,
      'copy both files there (from node_modules/web-tree-sitter and node_modules/@tree-sitter-grammars/tree-sitter-hcl)',
    );
  }
  const nextToBundle = inDir(join(dirname(fileURLToPath(import.meta.url)), 'wasm'));
  if (nextToBundle) return nextToBundle;
  try {
    const require = createRequire(import.meta.url);
    const paths = {
      runtime: require.resolve(`web-tree-sitter/${RUNTIME_WASM}`),
      grammar: require.resolve(`@tree-sitter-grammars/tree-sitter-hcl/${HCL_GRAMMAR_WASM}`),
    };
    if (existsSync(paths.runtime) && existsSync(paths.grammar)) return paths;
  } catch {
    tried.push('node_modules (web-tree-sitter, @tree-sitter-grammars/tree-sitter-hcl)');
  }
  throw new AlphaError(
    `cannot find the Terraform parser's wasm files (${RUNTIME_WASM}, ${HCL_GRAMMAR_WASM}); looked in ${tried.join(', ')}`,
    'run `npm install`, or set ALPHA_WASM_DIR to a folder holding both files',
  );
}

const loaded = new Map<string, Promise<HclParser>>();

/** One parser per wasm location, created once: initializing the runtime costs ~50 ms. */
export function loadHclParser(options: HclParserOptions = {}): Promise<HclParser> {
  const paths = resolveWasmPaths(options);
  const key = `${paths.runtime}\0${paths.grammar}`;
  let parser = loaded.get(key);
  if (!parser) {
    parser = createParser(paths);
    loaded.set(key, parser);
  }
  return parser;
}

type TreeSitter = typeof treeSitterNamespace;

/**
 * Node gives a CommonJS module to ESM as `default`; ncc's bundle (transpile-only) gives `module.exports`
 * itself. Accept both.
 */
function treeSitterModule(): TreeSitter {
  const namespace = treeSitterNamespace as TreeSitter & { default?: TreeSitter };
  return typeof namespace.Parser === 'function' ? namespace : (namespace.default ?? namespace);
}

async function createParser(paths: WasmPaths): Promise<HclParser> {
  const { Parser, Language } = treeSitterModule();
  // The CJS build derives its script directory from `__dirname`, which an ESM bundle does not define.
  const globals = globalThis as { __dirname?: string };
  globals.__dirname ??= dirname(paths.runtime);
  try {
    await Parser.init({ locateFile: () => paths.runtime });
    const language = await Language.load(paths.grammar);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser as unknown as HclParser;
  } catch (error) {
    throw new AlphaError(
      `could not load the Terraform parser from ${paths.grammar}: ${(error as Error).message}`,
      'reinstall dependencies (`npm install`); if running the bundle, recopy the wasm files into dist/wasm/',
    );
  }
}
