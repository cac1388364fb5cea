/**
 * The Action: parse inputs → read the config from the base branch → plan → check run in progress → analyze
 * each role → render → write the check, job summary, optional comment and files → outputs. The engine does the
 * thinking; this file only moves data between GitHub, the workspace and the engine (role-proposal.ts).
 */
import * as core from '@actions/core';
import { context } from '@actions/github';
import { loadIamCatalog } from '../catalog/iam-data.js';
import { describeError } from '../core/errors.js';
import type { Proposal } from '../core/proposal.js';
import {
  COMMENT_LIMIT,
  JOB_SUMMARY_LIMIT,
  renderCheckReport,
  type CheckReportInput,
  type IacReport,
} from '../core/report/markdown-check.js';
import { codeSpan, escapeMarkdown } from '../core/report/markdown-escape.js';
import { parseAlphaConfig } from '../config/parse.js';
import type { AlphaConfig } from '../config/schema.js';
import { completeCheckRun, createCheckRun, type CheckRunRef } from '../github/checks.js';
import { createGitHubClient, type GitHubClient, type RepoRef } from '../github/client.js';
import { COMMENT_MARKER, resolveOwnLogin, upsertPullRequestComment } from '../github/comment.js';
import { readFileAtRef } from '../github/config-at-ref.js';
import { annotationsFor } from './annotations.js';
import { verdictFor, describeOutcome } from './conclusion.js';
import { AnalysisUnavailableError, awsAccessFor, forkPullRequestError } from './credentials.js';
import { runTargetOf, type RunTarget } from './event.js';
import { existingPolicyFromIac, patchRoleIac, type RolePatch } from './iac.js';
import { parseActionInputs, type ActionInputs } from './inputs.js';
import { writeRunOutputs } from './outputs.js';
import { planAnalysis, type AnalysisPlan } from './plan.js';
import { createUsageReader, type RoleUsage } from './usage.js';
import { actionServiceReference, iacRefOf } from './aws-sources.js';
import { credentialsForRole } from './reader-credentials.js';
import { proposalForRole } from './role-proposal.js';
import type { ExistingFromIam } from '../aws/existing-policies.js';
import type { NamedPolicy } from '../core/policy/document.js';

