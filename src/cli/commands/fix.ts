/**
 * `alpha fix "<AccessDenied message>"`: say what was denied, which kind of policy denied it, and the smallest
 * permission that fixes it when the fix is in the role's own policy. Prints a candidate; applies nothing.
 */
import type { Command } from 'commander';
import { loadIamCatalog } from '../../catalog/iam-data.js';
import { isAccessDeniedInfo, parseAccessDenied, type AccessDeniedInfo } from '../../core/access-denied/parse.js';
import { proposeFix, type FixProposal } from '../../core/access-denied/propose-fix.js';
import type { IamCatalog } from '../../core/catalog.js';
import { AlphaError } from '../../core/errors.js';
import { stableStringify } from '../../core/report/json.js';
import { terminalSafe } from '../../core/report/terminal-safe.js';

export interface FixOptions {
  message: string;
  roleArn?: string;
  format: 'text' | 'json';
}

export interface FixIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin?: () => Promise<string>;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const processIo: FixIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: readAllStdin,
};

export function registerFixCommand(program: Command): void {
  program
    .command('fix')
    .description('Explain an AWS AccessDenied message and propose the smallest permission that fixes it (not applied).')
    .argument('<message>', 'the AWS error text (quote it), or - to read it from stdin')
    .option('--role-arn <arn>', 'the role you intend to fix: warns when the message is about another principal')
    .option('--format <format>', 'text | json', 'text')
    .addHelpText(
      'after',
      `
Exit codes: 0 the message was understood (even when the fix is not in the role's policy), 1 it could not be
parsed or bad arguments.

Example:
  alpha fix "User: arn:aws:sts::111122223333:assumed-role/orders-api/i-0abc is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::orders-archive/2026/11/23.json because no identity-based policy allows the s3:GetObject action"`,
    )
    .action(async (message: string, raw: Record<string, unknown>) => {
      const format = raw.format === 'json' ? 'json' : raw.format === 'text' ? 'text' : undefined;
      if (!format) throw new AlphaError(`--format ${String(raw.format)} is not supported`, 'use --format text or json');
      const options: FixOptions = { message, format };
      if (typeof raw.roleArn === 'string') options.roleArn = raw.roleArn;
      process.exitCode = await fixCommand(options, processIo);
    });
}

const DECISIONS: Record<AccessDeniedInfo['decision'], string> = {
  'implicit-deny': 'implicit deny (nothing allows it)',
  'explicit-deny': 'explicit deny',
  unknown: 'not stated in the message',
};

export function renderFixText(info: AccessDeniedInfo, fix: FixProposal): string {
  const line = (label: string, value: string | undefined) =>
    value === undefined ? [] : [`${label.padEnd(11)}${terminalSafe(value)}`];
  const lines = [
    ...line('Denied:', info.action),
    ...line('Principal:', info.principalArn),
    ...line('Resource:', info.resource),
    ...line('Decision:', DECISIONS[info.decision]),
    ...line('Policy:', info.policyType === 'unknown' ? undefined : info.policyType),
    ...line('Policy ARN:', info.policyArn),
    ...line('Error:', info.errorCode ? `${info.errorCode}${info.operation ? ` (${info.operation})` : ''}` : undefined),
    ...line('Where:', info.where),
  ];
  if (fix.ok) {
    const statement = { Effect: 'Allow', Action: fix.addition.action, Resource: fix.addition.resource };
    lines.push(
      '',
      "Proposed addition to the role's policy (not applied; accept it with /alpha fix or /alpha accept on the pull request):",
      `  ${terminalSafe(JSON.stringify(statement))}`,
    );
  } else {
    lines.push('', `No addition proposed: ${terminalSafe(fix.error)}`);
  }
  for (const note of fix.ok ? fix.notes : []) lines.push(`note: ${terminalSafe(note)}`);
  return `${lines.join('\n')}\n`;
}

export async function fixCommand(options: FixOptions, io: FixIo, catalog?: IamCatalog): Promise<number> {
  let message = options.message;
  if (message === '-') {
    if (!io.readStdin) throw new AlphaError('cannot read stdin here', 'pass the message as an argument');
    message = await io.readStdin();
  }
  const parsed = parseAccessDenied(message);
  if (!isAccessDeniedInfo(parsed)) {
    io.stderr(`alpha fix: ${parsed.error}\n`);
    return 1;
  }
  const fix = proposeFix(parsed, catalog ?? (await loadIamCatalog()), options.roleArn);
  io.stdout(options.format === 'json' ? `${stableStringify({ parse: parsed, fix })}\n` : renderFixText(parsed, fix));
  return 0;
}
