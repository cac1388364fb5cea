/**
 * `alpha analyze`: read CloudTrail, analyze each role, print the result, write the Proposal and snippets.
 * Parse → plan → execute; the engine does the thinking, this file only moves data in and out.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadIamCatalog } from '../../catalog/iam-data.js';
import { analyzeRole, outcomeOf, POLICY_NAME, windowStartFor } from '../../core/analyze.js';
import { parseIamArn, principalMatches } from '../../core/cloudtrail/principal.js';
import { AlphaError, withContext } from '../../core/errors.js';
import type { GuardrailConfig } from '../../core/guardrails/config.js';
import { guardrailConfigFor } from '../../core/guardrails/presets.js';
import { renderCloudFormationSnippet } from '../../core/iac/snippet-cloudformation.js';
import { renderTerraformSnippet } from '../../core/iac/snippet-terraform.js';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { IamCatalog } from '../../core/catalog.js';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { servicePrefixesFor } from '../../core/cloudtrail/mapping/event-source.js';
import type { UsageSnapshot } from '../../core/usage/evidence.js';
import type { NamedPolicy } from '../../core/policy/document.js';
import { parsePolicyFile } from '../../core/policy/normalize.js';
import type { Proposal } from '../../core/proposal.js';
import { stableStringify } from '../../core/report/json.js';
import { renderReasoningText } from '../../core/reasoning/render.js';
import { renderTextSummary } from '../../core/report/text.js';
import { listPrincipals } from '../../core/usage/profile.js';
import { readLocalUsage } from '../../sources/local/read.js';
import type { ExistingFromIam } from '../../aws/existing-policies.js';
import { policyControlledBy } from '../../aws/iac-policy.js';
import { locateAndPatch, writePatch } from '../../iac/index.js';
import { writeOutputFile } from '../output.js';
import { createProgressReporter } from '../progress.js';
import type * as AnalyzeAws from './analyze-aws.js';
import { parseAnalyzeOptions, type AnalyzeOptions } from './analyze-options.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('Propose a least-privilege policy for IAM roles from what they did in CloudTrail.')
    .option(
      '--role-arn <arn>',
      'role (or IAM user) to analyze; repeat for several; a path-less ARN matches any path',
      collect,
    )
    .option('--all-roles', 'analyze every role and user found in the logs')
    .option(
      '--cloudtrail-logs <path>',
      'CloudTrail log file or folder (read recursively: .json, .json.gz, JSON lines); repeatable',
      collect,
    )
    .option(
      '--source <source>',
      'lookup-events | s3 | athena | local (default: local with --cloudtrail-logs, else lookup-events)',
    )
    .option('--regions <list>', 'comma-separated Regions to read (us-east-1 is always read: IAM/STS events land there)')
    .option('--trail-bucket <name>', 'source s3: the bucket the trail writes to')
    .option('--trail-prefix <prefix>', 'source s3: the key prefix of the trail (before AWSLogs/)')
    .option('--organization-id <id>', 'source s3: organization trail id (AWSLogs/<org-id>/<account>/...)')
    .option('--athena-database <db>', 'source athena: the database of the CloudTrail table')
    .option('--athena-table <table>', 'source athena: the CloudTrail table')
    .option('--athena-workgroup <name>', 'source athena: the workgroup (default: primary)')
    .option('--athena-output <s3uri>', "source athena: query results location (default: the workgroup's)")
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: the default credential chain)')
    .option('--assume-role <arn>', 'read-only role to assume first (cross-account reader)')
    .option('--external-id <id>', 'ExternalId for --assume-role')
    .option(
      '--max-pages <n>',
      'lookup-events: stop after N pages per Region; the result is then marked incomplete with the window read',
    )
    .option(
      '--time-budget <minutes>',
      'lookup-events: stop reading after this long; the result is then marked incomplete with the window read',
    )
    .option(
      '--service-reference <dir|aws|builtin>',
      "operation → action map: a local copy of AWS's Service Reference, aws (fetched, cached 7 days), or builtin rules (default: aws for AWS sources, builtin for local files)",
    )
    .option('--offline', 'never fetch the Service Reference (built-in mapping rules)')
    .option(
      '--existing-policy <file>',
      'the policy the role has today (JSON; one document, an array, or aws-cli output); repeatable; with several roles use ROLE_NAME=FILE',
      collect,
    )
    .option('--usage-days <n>', 'observation window in days, counted back from --end-time', '90')
    .option('--end-time <iso>', 'end of the window (default: the newest record for local files, now for AWS sources)')
    .option('--output <file>', 'write the Proposal JSON (an array sorted by role ARN when several roles)')
    .option('--output-terraform <file>', 'write a Terraform aws_iam_role_policy per role')
    .option('--output-cloudformation <file>', 'write a CloudFormation AWS::IAM::RolePolicy per role')
    .option('--guardrails <preset>', 'none | sandbox | prod', 'prod')
    .option('--exclude-services <list>', 'comma-separated service prefixes to leave out of the proposal, e.g. ec2,ssm')
    .option('--suppress-actions <list>', 'comma-separated actions to leave out, e.g. s3:DeleteObject')
    .option(
      '--iac-dir <dir>',
      "find each role's policy in the Terraform/CloudFormation under DIR and rewrite it in place (review with git diff)",
    )
    .option('--format <format>', 'text | json (what goes to stdout)', 'text')
    .option('--risk-threshold <p>', 'exit 2 when the probability of break is above this (0..1)', '0.1')
    .option('--size-limit <chars>', 'policy size budget, whitespace excluded (6144 managed, 10240 inline)', '6144')
    .option('--workers <n>', 'worker threads for reading logs (default: one per core, up to 4)')
    .option(
      '--bedrock-model <id>',
      'ask this Amazon Bedrock model for advice (narrative, unobserved suggestions; never changes the policy or exit code); env ALPHA_BEDROCK_MODEL_ID does the same',
    )
    .option('--no-reasoning', 'never ask Bedrock, even with ALPHA_BEDROCK_MODEL_ID set')
    .option('--no-progress', 'no progress line on stderr')
    .option('--no-color', 'no colors in the text output')
    .addHelpText(
      'after',
      `
Exit codes: 0 safe to proceed, 1 error, 2 risk above threshold, 3 guardrail violation.
SOURCE_DATE_EPOCH=<seconds> pins generatedAt, so the same input gives byte-identical files.

Without --existing-policy, AWS sources (and --profile / --assume-role) read the role's inline, managed and
boundary policies from IAM; offline runs report "before" as unknown.

Examples:
  alpha analyze --role-arn arn:aws:iam::111122223333:role/orders-api \\
    --cloudtrail-logs examples/cloudtrail --existing-policy examples/policies/orders-api.json \\
    --output out/proposal.json --output-terraform out/orders-api.tf
  alpha analyze --role-arn arn:aws:iam::111122223333:role/orders-api --regions eu-west-1 --profile prod-read
`,
    )
    .action(async (raw: Record<string, unknown>) => {
      process.exitCode = await analyzeCommand(parseAnalyzeOptions(raw), clockNow());
    });
}

/** `SOURCE_DATE_EPOCH` (the reproducible-builds convention) pins `generatedAt` so reruns are byte-identical. */
function clockNow(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

export async function analyzeCommand(options: AnalyzeOptions, now: Date): Promise<number> {
  // Reading AWS mostly waits on the network: the catalog loads meanwhile. Reading local files keeps both cores
  // busy, and loading the catalog then only took CPU from the reader and added its ~90 MB of transient memory
  // to the reader's peak: it loads once the files are read.
  const catalogPromise = options.source === 'local' ? undefined : loadIamCatalog();
  // The AWS adapters load only when the run reaches AWS: the offline path stays fast and network-free.
  const aws = needsAws(options) ? await import('./analyze-aws.js') : undefined;
  const credentials = aws?.cliCredentials(options);
  const fromIam = options.existingPolicy.length === 0 && aws && credentials ? aws : undefined;
  // One IAM read per role, whatever path the ARN was written with.
  const iamReads = new Map<string, Promise<ExistingFromIam>>();
  const iam = (roleArn: string): Promise<ExistingFromIam> | undefined => {
    const parsed = parseIamArn(roleArn);
    if (!fromIam || parsed?.kind !== 'role') return undefined;
    const key = `${parsed.accountId}/${parsed.name}`;
    let read = iamReads.get(key);
    if (!read) iamReads.set(key, (read = fromIam.existingFromIamForCli(roleArn, credentials)));
    return read;
  };
  // AWS sources: IAM first, so the scan looks for each role under its real ARN (with its path) — that is what
  // AssumeRole events name, and what lets the narrow LookupEvents read prove itself complete.
  if (options.source !== 'local') aws?.accountOf(options.roleArn, options.assumeRole);
  let principalArns = options.roleArn;
  if (options.source !== 'local' && fromIam)
    principalArns = await Promise.all(options.roleArn.map(async (a) => (await iam(a))?.actualArn ?? a));
  const usage =
    options.source === 'local'
      ? await readLocal(options)
      : await readFromAws({ ...options, roleArn: principalArns }, now, aws, credentials);

  const catalog = await (catalogPromise ?? loadIamCatalog());
  const roles = options.allRoles
    ? listPrincipals(usage.snapshot)
    : resolveRequestedRoles(principalArns, listPrincipals(usage.snapshot));
  if (roles.length === 0) throw new AlphaError('no role or user activity found in the logs', 'check --cloudtrail-logs');
  const fromFiles = await readExistingPolicies(options.existingPolicy, roles);
  const serviceReference = aws
    ? await aws.cliServiceReference(options, servicePrefixesOf(usage.snapshot, catalog))
    : options.serviceReference && !options.offline
      ? await (
          await import('./analyze-aws.js')
        ).cliServiceReference(options, servicePrefixesOf(usage.snapshot, catalog))
      : {};

  const proposals: Proposal[] = [];
  for (const roleArn of roles) {
    const existing = await iam(roleArn);
    const files = fromFiles(roleArn);
    proposals.push(
      analyzeRole({
        roleArn,
        usage: usage.snapshot,
        source: {
          kind: options.source,
          complete: usage.complete,
          gaps: usage.gaps,
          rejections: usage.rejections,
          ...(usage.requests !== undefined ? { requests: usage.requests } : {}),
          ...(usage.bytesScanned !== undefined ? { bytesScanned: usage.bytesScanned } : {}),
          ...(usage.costUsd !== undefined ? { costUsd: usage.costUsd } : {}),
          ...(serviceReference.origin ? { serviceReference: serviceReference.origin } : {}),
        },
        existingPolicies: existing ? existing.policies : files,
        ...(existing?.boundary ? { permissionsBoundary: existing.boundary } : {}),
        // Files keep the Proposal as it always was (the offline demo stays byte-identical); IAM adds the list.
        ...(existing ? { existingPolicyDetails: existing.details } : {}),
        ...(serviceReference.reference ? { serviceReference: serviceReference.reference } : {}),
        catalog,
        options: {
          usageDays: options.usageDays,
          windowEnd: usage.windowEnd,
          guardrails: guardrailsOf(options),
          sizeLimit: options.sizeLimit,
          now: now.toISOString(),
        },
      }),
    );
  }
  proposals.sort((a, b) => (a.role.arn < b.role.arn ? -1 : a.role.arn > b.role.arn ? 1 : 0));
  const outcome = outcomeOf(proposals, options.riskThreshold);
  const model = reasoningModel(options);
  if (model !== undefined) {
    // Advice only: the reasoner never changes the policy, the risk signal or the exit code computed above.
    const { reasonAbout } = await import('../../reasoner/index.js');
    const reasoned = await reasonAbout(
      proposals,
      { catalog, guardrails: guardrailsOf(options), riskThreshold: options.riskThreshold },
      {
        ...(model ? { model } : {}),
        ...(options.regions[0] ? { region: options.regions[0] } : {}),
        ...(aws ? { credentials: aws.bedrockCredentials(options) } : {}),
      },
    );
    proposals.splice(0, proposals.length, ...reasoned);
  }

  // Located before the Proposal is written, so it can say which policy the repository's IaC controls.
  const located = options.iacDir ? await locateIac(options.iacDir, proposals) : [];
  for (const { proposal, outcomes } of located) markIacControlled(proposal, outcomes);
  const written = await writeOutputs(options, proposals);
  if (options.iacDir) written.push(...(await applyIac(options.iacDir, located)));
  if (options.format === 'json')
    process.stdout.write(stableStringify(proposals.length === 1 ? proposals[0] : proposals));
  else {
    const color = options.color && process.stdout.isTTY === true;
    process.stdout.write(
      proposals
        .map(
          (p) =>
            renderTextSummary(p, { color }) +
            renderReasoningText(p.reasoning)
              .map((l) => `${l}\n`)
              .join(''),
        )
        .join('\n'),
    );
    for (const file of written) process.stdout.write(`wrote ${file}\n`);
  }
  return outcome;
}

/**
 * The model to ask, '' for the default model, or undefined for no reasoning. Opt-in (`--bedrock-model` or
 * ALPHA_BEDROCK_MODEL_ID): it costs money per role and needs the network, and offline runs stay byte-identical.
 */
function reasoningModel(options: AnalyzeOptions): string | undefined {
  if (!options.reasoning) return undefined;
  if (options.bedrockModel) return options.bedrockModel;
  return process.env.ALPHA_BEDROCK_MODEL_ID ? '' : undefined;
}

function guardrailsOf(options: AnalyzeOptions): GuardrailConfig {
  return guardrailConfigFor(options.guardrails, {
    excludeServices: options.excludeServices,
    suppressActions: options.suppressActions,
  });
}

interface CliUsage {
  snapshot: UsageSnapshot;
  rejections: RecordRejection[];
  complete: boolean;
  gaps: string[];
  windowEnd: string;
  requests?: number;
  bytesScanned?: number;
  costUsd?: number;
}

/** IAM is read only when the user asked for AWS: an AWS source, or --profile / --assume-role with local files. */
function needsAws(options: AnalyzeOptions): boolean {
  return options.source !== 'local' || options.profile !== undefined || options.assumeRole !== undefined;
}

async function readLocal(options: AnalyzeOptions): Promise<CliUsage> {
  const progress = createProgressReporter(options.progress ? process.stderr : { isTTY: false, write: () => true });
  const requested = options.roleArn;
  const read = (window?: { start: string; end: string }) =>
    readLocalUsage(options.cloudtrailLogs, {
      ...(options.allRoles ? {} : { principalArns: requested }),
      ...(options.workers ? { workers: options.workers } : {}),
      ...(window ? { window } : {}),
      onProgress: (p) => progress.update(p),
    });

  // With --end-time the window is known before reading. Without it the window ends at the newest record, known
  // only after a pass; a second, windowed pass is needed only when the logs reach further back than the window.
  let usage = await read(options.endTime ? windowOf(options.endTime, options.usageDays) : undefined);
  const newest = usage.snapshot.newestEvent;
  if (!options.endTime && newest && usage.snapshot.oldestEvent) {
    const window = windowOf(newest, options.usageDays);
    if (usage.snapshot.oldestEvent < window.start) usage = await read(window);
  }
  progress.done();
  for (const r of usage.rejections) {
    process.stderr.write(
      `alpha: warning: skipped ${r.file}${r.recordIndex === undefined ? '' : ` record ${r.recordIndex}`}: ${r.reason}\n`,
    );
  }
  if (usage.filesRead === 0)
    throw new AlphaError(
      `no CloudTrail log files found in ${options.cloudtrailLogs.join(', ')}`,
      'point --cloudtrail-logs at a folder of .json or .json.gz CloudTrail files (e.g. a synced AWSLogs/ prefix)',
    );
  const windowEnd = options.endTime ?? newest;
  if (!windowEnd)
    throw new AlphaError(
      'the logs contain no usable CloudTrail records',
      'check the warnings above for why each file was rejected',
    );
  return { snapshot: usage.snapshot, rejections: usage.rejections, complete: true, gaps: [], windowEnd };
}

/** Live sources: the window ends at --end-time or now (SOURCE_DATE_EPOCH pins it, as it pins generatedAt). */
async function readFromAws(
  options: AnalyzeOptions,
  now: Date,
  aws: typeof AnalyzeAws | undefined,
  credentials: AwsCredentialIdentityProvider | undefined,
): Promise<CliUsage> {
  if (!aws || options.source === 'local') throw new Error('unreachable: AWS sources load the AWS adapters');
  const window = windowOf(options.endTime ?? now.toISOString(), options.usageDays);
  const usage = await aws.readAwsUsage({ ...options, source: options.source }, window, credentials);
  for (const r of usage.rejections)
    process.stderr.write(
      `alpha: warning: skipped ${r.file}${r.recordIndex === undefined ? '' : ` record ${r.recordIndex}`}: ${r.reason}\n`,
    );
  return {
    snapshot: usage.snapshot,
    rejections: usage.rejections,
    complete: usage.complete,
    gaps: usage.gaps,
    windowEnd: window.end,
    requests: usage.requests,
    ...(usage.bytesScanned !== undefined ? { bytesScanned: usage.bytesScanned } : {}),
    ...(usage.costUsd !== undefined ? { costUsd: usage.costUsd } : {}),
  };
}

/** IAM service prefixes of the calls read: the Service Reference is fetched for those services only. */
function servicePrefixesOf(snapshot: UsageSnapshot, catalog: IamCatalog): string[] {
  const prefixes = new Set<string>();
  for (const source of new Set(snapshot.calls.map((c) => c.eventSource)))
    for (const p of servicePrefixesFor(source, catalog)) prefixes.add(p);
  return [...prefixes].sort();
}

/** Requested ARNs become the ARNs seen in the logs (with their path); an unseen role is still analyzed. */
function resolveRequestedRoles(requested: readonly string[], seen: readonly string[]): string[] {
  const out = new Set<string>();
  for (const arn of requested) {
    const matches = seen.filter((s) => principalMatches(arn, s));
    if (matches.length > 1)
      throw new AlphaError(
        `${arn} matches several roles in the logs: ${matches.join(', ')}`,
        'pass the full ARN including the path',
      );
    out.add(matches[0] ?? arn);
  }
  return [...out].sort();
}

async function readExistingPolicies(
  specs: readonly string[],
  roles: readonly string[],
): Promise<(roleArn: string) => NamedPolicy[] | null> {
  const byRole = new Map<string, NamedPolicy[]>();
  const forAll: NamedPolicy[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const [roleName, file] =
      eq > 0 && !spec.slice(0, eq).includes('/') ? [spec.slice(0, eq), spec.slice(eq + 1)] : [undefined, spec];
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw withContext(`could not read --existing-policy ${file}`, error);
    }
    const policies = parsePolicyFile(text, file);
    if (roleName === undefined) forAll.push(...policies);
    else byRole.set(roleName, [...(byRole.get(roleName) ?? []), ...policies]);
  }
  if (forAll.length > 0 && roles.length > 1)
    throw new AlphaError(
      'with several roles, each --existing-policy must name its role',
      'write --existing-policy ROLE_NAME=path/to/policy.json',
    );
  return (roleArn) => {
    const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const own = byRole.get(name);
    if (own) return own;
    return forAll.length > 0 ? forAll : null;
  };
}

