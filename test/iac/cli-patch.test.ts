import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parsePatchOptions, patchCommand, registerPatchCommand, type PatchIo } from '../../src/cli/commands/patch.js';
import { CORPUS } from './corpus.js';

let work: string;
let out: string;
let err: string;
const io: PatchIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
const PROPOSAL = join(CORPUS, '_proposals', 'orders-api.json');

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'alpha-patch-'));
  out = '';
  err = '';
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Copies a corpus case's files into the work folder and returns the path of `file` there. */
function fixture(name: string, file: string): string {
  cpSync(join(CORPUS, name), join(work, name), { recursive: true });
  return join(work, name, file);
}

describe('alpha patch', () => {
  it('prints the one-hunk diff by default and leaves the file alone', async () => {
    const file = fixture('tf-jsonencode-role-policy', 'main.tf');
    const before = readFileSync(file, 'utf8');
    const code = await patchCommand(parsePatchOptions({ proposal: PROPOSAL, terraform: file }), io);
    expect(code).toBe(0);
    expect(out).toContain(`--- a/${file}`);
    expect(out).toContain('+        Sid      = "SendOrderEvents"');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('--write changes the file to the golden output', async () => {
    const file = fixture('cfn-role-policy', 'template.yml');
    const code = await patchCommand(parsePatchOptions({ proposal: PROPOSAL, cloudformation: file, write: true }), io);
    expect(code).toBe(0);
    expect(out).toBe(`patched ${file}:26 (OrdersRolePolicy)\n`);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(CORPUS, 'cfn-role-policy', 'expected.txt'), 'utf8'));
    // Running it again is a no-op.
    out = '';
    expect(await patchCommand(parsePatchOptions({ proposal: PROPOSAL, cloudformation: file, write: true }), io)).toBe(
      0,
    );
    expect(out).toContain('already holds the proposed policy');
  });

  it('follows file("…json") and a sibling document, and takes --resource / --logical-id', async () => {
    const tf = fixture('tf-file-json', 'main.tf');
    expect(await patchCommand(parsePatchOptions({ proposal: PROPOSAL, terraform: tf, write: true }), io)).toBe(0);
    expect(readFileSync(join(work, 'tf-file-json', 'policies/orders.json'), 'utf8')).toBe(
      readFileSync(join(CORPUS, 'tf-file-json', 'expected.txt'), 'utf8'),
    );
    const named = fixture('tf-inline-policy-named', 'main.tf');
    const resource = 'aws_iam_role.orders.inline_policy["orders"]';
    expect(await patchCommand(parsePatchOptions({ proposal: PROPOSAL, terraform: named, resource }), io)).toBe(0);
    const template = fixture('cfn-role-inline-named', 'template.yaml');
    const logicalId = 'OrdersRole/s3';
    expect(await patchCommand(parsePatchOptions({ proposal: PROPOSAL, cloudformation: template, logicalId }), io)).toBe(
      0,
    );
  });

  it('exits 1 on a policy it cannot own, with file:line and reason on stderr and the snippet on stdout', async () => {
    const file = fixture('tf-refuse-dynamic-statement', 'main.tf');
    const code = await patchCommand(parsePatchOptions({ proposal: PROPOSAL, terraform: file }), io);
    expect(code).toBe(1);
    expect(err).toContain(
      `cannot patch ${file}:6 (data.aws_iam_policy_document.orders): a \`dynamic "statement"\` block`,
    );
    const proposal = JSON.parse(readFileSync(PROPOSAL, 'utf8'));
    expect(JSON.parse(out)).toEqual(proposal.proposal.proposedPolicy);
  });

  it('exits 1 when the address is not in the file', async () => {
    const file = fixture('tf-heredoc-json', 'main.tf');
    const code = await patchCommand(
      parsePatchOptions({ proposal: PROPOSAL, terraform: file, resource: 'aws_iam_policy.nope' }),
      io,
    );
    expect(code).toBe(1);
    expect(err).toContain('no aws_iam_policy.nope in');
  });

  it.each([
    [{ proposal: PROPOSAL }, /exactly one of --terraform FILE or --cloudformation FILE/],
    [{ proposal: PROPOSAL, terraform: 'a.tf', cloudformation: 'b.yaml' }, /exactly one/],
    [{ proposal: PROPOSAL, terraform: 'a.tf', write: true, diff: true }, /--write and --diff/],
    [{ proposal: PROPOSAL, cloudformation: 'b.yaml', resource: 'x' }, /--resource goes with --terraform/],
    [{ proposal: PROPOSAL, terraform: 'a.tf', logicalId: 'x' }, /--logical-id goes with --cloudformation/],
  ])('rejects bad arguments %j', (raw, message) => {
    expect(() => parsePatchOptions(raw)).toThrow(message);
  });

  it('rejects a proposal file without a proposed policy, and one holding several roles', async () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, '{"role": {"name": "x"}}');
    await expect(patchCommand(parsePatchOptions({ proposal: bad, terraform: 'a.tf' }), io)).rejects.toThrow(
      /no .proposal.proposedPolicy/,
    );
    const many = join(work, 'many.json');
    const one = JSON.parse(readFileSync(PROPOSAL, 'utf8'));
    writeFileSync(many, JSON.stringify([one, one]));
    await expect(patchCommand(parsePatchOptions({ proposal: many, terraform: 'a.tf' }), io)).rejects.toThrow(
      /holds 2 proposals/,
    );
  });

  it('registers `patch` on the program with its options', async () => {
    const program = new Command('alpha').exitOverride();
    registerPatchCommand(program);
    const patch = program.commands.find((c) => c.name() === 'patch');
    expect(patch?.options.map((o) => o.long)).toEqual([
      '--proposal',
      '--terraform',
      '--resource',
      '--cloudformation',
      '--logical-id',
      '--write',
      '--diff',
      '--wasm-dir',
    ]);
    const file = fixture('tf-crlf', 'main.tf');
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => writes.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'alpha', 'patch', '--proposal', PROPOSAL, '--terraform', file]);
    } finally {
      process.stdout.write = original;
    }
    expect(process.exitCode).toBe(0);
    process.exitCode = undefined;
    expect(writes.join('')).toContain('@@ ');
  });
});
