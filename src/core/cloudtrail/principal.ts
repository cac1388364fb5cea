// CONTRACT STUB — owned by the mapping helper, who replaces the body (signatures stay).
import type { UserIdentity } from './record.js';

export interface Principal {
  /** Role ARN as IAM names it (with path), or IAM user ARN. */
  readonly arn: string;
  readonly kind: 'role' | 'user';
}

/** Who made a call, in terms of the IAM principal whose policy allowed it; undefined for AWS services, anonymous, root. */
export function resolvePrincipal(identity: UserIdentity | undefined): Principal | undefined {
  if (identity?.type === 'AssumedRole' && identity.sessionContext?.sessionIssuer?.arn)
    return { arn: identity.sessionContext.sessionIssuer.arn, kind: 'role' };
  if (identity?.type === 'IAMUser' && identity.arn) return { arn: identity.arn, kind: 'user' };
  return undefined;
}

/** Case-sensitive on the name; path-insensitive when the requested ARN carries no path. */
export function principalMatches(requestedArn: string, principalArn: string): boolean {
  return requestedArn === principalArn;
}
