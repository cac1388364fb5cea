/**
 * AWS credentials for ALPHA, read-only by design: GitHub OIDC on runners, the default chain elsewhere, and an
 * optional reader role per account to chain into. One memoized provider per (base, role) is shared by every client,
 * because each SDK client would otherwise assume the role on its own and multiply STS calls.
 */
import { fromNodeProviderChain, fromTemporaryCredentials, fromWebToken } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AlphaError } from '../core/errors.js';
import { awsErrorCode } from './errors.js';
import { fullJitter, systemClock, type Clock } from './sleep.js';

export const OIDC_AUDIENCE = 'sts.amazonaws.com';
/** Refresh this long before expiry: chained sessions last ≤ 1 hour and a LookupEvents scan can outlive one. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface GitHubRunContext {
  readonly repository?: string;
  readonly repositoryId?: string;
  readonly repositoryOwnerId?: string;
  readonly runId?: string;
  readonly runAttempt?: string;
  /** The `sub` GitHub puts in the token for this job (e.g. `repo:org/repo:pull_request`), for error messages. */
  readonly subject?: string;
}

export interface OidcOptions {
  readonly roleArn: string;
  readonly region?: string;
  /** `core.getIDToken`; injected so tests and non-Actions hosts do not import @actions/core. */
  readonly getIdToken: (audience: string) => Promise<string>;
  readonly context?: GitHubRunContext;
  /** Masks a secret in the Actions log (`core.setSecret`). Called before anything is logged. */
  readonly setSecret?: (secret: string) => void;
  readonly maxAttempts?: number;
  /** Bounded total time for all attempts. Default 60 s. */
  readonly maxTotalMs?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly durationSeconds?: number;
  /** STS client overrides (endpoint for fakes). */
  readonly clientConfig?: Record<string, unknown>;
}

/** `alpha-<repo>-<run>-<attempt>`, within STS's 64 characters and `[\w+=,.@-]` alphabet. */
export function roleSessionName(context: GitHubRunContext = {}): string {
  const repo = (context.repository ?? 'local').split('/').pop() ?? 'local';
  const parts = ['alpha', repo, context.runId, context.runAttempt].filter((p): p is string => !!p);
  return parts
    .join('-')
    .replace(/[^\w+=,.@-]/g, '-')
    .slice(0, 64);
}

/** Both forms of `sub` a trust policy may pin: by name and the immutable `repo:owner@ID/repo@ID` form. */
export function subjectForms(context: GitHubRunContext): string[] {
  const forms: string[] = [];
  if (context.subject) forms.push(context.subject);
  const [owner, repo] = (context.repository ?? '').split('/');
  if (context.subject && owner && repo && context.repositoryOwnerId && context.repositoryId) {
    const rest = context.subject.slice(`repo:${owner}/${repo}`.length);
    if (context.subject.startsWith(`repo:${owner}/${repo}`))
      forms.push(`repo:${owner}@${context.repositoryOwnerId}/${repo}@${context.repositoryId}${rest}`);
  }
  return forms;
}

export function masked(
  credentials: AwsCredentialIdentity,
  setSecret?: (secret: string) => void,
): AwsCredentialIdentity {
  if (setSecret) {
    setSecret(credentials.accessKeyId);
    setSecret(credentials.secretAccessKey);
    if (credentials.sessionToken) setSecret(credentials.sessionToken);
  }
  return credentials;
}

const RETRYABLE_STS = new Set(['IDPCommunicationError', 'InvalidIdentityToken', 'ThrottlingException', 'Throttling']);

function oidcError(error: unknown, options: OidcOptions): AlphaError {
  const code = awsErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const subs = subjectForms(options.context ?? {});
  const subText = subs.length
    ? ` The token's sub was ${subs.map((s) => JSON.stringify(s)).join(' (immutable form ')}${subs.length > 1 ? ')' : ''}.`
    : '';
  if (/ACTIONS_ID_TOKEN_REQUEST|Unable to get ID token|id-token/i.test(message))
    return new AlphaError(
      `could not get a GitHub OIDC token: ${message}`,
      'add `permissions: id-token: write` to the workflow (fork pull requests never get one)',
    );
  if (code === 'AccessDenied' || /Not authorized to perform sts:AssumeRoleWithWebIdentity/i.test(message))
    return new AlphaError(
      `the trust policy of ${options.roleArn} rejected this workflow's OIDC token: ${message}.${subText}`,
      `let the role trust token.actions.githubusercontent.com with "token.actions.githubusercontent.com:aud": "${OIDC_AUDIENCE}" and a "token.actions.githubusercontent.com:sub" condition matching the sub above`,
    );
  if (code === 'InvalidIdentityToken' && /aud/i.test(message))
    return new AlphaError(
      `STS rejected the OIDC token's audience: ${message}`,
      `register the client ID (audience) "${OIDC_AUDIENCE}" on the IAM OIDC provider token.actions.githubusercontent.com`,
    );
  return new AlphaError(
    `could not assume ${options.roleArn} with the GitHub OIDC token${code ? ` (${code})` : ''}: ${message}`,
    'check that the IAM OIDC provider token.actions.githubusercontent.com exists in the account and the role trusts it',
  );
}