/** `SOURCE_DATE_EPOCH` pins `generatedAt` for byte-identical reruns, as in the CLI. */
function clockNow(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

export async function run(): Promise<void> {
  let gh: GitHubClient | undefined;
  let check: CheckRunRef | undefined;
  const repo: RepoRef = { owner: context.repo.owner, repo: context.repo.repo };
  // Masked before anything can be logged, including an input error.
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  try {
    const inputs = parseActionInputs((name) => core.getInput(name));
    const target = runTargetOf(context.eventName, context.payload, context.sha);
    if (target.pullRequest?.fork) throw forkPullRequestError();

    gh = createGitHubClient(inputs.githubToken);
    const config = await readConfig(gh, repo, inputs.configPath, target);
    const plan = planAnalysis(inputs, config);
    const aws = awsAccessFor(plan, inputs, process.env);
    core.info(
      `ALPHA: ${plan.roles.length} role(s), source ${plan.usage.source}, ${plan.usage.days} days, mode ${plan.mode}, risk threshold ${plan.riskThreshold}`,
    );

    check = await createCheckRun(gh, repo, { name: inputs.checkName, headSha: target.headSha, detailsUrl: runUrl() });
    core.setOutput('check-run-url', check.url);
    await analyzeAndReport(gh, repo, check, inputs, plan, target, aws);
  } catch (error) {
    await failRun(gh, repo, check, error);
  }
}

async function readConfig(
  gh: GitHubClient,
  repo: RepoRef,
  path: string,
  target: RunTarget,
): Promise<AlphaConfig | null> {
  const text = await readFileAtRef(gh, repo, path, target.configSha);
  const where = target.pullRequest
    ? `the base branch (${target.pullRequest.baseRef || target.configSha.slice(0, 12)})`
    : target.configSha.slice(0, 12);
  if (text === null) {
    core.info(`No ${path} on ${where}: using the action inputs only.`);
    return null;
  }
  core.info(`Read ${path} from ${where}.`);
  return parseAlphaConfig(text, path);
}

async function analyzeAndReport(
  gh: GitHubClient,
  repo: RepoRef,
  check: CheckRunRef,
  inputs: ActionInputs,
  plan: AnalysisPlan,
  target: RunTarget,
  aws: ReturnType<typeof awsAccessFor>,
): Promise<void> {
  const now = clockNow();
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const catalogPromise = loadIamCatalog();
  // The AWS SDK is loaded only when this run reaches AWS: start-up stays fast, local-file runs never load it.
  const awsModules =
    aws.kind === 'none'
      ? undefined
      : { ...(await import('./aws.js')), ...(await import('../aws/existing-policies.js')) };
  const credentials = awsModules?.createActionCredentials(aws, {
    getIdToken: (audience) => core.getIDToken(audience),
    setSecret: (secret) => core.setSecret(secret),
    env: process.env,
  });
  // The policies each role has today, first: a JSON policy file in the config *is* the policy; otherwise IAM says
  // (through the account's reader role), and gives the role's real ARN, path included, for the usage read.
  const existing = new Map<string, { fromFile: NamedPolicy[] | null; fromIam?: ExistingFromIam }>();
  for (const role of plan.roles) {
    const fromFile = await existingPolicyFromIac(role, workspace);
    const roleCredentials = credentialsForRole(credentials, role);
    const iacRef = iacRefOf(role);
    const fromIam =
      fromFile === null && roleCredentials && awsModules
        ? await awsModules.readExistingFromIam(role.arn, {
            credentials: roleCredentials,
            ...(iacRef ? { iac: iacRef } : {}),
          })
        : undefined;
    existing.set(role.arn, { fromFile, ...(fromIam ? { fromIam } : {}) });
  }
  const readUsage = createUsageReader(plan, workspace, now, aws, {
    ...(credentials ? { credentials } : {}),
    region: aws.kind === 'none' ? 'us-east-1' : aws.region,
    log: (line) => core.info(line),
    principalArnOf: (role) => existing.get(role.arn)?.fromIam?.actualArn ?? role.arn,
  });
  // Every account is read before any analysis: the Service Reference is then fetched once, for the services used.
  const usages = new Map<string, RoleUsage>();
  for (const role of plan.roles) usages.set(role.arn, await readUsage(role));
  const catalog = await catalogPromise;
  const serviceReference = await actionServiceReference(inputs, plan, workspace, [...usages.values()], catalog, (l) =>
    core.info(l),
  );

  const proposals: Proposal[] = [];
  const patches = new Map<string, RolePatch>();
  const iac: Record<string, IacReport> = {};
  for (const role of plan.roles) {
    const usage = usages.get(role.arn) as RoleUsage;
    const { fromFile, fromIam } = existing.get(role.arn) ?? { fromFile: null };
    const proposal = proposalForRole({ role, usage, fromFile, fromIam, serviceReference, catalog, plan, now });
    const patch = await patchRoleIac(role, proposal, workspace);
    if (patch) {
      patches.set(proposal.role.arn, patch);
      iac[proposal.role.arn] = patch.report;
      if (patch.diff && patch.kind) proposal.patches[patch.kind] = patch.diff;
    }
    proposals.push(proposal);
  }
  proposals.sort((a, b) => (a.role.arn < b.role.arn ? -1 : a.role.arn > b.role.arn ? 1 : 0));

  // Decided before the reasoner runs: its advice can never change the conclusion (DESIGN.md).
  const verdict = verdictFor(proposals, plan.mode, plan.riskThreshold);
  if (plan.reasoner.enabled) {
    const { reasonAbout } = await import('../reasoner/index.js');
    const reasoned = await reasonAbout(
      proposals,
      { catalog, guardrails: plan.guardrails, riskThreshold: plan.riskThreshold },
      {
        ...(plan.reasoner.model ? { model: plan.reasoner.model } : {}),
        ...(aws.kind === 'none' ? {} : { region: aws.region }),
        // The workflow's own (OIDC) session, never a reader role: Bedrock runs in the tool account.
        ...(credentials ? { credentials: credentials.base } : {}),
        log: (line) => core.info(line),
      },
    );
    proposals.splice(0, proposals.length, ...reasoned);
  }
  const written = await writeRunOutputs(inputs.outputDir, workspace, proposals, patches);
  const reportInput: CheckReportInput = {
    proposals,
    mode: plan.mode,
    riskThreshold: plan.riskThreshold,
    conclusion: verdict.conclusion,
    iac,
    fullReportHint: `${codeSpan(`${inputs.outputDir}/proposal.json`)} (upload it with actions/upload-artifact)`,
  };
  const checkReport = renderCheckReport(reportInput);
  await completeCheckRun(gh, repo, check, {
    conclusion: verdict.conclusion,
    title: checkReport.title,
    summary: checkReport.summary,
    annotations: annotationsFor(proposals, iac, verdict.conclusion, plan.riskThreshold),
  });
  await core.summary.addRaw(renderCheckReport(reportInput, JOB_SUMMARY_LIMIT).summary).write();
  if (inputs.comment && target.pullRequest) {
    const body = renderCheckReport({ ...reportInput, marker: COMMENT_MARKER }, COMMENT_LIMIT).summary;
    const ownLogin = await resolveOwnLogin(gh);
    const comment = await upsertPullRequestComment(gh, repo, { number: target.pullRequest.number, body, ownLogin });
    core.info(`Comment ${comment.action}: ${comment.url}`);
  }

  const maxRisk = Math.max(0, ...proposals.map((p) => p.proposal.riskSignal.probabilityOfBreak));
  core.setOutput('conclusion', verdict.conclusion);
  core.setOutput('risk', String(maxRisk));
  core.setOutput('violations', String(proposals.reduce((n, p) => n + p.proposal.guardrailViolations.length, 0)));
  core.setOutput('proposal-path', written.proposalPath);
  core.info(`${checkReport.title}\nCheck: ${check.url}\nProposal: ${written.proposalPath}`);
  if (verdict.failStep)
    core.setFailed(`ALPHA: ${describeOutcome(verdict.outcome)} (mode enforce): ${checkReport.title}`);
  else if (verdict.outcome !== 0)
    core.warning(`ALPHA: ${describeOutcome(verdict.outcome)} (mode report, not blocking): ${checkReport.title}`);
}

/** Every failure fails the step; a check already created is completed as failure so it never hangs in progress. */
async function failRun(
  gh: GitHubClient | undefined,
  repo: RepoRef,
  check: CheckRunRef | undefined,
  error: unknown,
): Promise<void> {
  const message = describeError(error);
  core.setOutput('conclusion', error instanceof AnalysisUnavailableError ? 'action_required' : 'failure');
  if (gh && check) {
    try {
      await completeCheckRun(gh, repo, check, {
        conclusion: 'failure',
        title: 'ALPHA could not complete the analysis',
        summary: `## ❌ ALPHA could not complete the analysis\n\n${message
          .split('\n')
          .map((l) => escapeMarkdown(l, 5000))
          .join('\n\n')}\n`,
      });
    } catch (completeError) {
      core.warning(`could not mark the check as failed: ${describeError(completeError)}`);
    }
  }
  core.setFailed(`ALPHA: ${message}`);
}

function runUrl(): string | undefined {
  const { serverUrl, runId } = context;
  return runId ? `${serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${runId}` : undefined;
}
