/**
 * The run's AWS credentials from what `awsAccessFor` decided: GitHub OIDC (`core.getIDToken` →
 * `sts:AssumeRoleWithWebIdentity`) or the ambient chain, one memoized provider shared by every client, and one
 * chained provider per cross-account reader role. Every key, secret and session token goes through `setSecret`
 * when it is obtained, before anything can log it. `@actions/core` stays in main.ts: it is injected here.
 */
import { AwsCredentials, type GitHubRunContext } from '../aws/credentials.js';
import type { AwsAccess } from './credentials.js';

export interface ActionAwsDeps {
  readonly getIdToken: (audience: string) => Promise<string>;
  readonly setSecret: (secret: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The run's GitHub context for the STS session name and for trust-policy error messages (both `sub` forms). */
export function gitHubRunContext(env: Readonly<Record<string, string | undefined>>): GitHubRunContext {
  const repository = env.GITHUB_REPOSITORY;
  const event = env.GITHUB_EVENT_NAME;
  // GitHub's default `sub`: pull_request events → `repo:o/r:pull_request`; others name the ref (or the environment).
  const subject = repository
    ? event === 'pull_request' || event === 'pull_request_target'
      ? `repo:${repository}:pull_request`
      : env.GITHUB_REF
        ? `repo:${repository}:ref:${env.GITHUB_REF}`
        : undefined
    : undefined;
  return {
    ...(repository ? { repository } : {}),
    ...(env.GITHUB_REPOSITORY_ID ? { repositoryId: env.GITHUB_REPOSITORY_ID } : {}),
    ...(env.GITHUB_REPOSITORY_OWNER_ID ? { repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID } : {}),
    ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
    ...(env.GITHUB_RUN_ATTEMPT ? { runAttempt: env.GITHUB_RUN_ATTEMPT } : {}),
    ...(subject ? { subject } : {}),
  };
}

export function createActionCredentials(aws: AwsAccess, deps: ActionAwsDeps): AwsCredentials | undefined {
  if (aws.kind === 'none') return undefined;
  if (aws.kind === 'ambient') return new AwsCredentials({ region: aws.region, setSecret: deps.setSecret });
  return new AwsCredentials({
    region: aws.region,
    setSecret: deps.setSecret,
    oidc: { roleArn: aws.roleToAssume, getIdToken: deps.getIdToken, context: gitHubRunContext(deps.env) },
  });
}

export { credentialsForRole } from './reader-credentials.js';
