/**
 * One analysis of a pull request's head, as the Action runs it (config → plan → usage → analyzeRole → patch →
 * render), but with the App's inputs: the config text from the default branch, the IaC files from the PR head
 * read through the API as data, and usage from the App's own AWS credentials (or `ALPHA_CLOUDTRAIL_LOGS`).
 * No Probot, no store here: this is the module the Action could share.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { annotationsFor } from '../../src/action/annotations.js';
import { verdictFor, type Verdict } from '../../src/action/conclusion.js';
import { existingPolicyFromIac } from '../../src/action/iac.js';
import type { ActionInputs } from '../../src/action/inputs.js';
import { planAnalysis, type AnalysisPlan } from '../../src/action/plan.js';
import { createUsageReader, type RoleUsage } from '../../src/action/usage.js';
import { AwsCredentials } from '../../src/aws/credentials.js';
import { readExistingFromIam, type ExistingFromIam } from '../../src/aws/existing-policies.js';
import { actionServiceReference, iacRefOf } from '../../src/action/aws-sources.js';
import { proposalForRole } from '../../src/action/role-proposal.js';
import { credentialsForRole } from '../../src/action/reader-credentials.js';
import type { AlphaConfig, RoleConfig } from '../../src/config/schema.js';
import type { IamCatalog } from '../../src/core/catalog.js';
import { AlphaError } from '../../src/core/errors.js';
import type { NamedPolicy } from '../../src/core/policy/document.js';
import type { Proposal } from '../../src/core/proposal.js';
import { renderCheckReport, type CheckReport, type IacReport } from '../../src/core/report/markdown-check.js';
import type { CheckAnnotation } from '../../src/github/checks.js';
import { applyAcceptedAdditions } from '../../src/core/accepted/apply.js';
import { reasonAbout } from '../../src/reasoner/index.js';
import type { AcceptedAddition, StoredPatch } from '../../src/store/store.js';
import { materialize, patchRole } from './pr-iac.js';
import { reasonerOptionsFor, reasoningEnabled, type ReasonerSettings } from './reasoner-settings.js';
import { safeRepoPath, type FilesAtRef } from './repo-files.js';

// Same budget as the Action: the proposal must fit a managed policy.
export const POLICY_SIZE_LIMIT = 6144;
export const APP_REPORT_HINT = '`/alpha explain <action>` on the pull request (the ALPHA App keeps the full analysis)';
export const COMMIT_HINT = 'comment `/alpha commit` to apply it';
export const FORK_COMMIT_HINT =
  'comment `/alpha commit` to get it as review suggestions (fork pull requests are never committed to)';

export interface UsageSettings {
  /** `ALPHA_CLOUDTRAIL_LOGS`: local CloudTrail folders on the App's host (self-hosted, offline, tests). */
  localLogs?: readonly string[];
  /** Credentials for Bedrock (tests); the AWS sources and IAM use the SDK's provider chain and reader roles. */
  credentials?: AwsCredentialIdentityProvider;
  region?: string;
  /**
   * `ALPHA_SERVICE_REFERENCE`: `aws` (AWS's operation → action map, fetched and cached), `builtin`, or a folder
   * with a copy. Default as in the Action: `aws` for AWS sources, `builtin` for local logs.
   */
  serviceReference?: string;
}

export interface AnalysisDeps {
  catalog: () => Promise<IamCatalog>;
  usage: UsageSettings;
  now: () => Date;
  /** Operator-facing notes (e.g. AWS's action map unavailable, built-in rules used). */
  log?: (line: string) => void;
  /** The Bedrock reasoner (advice only); absent = as `ALPHA_REASONING` unset and no operator model. */
  reasoner?: ReasonerSettings;
}

export interface AnalysisRequest {
  config: AlphaConfig | null;
  /** Role ARNs or names from `/alpha analyze role…`; empty = every role in the config. */
  roles: readonly string[];
  /** The PR head, read through the contents API. */
  files: FilesAtRef;
  checkName: string;
  /** Permissions people accepted on this pull request (`/alpha accept`); vetted again and added per role. */
  acceptances?: readonly AcceptedAddition[];
  /** What the check tells a reader to do with a ready patch; default: comment `/alpha commit`. */
  patchedHint?: string;
}

