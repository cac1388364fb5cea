/**
 * A parsed denial → the smallest permission that fixes it: one catalog action on the resource exactly as the
 * message named it (never widened). A candidate only: a person accepts it (`/alpha accept`, `/alpha fix`
 * confirmation) before it becomes an AcceptedAddition.
 */
import type { AcceptedAddition } from '../../store/store.js';
import type { IamCatalog } from '../catalog.js';
import type { AccessDeniedInfo } from './parse.js';

export type FixCandidate = Pick<AcceptedAddition, 'action' | 'resource' | 'origin'>;

export type FixProposal =
  { ok: true; addition: FixCandidate; notes: string[] } | { ok: false; error: string; notInIdentityPolicy: boolean };

function assumedRoleName(principalArn: string): string | undefined {
  return /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(principalArn)?.[1];
}

function roleName(roleArn: string): string | undefined {
  return /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleArn)?.[1];
}

/** Whether the denied principal is the role (its sessions included); undefined when it cannot be told. */
export function principalIsRole(principalArn: string, roleArn: string): boolean | undefined {
  const account = (arn: string) => arn.split(':')[4];
  if (principalArn === roleArn) return true;
  const session = assumedRoleName(principalArn);
  const name = roleName(roleArn);
  if (session === undefined || name === undefined) return undefined;
  return session === name && account(principalArn) === account(roleArn);
}

export function proposeFix(info: AccessDeniedInfo, catalog: IamCatalog, roleArn?: string): FixProposal {
  const fail = (error: string, notInIdentityPolicy = false): FixProposal => ({ ok: false, error, notInIdentityPolicy });
  if (!info.fixInIdentityPolicy) return fail(info.where, true);
  if (info.action === undefined)
    return fail(
      info.encodedMessage
        ? 'the message names no action, only an encoded authorization message: decode it with `aws sts decode-authorization-message --encoded-message …` (needs sts:DecodeAuthorizationMessage) and run alpha fix on the decoded text'
        : 'the message names no action',
    );
  if (/[*?]/.test(info.action)) return fail(`"${info.action}" is a pattern, not one action: name the exact action`);
  const entry = catalog.action(info.action);
  if (!entry)
    return fail(`${info.action} is not an action in IAM catalog ${catalog.version}: check the spelling or the catalog`);
  const notes: string[] = [];
  if (info.actionInferred)
    notes.push(`${entry.key} was inferred from the operation name: check it against the decoded authorization message`);
  if (roleArn && info.principalArn && principalIsRole(info.principalArn, roleArn) === false)
    notes.push(`the message is about ${info.principalArn}, not ${roleArn}: make sure you fix the right role`);
  if (entry.key === 'sts:AssumeRole' && info.resource)
    notes.push(`the target role's trust policy (${info.resource}) must also trust this role`);
  if (info.decision === 'unknown')
    notes.push(
      'the message does not say which policy denied it: if this Allow does not fix it, look for a Deny, a boundary, an SCP or a resource policy',
    );

  let resource = info.resource;
  if (resource === undefined) {
    if (entry.resourceTypes.length > 0)
      return fail(
        `the message names no resource and ${entry.key} supports resource-level permissions: find the ARN (CloudTrail event, or the decoded authorization message) rather than granting it on "*"`,
      );
    resource = '*';
  } else if (resource !== '*' && !resource.startsWith('arn:')) {
    return fail(
      `the resource "${resource}" is not an ARN (a name or an id): find its full ARN, IAM policies only accept ARNs`,
    );
  } else if (resource === '*' && entry.resourceTypes.length > 0) {
    notes.push(`AWS named "*" as the resource; ${entry.key} supports resource-level permissions: narrow it if you can`);
  }
  return { ok: true, addition: { action: entry.key, resource, origin: 'fix' }, notes };
}