/**
 * GitHub OIDC → `sts:AssumeRoleWithWebIdentity`, a fresh ID token per attempt (tokens are single-use in spirit
 * and short-lived), retried with full jitter within a bounded total time.
 */
export function fromGitHubOidc(options: OidcOptions): AwsCredentialIdentityProvider {
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxTotalMs = options.maxTotalMs ?? 60_000;
  return async () => {
    const started = clock.now();
    let lastError: unknown;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      let token: string;
      try {
        token = await options.getIdToken(OIDC_AUDIENCE);
      } catch (error) {
        lastError = error;
        if (/id-token|ACTIONS_ID_TOKEN_REQUEST/i.test(String(error))) throw oidcError(error, options);
        await backoff(attempt);
        continue;
      }
      options.setSecret?.(token);
      try {
        const provider = fromWebToken({
          roleArn: options.roleArn,
          webIdentityToken: token,
          roleSessionName: roleSessionName(options.context),
          ...(options.durationSeconds ? { durationSeconds: options.durationSeconds } : {}),
          clientConfig: { ...(options.region ? { region: options.region } : {}), ...(options.clientConfig ?? {}) },
        });
        return masked(await provider(), options.setSecret);
      } catch (error) {
        lastError = error;
        const code = awsErrorCode(error);
        if (code === undefined || !RETRYABLE_STS.has(code) || /aud/i.test(String(error)))
          throw oidcError(error, options);
      }
      if (!(await backoff(attempt))) break;
    }
    throw oidcError(lastError, options);

    async function backoff(attempt: number): Promise<boolean> {
      const wait = fullJitter(attempt, 500, 10_000, options.random);
      if (clock.now() - started + wait > maxTotalMs) return false;
      await clock.sleep(wait);
      return true;
    }
  };
}

/**
 * Caches credentials and refreshes them `REFRESH_MARGIN_MS` before expiry; concurrent callers share one
 * in-flight request.
 */
export function memoizeCredentials(
  provider: AwsCredentialIdentityProvider,
  clock: Pick<Clock, 'now'> = systemClock,
): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const fresh =
      current !== undefined &&
      (current.expiration === undefined || current.expiration.getTime() - REFRESH_MARGIN_MS > clock.now());
    if (fresh && current) return current;
    pending ??= provider()
      .then((c) => (current = c))
      .finally(() => (pending = undefined));
    return pending;
  };
}

export interface CredentialOptions {
  /** OIDC on GitHub runners; takes precedence over `profile`. */
  readonly oidc?: OidcOptions;
  /** A named profile from ~/.aws/config (SSO, assume-role profiles… work as in the AWS CLI). */
  readonly profile?: string;
  readonly region?: string;
  readonly setSecret?: (secret: string) => void;
  readonly clock?: Clock;
}

export interface ReaderRole {
  readonly roleArn: string;
  readonly externalId?: string;
}

/**
 * The credentials a run uses. `forRole` chains into a cross-account reader role and returns the same memoized
 * provider for the same role and ExternalId, so every client reading one account shares one session.
 */
export class AwsCredentials {
  readonly base: AwsCredentialIdentityProvider;
  private readonly chained = new Map<string, AwsCredentialIdentityProvider>();

  constructor(private readonly options: CredentialOptions = {}) {
    const clock = options.clock ?? systemClock;
    const raw = options.oidc
      ? fromGitHubOidc({
          ...(options.region ? { region: options.region } : {}),
          ...options.oidc,
          ...(options.setSecret ? { setSecret: options.setSecret } : {}),
        })
      : fromNodeProviderChain({
          ...(options.profile ? { profile: options.profile } : {}),
          ...(options.region ? { clientConfig: { region: options.region } } : {}),
        });
    this.base = memoizeCredentials(async () => masked(await raw(), options.setSecret), clock);
  }

  forRole(reader?: ReaderRole, clientConfig: Record<string, unknown> = {}): AwsCredentialIdentityProvider {
    if (!reader) return this.base;
    const key = `${reader.roleArn}\u0000${reader.externalId ?? ''}`;
    let provider = this.chained.get(key);
    if (!provider) {
      const base = this.base;
      const chain = fromTemporaryCredentials({
        masterCredentials: base,
        params: {
          RoleArn: reader.roleArn,
          RoleSessionName: 'alpha-reader',
          // STS caps chained sessions at one hour whatever the role's maximum.
          DurationSeconds: 3600,
          ...(reader.externalId ? { ExternalId: reader.externalId } : {}),
        },
        clientConfig: { ...(this.options.region ? { region: this.options.region } : {}), ...clientConfig },
      });
      const setSecret = this.options.setSecret;
      provider = memoizeCredentials(async () => {
        try {
          return masked(await chain(), setSecret);
        } catch (error) {
          const code = awsErrorCode(error);
          throw new AlphaError(
            `could not assume reader role ${reader.roleArn}${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
            `allow "sts:AssumeRole" on ${reader.roleArn} for ALPHA's identity, and make the reader role trust it${reader.externalId ? ' with the matching sts:ExternalId condition' : ''}`,
          );
        }
      }, this.options.clock ?? systemClock);
      this.chained.set(key, provider);
    }
    return provider;
  }
}
