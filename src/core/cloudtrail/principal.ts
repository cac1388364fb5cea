/**
 * Who made a CloudTrail call, named as the IAM principal whose policy allowed it. A role session's own ARN
 * (`arn:aws:sts::…:assumed-role/Name/session`) is not what a policy is attached to: the role is, and only
 * `sessionContext.sessionIssuer.arn` carries its path.
 */
import type { UserIdentity } from './record.js';

export interface Principal {
  /** Role ARN as IAM names it (with path), or IAM user ARN. */
  readonly arn: string;
  readonly kind: 'role' | 'user';
  /**
   * Set when the role ARN was derived from an `assumed-role` session ARN because the record had no session
   * issuer: the session ARN never carries the role's path, so `arn` is written without one and may differ from
   * the role's real ARN (`role/service/Name`). Analyze such a role by its path-less ARN.
   */
  readonly pathUnknown?: true;
}

export type IamArnKind = 'role' | 'user' | 'group' | 'instance-profile' | 'policy';

export interface IamArn {
  readonly partition: string;
  readonly accountId: string;
  readonly kind: IamArnKind;
  /** `/` for the root path, otherwise `/a/b/` as IAM writes paths. */
  readonly path: string;
  readonly name: string;
}

const IAM_KINDS: ReadonlySet<string> = new Set<IamArnKind>(['role', 'user', 'group', 'instance-profile', 'policy']);
const PARTITION = /^aws(-[a-z]+)*$/;
const ACCOUNT = /^\d{12}$/;
// IAM allows [\w+=,.@-] in names; AWS-internal roles (`aws:ec2-infrastructure`) add `:`. Anything with spaces,
// quotes or control characters is not a principal we could write a policy for.
const NAME = /^[\w+=,.@:-]{1,128}$/;
const MAX_ARN = 2048;

/**
 * parseIamArn is pure and called per record (users, passed roles) on few distinct ARNs, so answers are memoized.
 * Bounded (cleared when full) against hostile input; the key is copied and the copy parsed, because scanner
 * strings are slices of a whole log file's text that a retained slice would keep alive.
 */
const ARN_MEMO_MAX = 4096;
const arnMemo = new Map<string, IamArn | null>();

/** Splits an IAM ARN (`arn:aws:iam::123456789012:role/path/Name`); undefined for anything else. */
export function parseIamArn(arn: string): IamArn | undefined {
  if (typeof arn !== 'string' || arn.length > MAX_ARN) return undefined;
  const known = arnMemo.get(arn);
  if (known !== undefined) return known ?? undefined;
  const copy = ` ${arn}`.slice(1);
  const parsed = parseIamArnUncached(copy);
  if (arnMemo.size >= ARN_MEMO_MAX) arnMemo.clear();
  arnMemo.set(copy, parsed ?? null);
  return parsed;
}

function parseIamArnUncached(arn: string): IamArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'iam' || parts[3] !== '') return undefined;
  const partition = parts[1] ?? '';
  const accountId = parts[4] ?? '';
  const resource = parts.slice(5).join(':');
  if (!PARTITION.test(partition)) return undefined;
  const slash = resource.indexOf('/');
  if (slash <= 0) return undefined;
  const kind = resource.slice(0, slash);
  if (!IAM_KINDS.has(kind)) return undefined;
  // AWS managed policies live in the pseudo-account `aws`.
  if (!ACCOUNT.test(accountId) && !(kind === 'policy' && accountId === 'aws')) return undefined;
  const segments = resource.slice(slash + 1).split('/');
  const name = segments.pop() ?? '';
  if (!NAME.test(name) || segments.some((s) => !NAME.test(s))) return undefined;
  const path = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
  return { partition, accountId, kind: kind as IamArnKind, path, name };
}

/** `arn:aws:iam::123456789012:role/aws-service-role/…`: owned by an AWS service, its policy cannot be edited. */
export function isServiceLinkedRoleArn(arn: string): boolean {
  const parsed = parseIamArn(arn);
  return parsed?.kind === 'role' && parsed.path.startsWith('/aws-service-role/');
}

/** `arn:aws:sts::123456789012:assumed-role/Name/session` → the role's path-less IAM ARN. */
function roleFromSessionArn(arn: string): string | undefined {
  const m = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})(?:\/[^/]*)?$/.exec(arn);
  if (!m) return undefined;
  return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
}

/**
 * roleFrom answers per ARN text, and a log names few distinct roles, so the answers are memoized. Bounded
 * (cleared when full) so hostile input cannot grow it; keys are copied because scanner strings are slices of a
 * whole log file's text, which a retained slice would keep alive.
 */
const ROLE_MEMO_MAX = 4096;
const roleMemo = new Map<string, Principal | null>();

function roleFrom(arn: string | undefined): Principal | undefined {
  if (typeof arn !== 'string') return undefined;
  const known = roleMemo.get(arn);
  if (known !== undefined) return known ?? undefined;
  if (arn.length > MAX_ARN) return roleFromUncached(arn);
  const copy = ` ${arn}`.slice(1);
  const principal = roleFromUncached(copy);
  if (roleMemo.size >= ROLE_MEMO_MAX) roleMemo.clear();
  roleMemo.set(copy, principal ?? null);
  return principal;
}

function roleFromUncached(arn: string): Principal | undefined {
  const parsed = parseIamArn(arn);
  if (parsed) return parsed.kind === 'role' ? { arn, kind: 'role' } : undefined;
  const derived = roleFromSessionArn(arn);
  return derived ? { arn: derived, kind: 'role', pathUnknown: true } : undefined;
}

/**
 * Who made a call, in terms of the IAM principal whose policy allowed it; undefined for AWS services, AWS
 * accounts, anonymous callers, root, federated and web-identity users (no IAM policy of theirs to tighten).
 */
export function resolvePrincipal(identity: UserIdentity | undefined): Principal | undefined {
  if (typeof identity !== 'object' || identity === null) return undefined;
  if (identity.type === 'AssumedRole') {
    // The issuer is authoritative (it has the path); some exports carry the session ARN there instead.
    return roleFrom(identity.sessionContext?.sessionIssuer?.arn) ?? roleFrom(identity.arn);
  }
  if (identity.type === 'IAMUser' && typeof identity.arn === 'string') {
    const parsed = parseIamArn(identity.arn);
    return parsed?.kind === 'user' ? { arn: identity.arn, kind: 'user' } : undefined;
  }
  return undefined;
}

/**
 * Whether `principalArn` (as seen in the logs) is the principal the user asked for. Case-sensitive on the name;
 * a requested ARN without a path (`role/Name`) matches that name at any path in the same account, because users
 * rarely know a role's path; a requested path must match exactly.
 */
export function principalMatches(requestedArn: string, principalArn: string): boolean {
  if (requestedArn === principalArn) return true;
  const want = parseIamArn(requestedArn);
  const got = parseIamArn(principalArn);
  if (!want || !got) return false;
  if (want.partition !== got.partition || want.accountId !== got.accountId) return false;
  if (want.kind !== got.kind || want.name !== got.name) return false;
  return want.path === '/' || want.path === got.path;
}
