/**
 * `alpha patch`: rewrite a role's policy in a Terraform or CloudFormation file from a Proposal, in place and
 * in the author's style. Prints the unified diff by default; `--write` changes the file. When the policy
 * cannot be owned (references, dynamic blocks, intrinsics…) it says why and where, prints the proposed
 * policy as a snippet to paste, and exits 1.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AlphaError, withContext } from '../../core/errors.js';
import type { PatchOutcome } from '../../core/iac/patch/outcome.js';
import type { PolicyDocument } from '../../core/policy/document.js';
import { writePatch } from '../../iac/locate-and-patch.js';
import { patchIacFile, type IacLocation } from '../../iac/patch-file.js';

export interface PatchOptions {
  proposal: string;
  terraform?: string;
  resource?: string;
  cloudformation?: string;
  logicalId?: string;
  write: boolean;
  wasmDir?: string;
}

export interface PatchIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: PatchIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function registerPatchCommand(program: Command): void {
  program
    .command('patch')
    .description("Rewrite the role's policy in your Terraform or CloudFormation file from a proposal, in place.")
    .requiredOption('--proposal <file>', 'the Proposal JSON written by `alpha analyze --output`')
    .option(
      '--terraform <file>',
      'the .tf file holding the policy (its sibling .tf files are read too), or a JSON policy file',
    )
    .option(
      '--resource <address>',
      'aws_iam_role_policy.NAME | aws_iam_policy.NAME | data.aws_iam_policy_document.NAME | aws_iam_role.NAME',
    )
    .option('--cloudformation <file>', 'the CloudFormation template (YAML or JSON) holding the policy')
    .option(
      '--logical-id <id>',
      'the AWS::IAM::Policy/RolePolicy/ManagedPolicy id, or ROLE_ID[/POLICY_NAME] for inline Policies',
    )
    .option('--write', 'change the file (default: print the unified diff)')
    .option('--diff', 'print the unified diff without changing anything (the default)')
    .option(
      '--wasm-dir <dir>',
      'folder holding tree-sitter.wasm and tree-sitter-hcl.wasm (default: found automatically)',
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 patched (or already up to date), 1 the policy cannot be patched (the reason and the policy to
paste by hand are printed) or bad arguments.

Example:
  alpha patch --proposal out/proposal.json --terraform infra/iam.tf --resource aws_iam_role_policy.orders --write`,
    )
    .action(async (raw: Record<string, unknown>) => {
      process.exitCode = await patchCommand(parsePatchOptions(raw), processIo);
    });
}

export function parsePatchOptions(raw: Record<string, unknown>): PatchOptions {
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const proposal = text('proposal');
  if (!proposal) throw new AlphaError('--proposal is required', 'pass the file written by `alpha analyze --output`');
  const terraform = text('terraform');
  const cloudformation = text('cloudformation');
  if ((terraform === undefined) === (cloudformation === undefined)) {
    throw new AlphaError(
      'give exactly one of --terraform FILE or --cloudformation FILE',
      'name the file that holds the policy',
    );
  }
  if (raw.write === true && raw.diff === true)
    throw new AlphaError('--write and --diff exclude each other', 'pick one');
  if (text('resource') !== undefined && terraform === undefined)
    throw new AlphaError('--resource goes with --terraform', 'use --logical-id with --cloudformation');
  if (text('logicalId') !== undefined && cloudformation === undefined)
    throw new AlphaError('--logical-id goes with --cloudformation', 'use --resource with --terraform');
  const options: PatchOptions = { proposal, write: raw.write === true };
  for (const key of ['terraform', 'resource', 'cloudformation', 'logicalId', 'wasmDir'] as const) {
    const value = text(key);
    if (value !== undefined) options[key] = value;
  }
  return options;
}

interface ProposalInput {
  roleName: string;
  policy: PolicyDocument;
}

/** The role and proposed policy from a Proposal file (one proposal, or an array holding exactly one). */
export function readProposal(text: string, file: string): ProposalInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw withContext(`${file} is not JSON`, error);
  }
  if (Array.isArray(parsed)) {
    if (parsed.length !== 1) {
      throw new AlphaError(
        `${file} holds ${parsed.length} proposals; alpha patch rewrites one role's policy at a time`,
        'run `alpha analyze --role-arn ARN --output FILE` for the one role',
      );
    }
    parsed = parsed[0];
  }
  const proposal = parsed as { role?: { name?: unknown; arn?: unknown }; proposal?: { proposedPolicy?: unknown } };
  const policy = proposal.proposal?.proposedPolicy as PolicyDocument | undefined;
  if (!policy || typeof policy !== 'object' || !Array.isArray(policy.Statement) || typeof policy.Version !== 'string') {
    throw new AlphaError(
      `${file} has no .proposal.proposedPolicy with a Statement list`,
      'pass the file written by `alpha analyze --output`',
    );
  }
  const name = typeof proposal.role?.name === 'string' ? proposal.role.name : '';
  return { roleName: name, policy };
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw withContext(`could not read ${what} ${path}`, error);
  }
}

export async function patchCommand(options: PatchOptions, io: PatchIo): Promise<number> {
  const { roleName, policy } = readProposal(await readText(options.proposal, '--proposal'), options.proposal);
  const location: IacLocation = options.terraform
    ? { terraform: options.terraform, ...(options.resource === undefined ? {} : { resource: options.resource }) }
    : {
        cloudformation: options.cloudformation ?? '',
        ...(options.logicalId === undefined ? {} : { logicalId: options.logicalId }),
      };
  const outcome = await patchIacFile(
    location,
    roleName,
    policy,
    options.wasmDir === undefined ? {} : { wasmDir: options.wasmDir },
  );
  return report(outcome, options.write, io);
}

async function report(outcome: PatchOutcome, write: boolean, io: PatchIo): Promise<number> {
  switch (outcome.kind) {
    case 'patched':
      for (const note of outcome.notes) io.stderr(`alpha: note: ${note}\n`);
      if (write) {
        await writePatch(outcome);
        io.stdout(`patched ${outcome.file}:${outcome.line} (${outcome.target})\n`);
      } else io.stdout(outcome.diff);
      return 0;
    case 'unchanged':
      io.stdout(
        `${outcome.file}:${outcome.line} (${outcome.target}) already holds the proposed policy; nothing to change\n`,
      );
      return 0;
    case 'refused':
      io.stderr(`alpha: cannot patch ${outcome.file}:${outcome.line} (${outcome.target}): ${outcome.reason}\n`);
      io.stderr('alpha: the proposed policy, to apply by hand, follows on stdout\n');
      io.stdout(outcome.snippet);
      return 1;
    case 'not-found':
      io.stderr(`alpha: ${outcome.reason}\n`);
      io.stderr('alpha: the proposed policy, to apply by hand, follows on stdout\n');
      io.stdout(outcome.snippet);
      return 1;
  }
}