async function writeOutputs(options: AnalyzeOptions, proposals: readonly Proposal[]): Promise<string[]> {
  const written: string[] = [];
  const items = proposals.map((p) => ({
    roleName: p.role.name,
    policyName: POLICY_NAME,
    policy: p.proposal.proposedPolicy,
  }));
  if (options.output) {
    await writeOutputFile(options.output, stableStringify(proposals.length === 1 ? proposals[0] : proposals));
    written.push(options.output);
  }
  if (options.outputTerraform) {
    await writeOutputFile(options.outputTerraform, renderTerraformSnippet(items, 'jsonencode'));
    written.push(options.outputTerraform);
  }
  if (options.outputCloudformation) {
    await writeOutputFile(options.outputCloudformation, renderCloudFormationSnippet(items));
    written.push(options.outputCloudformation);
  }
  return written;
}

type LocatedIac = { proposal: Proposal; outcomes: Awaited<ReturnType<typeof locateAndPatch>> };

async function locateIac(dir: string, proposals: readonly Proposal[]): Promise<LocatedIac[]> {
  const located: LocatedIac[] = [];
  for (const proposal of proposals) {
    if (proposal.proposal.proposedPolicy.Statement.length === 0) continue;
    located.push({
      proposal,
      outcomes: await locateAndPatch(dir, proposal.role.arn, proposal.proposal.proposedPolicy),
    });
  }
  return located;
}

