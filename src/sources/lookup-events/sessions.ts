/**
 * Which sessions of a role could have acted in a window, from the `AssumeRole*` events that name the role. This is
 * what makes a narrow LookupEvents read provably complete: every role session starts with one of these events in
 * the role's account, and each names the access key id its calls are then logged under. When any of that cannot be
 * shown (a credential-issuing event without a key id, an issuer we do not know), the caller falls back to the full
 * scan — narrow is an optimization, never a guess.
 */
import { principalMatches } from '../../core/cloudtrail/principal.js';

/** Role sessions last at most 12 hours (MaxSessionDuration), so a session issued this long before the window can act in it. */
export const MAX_SESSION_MS = 12 * 60 * 60 * 1000;

/** Events that mint role credentials and log the issued access key id. */
const ASSUME_EVENTS = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);
/**
 * Other events that name a role and mint credentials without a key id we can follow (IAM Roles Anywhere,
 * Identity Center): their presence makes the narrow read unprovable.
 */
const UNTRACEABLE_ISSUERS = new Set(['CreateSession', 'GetRoleCredentials']);

export interface RoleSession {
  readonly accessKeyId: string;
  /** When the session was issued: its calls fall in [issuedAt, issuedAt + 12 h]. */
  readonly issuedAt: string;
}

export type SessionVerdict =
  | { readonly kind: 'session'; readonly session: RoleSession }
  /** Not about this role's credentials (a GetRole, a failed AssumeRole…): nothing to follow. */
  | { readonly kind: 'ignore' }
  | { readonly kind: 'untraceable'; readonly reason: string };

interface AssumeRecord {
  eventName?: unknown;
  eventTime?: unknown;
  eventID?: unknown;
  errorCode?: unknown;
  requestParameters?: { roleArn?: unknown } | null;
  responseElements?: { credentials?: { accessKeyId?: unknown } | null } | null;
}

/** Judges one event returned by a `ResourceName = <role ARN>` lookup. */
export function sessionOf(record: unknown, roleArn: string): SessionVerdict {
  const r = (record ?? {}) as AssumeRecord;
  const name = typeof r.eventName === 'string' ? r.eventName : '';
  if (r.errorCode !== undefined && r.errorCode !== null) return { kind: 'ignore' };
  if (UNTRACEABLE_ISSUERS.has(name))
    return { kind: 'untraceable', reason: `${name} event ${String(r.eventID ?? '?')} issues credentials for the role` };
  if (!ASSUME_EVENTS.has(name)) return { kind: 'ignore' };
  const assumed = r.requestParameters?.roleArn;
  if (typeof assumed === 'string' && !principalMatches(roleArn, assumed)) return { kind: 'ignore' };
  const key = r.responseElements?.credentials?.accessKeyId;
  const time = typeof r.eventTime === 'string' ? r.eventTime : undefined;
  if (typeof key !== 'string' || !key || !time)
    return {
      kind: 'untraceable',
      reason: `${name} event ${String(r.eventID ?? '?')} has no access key id to follow`,
    };
  return { kind: 'session', session: { accessKeyId: key, issuedAt: new Date(time).toISOString() } };
}

/** The slice of the window a session can have acted in. */
export function sessionWindow(
  session: RoleSession,
  window: { start: string; end: string },
): { start: string; end: string } | undefined {
  const issued = Date.parse(session.issuedAt);
  const start = Math.max(issued, Date.parse(window.start));
  const end = Math.min(issued + MAX_SESSION_MS, Date.parse(window.end));
  return start <= end ? { start: new Date(start).toISOString(), end: new Date(end).toISOString() } : undefined;
}