export interface AnalysisOutcome {
  plan: AnalysisPlan;
  proposals: Proposal[];
  iac: Record<string, IacReport>;
  patches: StoredPatch[];
  verdict: Verdict;
  report: CheckReport;
  annotations: CheckAnnotation[];
}

/** The roles a command names, by ARN or name; an unknown name is an error listing the known ones. */
export function selectRoles(all: readonly RoleConfig[], wanted: readonly string[]): RoleConfig[] {
  if (wanted.length === 0) return [...all];
  const nameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
  const picked: RoleConfig[] = [];
  for (const w of wanted) {
    const role = all.find((r) => r.arn === w || nameOf(r.arn) === w);
    if (!role)
      throw new AlphaError(
        `role ${w.slice(0, 100)} is not in .github/alpha.yml on the default branch`,
        `name one of: ${all.map((r) => nameOf(r.arn)).join(', ')}`,
      );
    if (!picked.includes(role)) picked.push(role);
  }
  return picked;
}

function appInputs(checkName: string, localLogs: readonly string[]): ActionInputs {
  return {
    roleArns: [],
    configPath: '.github/alpha.yml',
    cloudtrailLogs: [...localLogs],
    excludeServices: [],
    suppressActions: [],
    githubToken: '',
    checkName,
    comment: false,
    outputDir: '',
    ...(localLogs.length > 0 ? { source: 'local' as const } : {}),
  };
}

export function planForApp(
  config: AlphaConfig | null,
  roles: readonly string[],
  usage: UsageSettings,
  checkName: string,
): AnalysisPlan {
  if (!config)
    throw new AlphaError(
      'there is no .github/alpha.yml on the default branch',
      'commit one with a `roles:` list (see schema/alpha-config.schema.json) to the default branch',
    );
  const plan = planAnalysis(appInputs(checkName, usage.localLogs ?? []), config);
  // `usage.paths` would be files in the repository: usage a pull request could forge. The App reads usage only
  // from AWS or from folders its operator configured.
  if (plan.usage.source === 'local' && (usage.localLogs ?? []).length === 0)
    throw new AlphaError(
      'the config says `usage.source: local`, but the App never reads CloudTrail logs from the repository (a pull request could forge them)',
      'use source lookup-events or s3 with the App’s AWS credentials, or set ALPHA_CLOUDTRAIL_LOGS on the App’s host',
    );
  return { ...plan, roles: selectRoles(plan.roles, roles) };
}

function byArn(a: { role: { arn: string } }, b: { role: { arn: string } }): number {
  return a.role.arn < b.role.arn ? -1 : a.role.arn > b.role.arn ? 1 : 0;
}

/** The conclusion, the check's Markdown and its annotations for a set of proposals (analysis or refinement). */
export function reportFor(
  plan: Pick<AnalysisPlan, 'mode' | 'riskThreshold'>,
  proposals: readonly Proposal[],
  iac: Readonly<Record<string, IacReport>>,
  patchedHint: string,
): { verdict: Verdict; report: CheckReport; annotations: CheckAnnotation[] } {
  const verdict = verdictFor([...proposals], plan.mode, plan.riskThreshold);
  const report = renderCheckReport({
    proposals,
    mode: plan.mode,
    riskThreshold: plan.riskThreshold,
    conclusion: verdict.conclusion,
    iac,
    fullReportHint: APP_REPORT_HINT,
    patchedHint,
    acceptCommands: true,
  });
  return { verdict, report, annotations: annotationsFor([...proposals], iac, verdict.conclusion, plan.riskThreshold) };
}

