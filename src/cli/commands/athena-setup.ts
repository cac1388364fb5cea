/**
 * `alpha athena-setup`: creates the Athena (Glue) table over the trail's logs that `--source athena` reads,
 * with partition projection so each query reads only its window's days, accounts and Regions. `--print` only
 * prints the DDL (no AWS), for review or to run by hand.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { Command } from 'commander';
import { AwsCredentials } from '../../aws/credentials.js';
import { AlphaError } from '../../core/errors.js';
import { athenaSetupStatements, createCloudTrailTable } from '../../sources/athena/setup.js';
import { checkQueryTarget } from '../../sources/athena/query.js';
import type { CloudTrailTableSpec } from '../../sources/athena/sql.js';

export interface AthenaSetupOptions {
  readonly spec: CloudTrailTableSpec;
  readonly workgroup?: string;
  readonly outputLocation?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly print: boolean;
}

export interface AthenaSetupIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: AthenaSetupIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

export function registerAthenaSetupCommand(program: Command): void {
  program
    .command('athena-setup')
    .description(
      'Create the Athena table over your CloudTrail logs that `--source athena` reads (partition projection).',
    )
    .requiredOption('--database <name>', 'Glue database for the table (created if missing)')
    .requiredOption('--table <name>', 'table name, e.g. cloudtrail_logs')
    .requiredOption('--trail-bucket <bucket>', "the trail's S3 bucket")
    .option('--trail-prefix <prefix>', "the trail's S3 key prefix, if any (without AWSLogs/)")
    .option('--organization-id <id>', 'organization trails: the o-… id in AWSLogs/<org-id>/<account>/')
    .requiredOption('--accounts <ids>', 'comma-separated 12-digit account ids whose logs the table covers')
    .requiredOption('--regions <regions>', 'comma-separated Regions whose logs the table covers (add us-east-1)')
    .option('--projection-start <yyyy/MM/dd>', 'first day the table knows', '2020/01/01')
    .option('--workgroup <name>', 'Athena workgroup (default: primary)')
    .option('--athena-output <s3-uri>', "query results location (default: the workgroup's)")
    .option('--region <region>', 'Region of the Athena workgroup (default: AWS_REGION or the profile)')
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: the default credential chain)')
    .option('--print', 'print the DDL only; no AWS call is made')
    .addHelpText(
      'after',
      `
This is the only command that writes anything, and it writes only to the Glue Data Catalog through Athena:
CREATE DATABASE IF NOT EXISTS and CREATE EXTERNAL TABLE. ALPHA never writes to IAM. It needs
athena:StartQueryExecution, athena:GetQueryExecution, glue:CreateDatabase, glue:GetDatabase, glue:CreateTable
and write access to the query results location. With --print nothing is sent anywhere.

Examples:
  alpha athena-setup --database alpha --table cloudtrail_logs --trail-bucket my-trail \\
    --accounts 111122223333 --regions us-east-1,eu-west-1 --print
  alpha athena-setup --database alpha --table org_trail --trail-bucket org-trail \\
    --organization-id o-a1b2c3d4e5 --accounts 111122223333,444455556666 --regions us-east-1,eu-west-1 \\
    --athena-output s3://my-athena-results/alpha/`,
    )
    .action(async (raw: Record<string, unknown>) => {
      process.exitCode = await athenaSetupCommand(parseAthenaSetupOptions(raw), processIo);
    });
}

export function parseAthenaSetupOptions(raw: Record<string, unknown>): AthenaSetupOptions {
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const required = (key: string, flag: string): string => {
    const value = text(key);
    if (!value) throw new AlphaError(`${flag} is required`, `run alpha athena-setup --help`);
    return value;
  };
  const trailPrefix = text('trailPrefix');
  const organizationId = text('organizationId');
  const projectionStart = text('projectionStart');
  const spec: CloudTrailTableSpec = {
    database: required('database', '--database'),
    table: required('table', '--table'),
    bucket: required('trailBucket', '--trail-bucket'),
    accounts: list(text('accounts')),
    regions: list(text('regions')),
    ...(trailPrefix ? { prefix: trailPrefix } : {}),
    ...(organizationId ? { organizationId } : {}),
    ...(projectionStart ? { projectionStart } : {}),
  };
  // Validates every value now (the statements are pure): bad input fails before any AWS call.
  athenaSetupStatements(spec);
  const workgroup = text('workgroup');
  const outputLocation = text('athenaOutput');
  const region = text('region');
  const profile = text('profile');
  const target = { ...(workgroup ? { workgroup } : {}), ...(outputLocation ? { outputLocation } : {}) };
  checkQueryTarget({ database: spec.database, ...target });
  return {
    spec,
    ...target,
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    print: raw.print === true,
  };
}

export async function athenaSetupCommand(
  options: AthenaSetupOptions,
  io: AthenaSetupIo,
  client?: AthenaClient,
): Promise<number> {
  const statements = athenaSetupStatements(options.spec);
  if (options.print) {
    io.stdout(`${statements.join(';\n\n')};\n`);
    return 0;
  }
  const athena =
    client ??
    new AthenaClient({
      ...(options.region ? { region: options.region } : {}),
      maxAttempts: 1,
      credentials: new AwsCredentials({
        ...(options.profile ? { profile: options.profile } : {}),
        ...(options.region ? { region: options.region } : {}),
      }).base,
    });
  const target = {
    ...(options.workgroup ? { workgroup: options.workgroup } : {}),
    ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
  };
  const { queryExecutionIds } = await createCloudTrailTable(athena, options.spec, target, {
    onProgress: (p) => io.stderr(`athena-setup: ${p.state} (${Math.round(p.elapsedMs / 1000)} s)\n`),
  });
  const name = `${options.spec.database.toLowerCase()}.${options.spec.table.toLowerCase()}`;
  io.stdout(
    `created ${name} (queries ${queryExecutionIds.join(', ')}).\n` +
      `Read it with: alpha analyze --source athena --athena-database ${options.spec.database.toLowerCase()} --athena-table ${options.spec.table.toLowerCase()}` +
      `${options.workgroup ? ` --athena-workgroup ${options.workgroup}` : ''}${options.outputLocation ? ` --athena-output ${options.outputLocation}` : ''} …\n`,
  );
  return 0;
}
