import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import type { HclParser } from '../../src/core/iac/patch/hcl-syntax.js';
import type { PatchOutcome, PatchedOutcome } from '../../src/core/iac/patch/outcome.js';
import { loadHclParser } from '../../src/iac/hcl-parser.js';
import { goldenOf, loadCases, proposalOf, runCase, type CorpusCase } from './corpus.js';

const cases = loadCases();
let parser: HclParser;

beforeAll(async () => {
  parser = await loadHclParser();
});

const lines = (text: string): string[] => text.split('\n');
const lf = (text: string): string => text.replace(/\r\n/g, '\n');

function patched(outcome: PatchOutcome): PatchedOutcome {
  if (outcome.kind !== 'patched') throw new Error(`expected a patch, got ${outcome.kind}: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('the IaC corpus', () => {
  it('covers at least 20 Terraform and 10 CloudFormation shapes, patches and refusals both', () => {
    const terraform = cases.filter((c) => c.kind !== 'cloudformation');
    const cloudFormation = cases.filter((c) => c.kind === 'cloudformation');
    expect(terraform.length).toBeGreaterThanOrEqual(20);
    expect(cloudFormation.length).toBeGreaterThanOrEqual(10);
    for (const group of [terraform, cloudFormation]) {
      expect(group.some((c) => c.expect === 'patched')).toBe(true);
      expect(group.some((c) => c.expect === 'refused')).toBe(true);
    }
  });
});

describe.each(cases.map((c) => [c.name, c] as [string, CorpusCase]))('%s', (_name, c) => {
  it(`${c.expect}: ${c.covers}`, async () => {
    const outcome = await runCase(c, parser);
    expect(outcome.kind).toBe(c.expect);
    const golden = goldenOf(outcome);
    const goldenPath = join(c.dir, golden.file);
    expect(existsSync(goldenPath)).toBe(true);
    expect(golden.text).toBe(readFileSync(goldenPath, 'utf8'));
  });

  if (c.expect === 'refused' || c.expect === 'not-found') {
    it('still hands out the proposed policy as a snippet, and says where for a refusal', async () => {
      const outcome = await runCase(c, parser);
      if (outcome.kind !== 'refused' && outcome.kind !== 'not-found') throw new Error(outcome.kind);
      expect(JSON.parse(outcome.snippet)).toEqual(proposalOf(c).policy);
      if (outcome.kind === 'refused') {
        expect(outcome.line).toBeGreaterThanOrEqual(1);
        expect(outcome.reason.length).toBeGreaterThan(40);
      }
    });
  }

  if (c.expect !== 'patched') return;

  it('changes nothing outside the policy lines', async () => {
    const outcome = patched(await runCase(c, parser));
    expect(outcome.file).toBe(c.patchedFile ?? c.input);
    const [from, to] = c.policyLines ?? [0, 0];
    expect(from).toBeGreaterThan(0);
    const before = lines(outcome.before);
    const after = lines(outcome.after);
    const tail = before.length - to;
    expect(after.slice(0, from - 1)).toEqual(before.slice(0, from - 1));
    expect(after.slice(after.length - tail)).toEqual(before.slice(before.length - tail));
    // The file's own line ending is used throughout the new lines.
    const crlf = outcome.before.includes('\r\n');
    const changed = after.slice(from - 1, after.length - tail).slice(0, -1);
    for (const line of changed) expect(line.endsWith('\r')).toBe(crlf);
  });

  it('calls out comments inside the old policy, and only those', async () => {
    const outcome = patched(await runCase(c, parser));
    const expected = c.droppedCommentLines ?? [];
    if (expected.length === 0) expect(outcome.notes).toEqual([]);
    else {
      expect(outcome.notes).toHaveLength(1);
      const where = expected.map((line) => `${outcome.file}:${line}`).join(', ');
      expect(outcome.notes[0]).toContain(`(${where})`);
    }
  });

  it('round-trips and is idempotent: patching the result again finds nothing to change', async () => {
    const first = patched(await runCase(c, parser));
    const overrides = { [first.file]: first.after };
    const second = await runCase(c, parser, { overrides });
    expect(second.kind).toBe('unchanged');
    // Even forced to rewrite, the output is a fixed point of the renderer.
    const forced = patched(await runCase(c, parser, { overrides, rewriteEquivalent: true }));
    expect(forced.after).toBe(first.after);
  });

  it('offers one unified-diff hunk that applies, and a suggestion block that gives the same file', async () => {
    const outcome = patched(await runCase(c, parser));
    expect(outcome.diff.match(/^@@ /gm)).toHaveLength(1);
    expect(outcome.diff.startsWith(`--- a/${outcome.file}\n+++ b/${outcome.file}\n`)).toBe(true);
    expect(applyPatch(outcome.before, outcome.diff)).toBe(outcome.after);

    expect(outcome.suggestions).toHaveLength(1);
    const [suggestion] = outcome.suggestions;
    if (!suggestion) throw new Error('no suggestion');
    const body = /^(`{3,})suggestion\n([\s\S]*)\n\1\n$/.exec(suggestion.body);
    expect(body).not.toBeNull();
    const original = lines(lf(outcome.before));
    const rebuilt = [
      ...original.slice(0, suggestion.startLine - 1),
      ...lines(body?.[2] ?? ''),
      ...original.slice(suggestion.endLine),
    ].join('\n');
    expect(rebuilt).toBe(lf(outcome.after));
  });

  it('writes exactly the proposed policy (checked independently of the patcher)', async () => {
    const outcome = patched(await runCase(c, parser));
    const { policy } = proposalOf(c);
    // Every action and resource of the proposal appears in the new text, in the file's own notation.
    for (const statement of policy.Statement) {
      for (const value of [...(statement.Action ?? []), ...(statement.Resource ?? [])]) {
        const escaped = outcome.file.endsWith('.tf') ? value.replace(/\$\{/g, () => '$${') : value;
        expect(outcome.after).toContain(escaped);
      }
    }
  });
});
