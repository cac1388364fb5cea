/**
 * The IaC patch corpus: one folder per shape under test/fixtures/iac/, each with a `case.json`, the input
 * file(s), and a golden `expected.txt` (the patched file) or `expected-reason.txt` (the refusal).
 * A new shape is a new folder; `npx tsx test/iac/update-goldens.ts` writes the goldens for review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { patchCloudFormation } from '../../src/core/iac/patch/cloudformation-patch.js';
import type { HclParser } from '../../src/core/iac/patch/hcl-syntax.js';
import { patchJsonPolicyFile } from '../../src/core/iac/patch/json-policy-file.js';
import type { PatchOutcome } from '../../src/core/iac/patch/outcome.js';
import { patchTerraform } from '../../src/core/iac/patch/terraform-patch.js';
import type { PolicyDocument } from '../../src/core/policy/document.js';
import { followExternalJson } from '../../src/iac/locate-and-patch.js';

export const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'iac');

export interface CorpusCase {
  name: string;
  dir: string;
  kind: 'terraform' | 'cloudformation' | 'json';
  /** The file handed to the patcher; for Terraform every `.tf` in the folder is passed as the module. */
  input: string;
  /** The file the patch lands in, when not `input` (data block in a sibling file, `file("x.json")`). */
  patchedFile?: string;
  address?: string;
  logicalId?: string;
  /** Default: the proposal's role name. `null` disables discovery by role. */
  roleName?: string | null;
  proposal: string;
  expect: 'patched' | 'unchanged' | 'refused' | 'not-found';
  /** 1-based inclusive line range of the policy in the patched file's original: nothing outside may change. */
  policyLines?: [number, number];
  /** Lines of comments inside the old policy, which the patch must call out in its notes. */
  droppedCommentLines?: number[];
  /** Human note on what the case covers. */
  covers: string;
}

export function loadCases(): CorpusCase[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
    .map((entry) => {
      const dir = join(CORPUS, entry.name);
      const raw = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Omit<CorpusCase, 'name' | 'dir'>;
      return { ...raw, name: entry.name, dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function proposalOf(c: CorpusCase): { roleName: string; policy: PolicyDocument } {
  const proposal = JSON.parse(readFileSync(join(CORPUS, '_proposals', c.proposal), 'utf8')) as {
    role: { name: string };
    proposal: { proposedPolicy: PolicyDocument };
  };
  return { roleName: proposal.role.name, policy: proposal.proposal.proposedPolicy };
}

/** Paths in outcomes are relative to the case folder, so goldens do not depend on the checkout location. */
export function readCaseFiles(c: CorpusCase): { path: string; text: string }[] {
  return readdirSync(c.dir)
    .filter((name) => name.endsWith('.tf'))
    .sort()
    .map((name) => ({ path: name, text: readFileSync(join(c.dir, name), 'utf8') }));
}

export interface RunOptions {
  /** Replace file contents (by case-relative path), e.g. with a previous patch's output. */
  overrides?: Record<string, string>;
  rewriteEquivalent?: boolean;
}

export async function runCase(c: CorpusCase, parser: HclParser, options: RunOptions = {}): Promise<PatchOutcome> {
  const { roleName, policy } = proposalOf(c);
  const role = c.roleName === null ? undefined : (c.roleName ?? roleName);
  const read = (path: string): string => options.overrides?.[path] ?? readFileSync(join(c.dir, path), 'utf8');
  const rewriteEquivalent = options.rewriteEquivalent === true;
  if (c.kind === 'json') return patchJsonPolicyFile(c.input, read(c.input), policy, c.input, rewriteEquivalent);
  if (c.kind === 'cloudformation') {
    return patchCloudFormation({
      file: c.input,
      text: read(c.input),
      proposed: policy,
      acceptSolePolicy: true,
      rewriteEquivalent,
      ...(c.logicalId === undefined ? {} : { logicalId: c.logicalId }),
      ...(role === undefined ? {} : { roleName: role }),
    });
  }
  const files = readCaseFiles(c).map((f) => ({ path: f.path, text: read(f.path) }));
  const result = patchTerraform({
    parser,
    files,
    onlyFile: c.input,
    proposed: policy,
    rewriteEquivalent,
    ...(c.address === undefined ? {} : { address: c.address }),
    ...(role === undefined ? {} : { roleName: role }),
  });
  if (result.kind !== 'external-json') return result;
  const jsonPath = join(result.file, '..', result.jsonPath);
  const override = options.overrides?.[jsonPath];
  if (override !== undefined) return patchJsonPolicyFile(jsonPath, override, policy, jsonPath, rewriteEquivalent);
  // Resolve `file()` inside the case folder, then report the path relative to it like every other outcome.
  const absolute = { ...result, file: join(c.dir, result.file) };
  const outcome = await followExternalJson(absolute, policy, rewriteEquivalent);
  if (outcome.kind === 'not-found') return outcome;
  const relative = outcome.file.startsWith(`${c.dir}/`) ? outcome.file.slice(c.dir.length + 1) : outcome.file;
  if (outcome.kind === 'patched') {
    return {
      ...outcome,
      file: relative,
      diff: outcome.diff.split(outcome.file).join(relative),
      suggestions: outcome.suggestions.map((s) => ({ ...s, file: relative })),
    };
  }
  return { ...outcome, file: relative };
}

/** What the golden file holds for an outcome. */
export function goldenOf(outcome: PatchOutcome): { file: 'expected.txt' | 'expected-reason.txt'; text: string } {
  if (outcome.kind === 'patched') return { file: 'expected.txt', text: outcome.after };
  if (outcome.kind === 'unchanged')
    return { file: 'expected-reason.txt', text: `unchanged: ${outcome.file}:${outcome.line} ${outcome.target}\n` };
  if (outcome.kind === 'refused')
    return {
      file: 'expected-reason.txt',
      text: `refused: ${outcome.file}:${outcome.line} ${outcome.target}\n${outcome.reason}\n`,
    };
  return { file: 'expected-reason.txt', text: `not-found: ${outcome.reason}\n` };
}