export async function analyzePullRequest(deps: AnalysisDeps, request: AnalysisRequest): Promise<AnalysisOutcome> {
  const plan = planForApp(request.config, request.roles, deps.usage, request.checkName);
  const now = deps.now();
  const region = deps.usage.region ?? 'us-east-1';
  // The App's own AWS identity, built only when a run reaches AWS; reader roles chain from it per account.
  let credentials: AwsCredentials | undefined;
  const aws = (): AwsCredentials => (credentials ??= new AwsCredentials({ region }));
  // The Action's reader: local folders once for all roles, AWS sources once per account (and reader role) for all
  // the roles in it — never one LookupEvents scan per role.
  const readUsageOf =
    plan.usage.source === 'local'
      ? createUsageReader(plan, '/', now, { kind: 'none' })
      : createUsageReader(plan, '/', now, { kind: 'ambient', region }, { credentials: aws(), region });
  const catalogPromise = deps.catalog();
  const workspace = await mkdtemp(join(tmpdir(), 'alpha-app-'));
  try {
    const iac: Record<string, IacReport> = {};
    const patches: StoredPatch[] = [];
    // Every role's usage first (one scan per account), so AWS's action map is then fetched once for the services used.
    const gathered: {
      role: RoleConfig;
      usage: RoleUsage;
      fromFile: NamedPolicy[] | null;
      fromIam?: ExistingFromIam;
    }[] = [];
    for (const role of plan.roles) {
      const usage = await readUsageOf(role);
      // A JSON policy file named in the config is the policy the role has today; copy it in first.
      const policyFile = role.iac?.terraform?.file;
      if (policyFile && /\.json$/i.test(policyFile))
        await materialize(request.files, safeRepoPath(policyFile), workspace);
      const fromFile = await existingPolicyFromIac(role, workspace);
      // Otherwise IAM says (through the account's reader role), as in the Action: the diff is against the whole
      // effective grant. Offline App hosts (ALPHA_CLOUDTRAIL_LOGS) keep "before" unknown.
      const iacRef = iacRefOf(role);
      const fromIam =
        fromFile === null && plan.usage.source !== 'local'
          ? await readExistingFromIam(role.arn, {
              credentials: credentialsForRole(aws(), role) ?? aws().base,
              ...(iacRef ? { iac: iacRef } : {}),
            })
          : undefined;
      gathered.push({ role, usage, fromFile, ...(fromIam ? { fromIam } : {}) });
    }
    const catalog = await catalogPromise;
    const serviceReference = await actionServiceReference(
      deps.usage.serviceReference ? { serviceReference: deps.usage.serviceReference } : {},
      plan,
      workspace,
      gathered.map((g) => g.usage),
      catalog,
      deps.log ?? (() => undefined),
    );
    const observed = gathered.map((g) => ({
      role: g.role,
      proposal: proposalForRole({ ...g, serviceReference, catalog, plan, now }),
    }));
    // Advice only, on what the logs showed: it never changes a policy or the conclusion, and never throws.
    const reasoned = reasoningEnabled(deps.reasoner, plan)
      ? await reasonAbout(
          observed.map((o) => o.proposal),
          { catalog, guardrails: plan.guardrails, riskThreshold: plan.riskThreshold },
          reasonerOptionsFor(deps.reasoner, plan, deps.usage.credentials),
        )
      : observed.map((o) => o.proposal);
    const proposals: Proposal[] = [];
    for (const [index, { role }] of observed.entries()) {
      const base = reasoned[index] as Proposal;
      const accepted = (request.acceptances ?? []).filter((a) => a.roleArn === base.role.arn);
      const proposal =
        accepted.length === 0
          ? base
          : applyAcceptedAdditions(base, accepted, {
              catalog,
              guardrails: plan.guardrails,
              now: now.toISOString(),
              sizeLimit: POLICY_SIZE_LIMIT,
            });
      const patched = await patchRole(role, proposal, request.files, workspace);
      if (patched) {
        iac[proposal.role.arn] = patched.report;
        if (patched.patch && patched.kind) {
          patches.push(patched.patch);
          proposal.patches[patched.kind] = patched.patch.diff;
        }
      }
      proposals.push(proposal);
    }
    proposals.sort(byArn);
    patches.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.roleArn < b.roleArn ? -1 : 1));
    return { plan, proposals, iac, patches, ...reportFor(plan, proposals, iac, request.patchedHint ?? COMMIT_HINT) };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
