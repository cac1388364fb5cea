import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHcl } from '../../src/core/iac/patch/hcl-syntax.js';
import { HCL_GRAMMAR_WASM, loadHclParser, resolveWasmPaths, RUNTIME_WASM } from '../../src/iac/hcl-parser.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alpha-wasm-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.ALPHA_WASM_DIR;
});

describe('the HCL parser loader', () => {
  it('finds both wasm files in node_modules by default', () => {
    const paths = resolveWasmPaths();
    expect(paths.runtime).toMatch(/web-tree-sitter[/\\]tree-sitter\.wasm$/);
    expect(paths.grammar).toMatch(/tree-sitter-hcl[/\\]tree-sitter-hcl\.wasm$/);
  });

  it('loads from an explicit folder holding the two files (what dist/wasm/ is for the bundle)', async () => {
    const defaults = resolveWasmPaths();
    copyFileSync(defaults.runtime, join(dir, RUNTIME_WASM));
    copyFileSync(defaults.grammar, join(dir, HCL_GRAMMAR_WASM));
    expect(resolveWasmPaths({ wasmDir: dir })).toEqual({
      runtime: join(dir, RUNTIME_WASM),
      grammar: join(dir, HCL_GRAMMAR_WASM),
    });
    process.env.ALPHA_WASM_DIR = dir;
    expect(resolveWasmPaths().grammar).toBe(join(dir, HCL_GRAMMAR_WASM));
    const parser = await loadHclParser({ wasmDir: dir });
    const tree = parseHcl(parser, 'resource "aws_iam_role" "r" {\n  name = "x"\n}\n');
    expect(tree.errorAt).toBeUndefined();
  });

  it('names the missing files and the fix when the folder is incomplete', () => {
    copyFileSync(resolveWasmPaths().runtime, join(dir, RUNTIME_WASM));
    expect(() => resolveWasmPaths({ wasmDir: dir })).toThrow(
      /does not hold tree-sitter\.wasm and tree-sitter-hcl\.wasm/,
    );
  });

  it('reports syntax errors with their position instead of guessing', async () => {
    const parser = await loadHclParser();
    const tree = parseHcl(parser, 'resource "a" "b" {\n  policy = jsonencode({\n}\n');
    expect(tree.errorAt).toBeDefined();
  });
});