/** The existing policy the IaC defines: named when the role's policies came from IAM and the match is certain. */
function markIacControlled(proposal: Proposal, outcomes: LocatedIac['outcomes']): void {
  const existing = proposal.existingPolicy;
  const hit = outcomes.find((o) => o.kind !== 'not-found');
  if (!existing || !hit) return;
  const ref = { file: hit.file, target: hit.target };
  const policy = existing.policies ? policyControlledBy(existing.policies, ref) : undefined;
  for (const p of existing.policies ?? []) if (p.name === policy) p.controlledByIac = true;
  existing.iac = { ...ref, ...(policy ? { policy } : {}) };
}

/** `--iac-dir`: rewrite each role's policy where the repo defines it; refusals say why and where, on stderr. */
async function applyIac(dir: string, located: readonly LocatedIac[]): Promise<string[]> {
  const written: string[] = [];
  for (const { proposal: p, outcomes } of located) {
    for (const outcome of outcomes) {
      if (outcome.kind === 'patched') {
        await writePatch(outcome);
        process.stderr.write(outcome.diff.endsWith('\n') ? outcome.diff : `${outcome.diff}\n`);
        for (const note of outcome.notes) process.stderr.write(`alpha: note: ${outcome.file}: ${note}\n`);
        written.push(`${outcome.file} (${outcome.target})`);
      } else if (outcome.kind === 'unchanged') {
        process.stderr.write(
          `alpha: ${outcome.file}:${outcome.line} (${outcome.target}) already matches the proposal\n`,
        );
      } else if (outcome.kind === 'refused') {
        process.stderr.write(
          `alpha: cannot patch ${outcome.file}:${outcome.line} (${outcome.target}) for ${p.role.name}: ${outcome.reason}\n`,
        );
      } else {
        process.stderr.write(`alpha: no policy for ${p.role.name} under ${dir}: ${outcome.reason}\n`);
      }
    }
  }
  return written;
}

function windowOf(end: string, days: number): { start: string; end: string } {
  return { start: windowStartFor(end, days), end };
}
