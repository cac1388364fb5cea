import { Command, CommanderError } from 'commander';
import { describeError } from '../core/errors.js';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerFixCommand } from './commands/fix.js';
import { registerPatchCommand } from './commands/patch.js';
import { registerProposeCommand } from './commands/propose.js';
import { registerAthenaSetupCommand } from './commands/athena-setup.js';

export const VERSION = '0.1.0';

/** Builds the `alpha` program; exported so tests can drive it without a child process. */
export function buildProgram(): Command {
  const program = new Command('alpha')
    .description('Least-privilege IAM policies from what a role actually did in CloudTrail.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerAnalyzeCommand(program);
  registerPatchCommand(program);
  registerProposeCommand(program);
  registerAthenaSetupCommand(program);
  registerFixCommand(program);
  return program;
}

/** Runs the CLI and returns the exit code (DESIGN.md: 0 safe, 1 error, 2 risk, 3 guardrail). */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    process.stderr.write(`alpha: error: ${describeError(error)}\n`);
    return 1;
  }
}
