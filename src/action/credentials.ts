/**
 * Whether this run can reach AWS, decided before anything is created on GitHub. Without credentials the Action
 * must not report success (DESIGN.md): it fails the step and says a maintainer can run `/alpha analyze`,
 * which runs the analysis through the ALPHA GitHub App with its own credentials.
 */
import { AlphaError } from '../core/errors.js';
import type { ActionInputs } from './inputs.js';
import type { AnalysisPlan } from './plan.js';

export const MAINTAINER_HINT =
  'a maintainer can comment `/alpha analyze` on the pull request to run the analysis through the ALPHA GitHub App';

/** The analysis could not run here; the step fails and the check is left to the App. */
export class AnalysisUnavailableError extends AlphaError {
  constructor(message: string, fix: string) {
    super(message, fix);
    this.name = 'AnalysisUnavailableError';
  }
}

export type AwsAccess =
  | { kind: 'none' }
  /** OIDC: the ID token is exchanged for the role's credentials (`sts:AssumeRoleWithWebIdentity`). */
  | { kind: 'oidc'; roleToAssume: string; region: string }
  /** Credentials already in the environment (an earlier configure-aws-credentials step, a self-hosted runner). */
  | { kind: 'ambient'; region: string };

export function forkPullRequestError(): AnalysisUnavailableError {
  return new AnalysisUnavailableError(
    'this pull request comes from a fork: GitHub gives fork workflows no OIDC token and a read-only token, so ALPHA cannot analyze it here, and will not report success without an analysis',
    MAINTAINER_HINT,
  );
}

export function awsAccessFor(
  plan: AnalysisPlan,
  inputs: ActionInputs,
  env: Readonly<Record<string, string | undefined>>,
): AwsAccess {
  const region = inputs.awsRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!plan.needsAws) {
    // Local files need no AWS; with role-to-assume and a token, IAM still tells what the roles have today.
    const token = !!env.ACTIONS_ID_TOKEN_REQUEST_URL && !!env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    return inputs.roleToAssume && token
      ? { kind: 'oidc', roleToAssume: inputs.roleToAssume, region }
      : { kind: 'none' };
  }
  if (inputs.roleToAssume) {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
      throw new AnalysisUnavailableError(
        'no OIDC token is available to assume input role-to-assume',
        `add \`id-token: write\` to the workflow's \`permissions:\`; on a fork pull request ${MAINTAINER_HINT}`,
      );
    return { kind: 'oidc', roleToAssume: inputs.roleToAssume, region };
  }
  if (env.AWS_ACCESS_KEY_ID || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return { kind: 'ambient', region };
  throw new AnalysisUnavailableError(
    `no AWS credentials: source ${plan.usage.source}${plan.reasoner.enabled ? ' and the reasoner' : ''} read from AWS, and input role-to-assume is empty`,
    `set \`role-to-assume:\` (with \`id-token: write\` permission) to a read-only role; on a fork pull request ${MAINTAINER_HINT}`,
  );
}
