/**
 * AWS failures → errors a user can act on. An AccessDenied names the exact IAM action the read-only role lacks,
 * because "access denied" alone sends people to the wrong policy.
 */
import { AlphaError } from '../core/errors.js';

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
]);

interface AwsLikeError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as AwsLikeError;
  return e.Code ?? e.name;
}

export function isAccessDenied(error: unknown): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && DENIED.has(code);
}

export function isThrottling(error: unknown): boolean {
  const code = awsErrorCode(error);
  return (
    code === 'ThrottlingException' ||
    code === 'Throttling' ||
    code === 'TooManyRequestsException' ||
    code === 'RequestLimitExceeded' ||
    code === 'SlowDown'
  );
}

/**
 * Wraps an AWS SDK error with the action that was attempted (`cloudtrail:LookupEvents`) and, when denied, the
 * policy statement that fixes it.
 */
export function awsCallError(action: string, target: string, error: unknown): AlphaError {
  const message = error instanceof Error ? error.message : String(error);
  if (isAccessDenied(error))
    return new AlphaError(
      `AWS denied ${action} on ${target}: ${message}`,
      `allow "${action}" on ${target} in the policy of the role ALPHA runs as (see README, "AWS permissions")`,
    );
  const code = awsErrorCode(error);
  if (code === 'CredentialsProviderError')
    return new AlphaError(
      `no AWS credentials to call ${action} on ${target}: ${message}`,
      'pass --profile NAME (or set AWS_PROFILE / AWS_ACCESS_KEY_ID), run `aws sso login` if the profile uses SSO, or read local files with --cloudtrail-logs DIR',
    );
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException')
    return new AlphaError(
      `the AWS credentials expired while calling ${action} on ${target}: ${message}`,
      'refresh them (`aws sso login`, or a new session) and run again',
    );
  return new AlphaError(`${action} on ${target} failed${code ? ` (${code})` : ''}: ${message}`);
}
