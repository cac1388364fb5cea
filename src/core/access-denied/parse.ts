/**
 * AWS "access denied" text → what was denied, to whom, and which kind of policy said no. Pure and
 * deterministic: the text is pasted by a person (`alpha fix`, `/alpha fix`) and is untrusted, so nothing in it is
 * executed and every field is capped. Shapes handled (IAM User Guide, "Troubleshoot access denied error
 * messages"):
 *
 *   User: ARN is not authorized to perform: ACTION on resource: ARN because no identity-based policy allows …
 *   … with an explicit deny in an identity-based policy[: POLICY-ARN]
 *   … because no / with an explicit deny in a permissions boundary | service control policy |
 *     resource control policy | session policy | resource-based policy | VPC endpoint policy
 *   the older form without "because", "Not authorized to perform sts:AssumeRoleWithWebIdentity",
 *   EC2's "Encoded authorization failure message", and XML / JSON / CLI / SDK wrappers around all of them.
 */
import { sanitizeUntrusted } from '../reasoning/sanitize.js';

export type DenialDecision = 'implicit-deny' | 'explicit-deny' | 'unknown';

export type DenyingPolicyType =
  | 'identity-based'
  | 'permissions-boundary'
  | 'service-control'
  | 'resource-control'
  | 'session'
  | 'resource-based'
  | 'vpc-endpoint'
  | 'trust'
  | 'unknown';

export interface AccessDeniedInfo {
  /** `User: …` as AWS wrote it (an assumed-role session ARN for roles). */
  principalArn?: string;
  /** The IAM action, as AWS wrote it (`s3:GetObject`). */
  action?: string;
  /** The resource, unquoted; absent when the message names none. */
  resource?: string;
  decision: DenialDecision;
  policyType: DenyingPolicyType;
  /** The denying policy's ARN, when the message names it (newer messages do). */
  policyArn?: string;
  /** Whether adding a permission to this role's identity policy can fix it. */
  fixInIdentityPolicy: boolean;
  /** One sentence: where the fix is. */
  where: string;
  /** `AccessDenied`, `AccessDeniedException`, `UnauthorizedOperation`… when the wrapper says. */
  errorCode?: string;
  /** The API operation, when the wrapper says (`when calling the PutItem operation`). */
  operation?: string;
  /** EC2 & co: decode with `aws sts decode-authorization-message` for the full context. */
  encodedMessage?: string;
  /** True when `action` was inferred from the operation name rather than written in the message. */
  actionInferred?: boolean;
}

export type AccessDeniedParse = AccessDeniedInfo | { error: string };

const MAX_MESSAGE = 20_000;
const ACTION = /^([A-Za-z0-9-]+):([A-Za-z0-9*?]+)$/;

const POLICY_TYPES: readonly [RegExp, DenyingPolicyType][] = [
  [/^identity-based/i, 'identity-based'],
  [/^permissions boundar/i, 'permissions-boundary'],
  [/^service control/i, 'service-control'],
  [/^resource control/i, 'resource-control'],
  [/^session/i, 'session'],
  [/^resource-based/i, 'resource-based'],
  [/^vpc endpoint/i, 'vpc-endpoint'],
];

const POLICY_NAMES: Readonly<Record<DenyingPolicyType, string>> = {
  'identity-based': "the role's identity-based policies",
  'permissions-boundary': "the role's permissions boundary",
  'service-control': 'a service control policy (SCP) of AWS Organizations',
  'resource-control': 'a resource control policy (RCP) of AWS Organizations',
  session: 'the session policy passed when the role was assumed',
  'resource-based': "the resource's own policy (bucket policy, key policy, queue/topic policy…)",
  'vpc-endpoint': 'the VPC endpoint policy',
  trust: "the target role's trust policy",
  unknown: 'a policy the message does not name',
};

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** The message inside an XML (S3, STS, IAM) or JSON (awsJson, Lambda, SDK dumps) error body, and its code. */
function unwrap(raw: string): { text: string; code?: string } {
  const text = raw.trim();
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      const inner = (body.Error ?? body.error ?? body) as Record<string, unknown>;
      const message = [inner.message, inner.Message, inner.errorMessage, body.message, body.Message].find(
        (m): m is string => typeof m === 'string',
      );
      const codeRaw = [inner.Code, inner.code, inner.__type, body.__type, body.code, body.name].find(
        (c): c is string => typeof c === 'string',
      );
      if (message !== undefined) {
        const out: { text: string; code?: string } = { text: message };
        if (codeRaw) out.code = codeRaw.slice(codeRaw.lastIndexOf('#') + 1).split(':')[0] ?? codeRaw;
        return out;
      }
    } catch {
      // Not JSON after all: parse it as text.
    }
  }
  const xmlMessage = /<Message>([\s\S]*?)<\/Message>/i.exec(text);
  if (xmlMessage?.[1] !== undefined) {
    const code = /<Code>([\s\S]*?)<\/Code>/i.exec(text)?.[1];
    const out: { text: string; code?: string } = { text: decodeEntities(xmlMessage[1]) };
    if (code) out.code = decodeEntities(code).trim();
    return out;
  }
  return { text };
}

function clean(value: string, max = 2_048): string {
  return sanitizeUntrusted(value.replace(/^["'“”]+|["'“”.,;]+$/g, ''), { max });
}

/** Where the fix is, in one sentence a reviewer can act on. */
function whereOf(info: Pick<AccessDeniedInfo, 'decision' | 'policyType' | 'action' | 'policyArn'>): string {
  const action = info.action ?? 'the action';
  const named = info.policyArn ? ` (${info.policyArn})` : '';
  if (info.policyType === 'identity-based' && info.decision === 'implicit-deny')
    return `No identity-based policy of the role allows ${action}: the fix is an Allow in the role's policy.`;
  if (info.policyType === 'identity-based')
    return `An explicit Deny in the role's identity-based policies${named} blocks ${action}: adding an Allow will not help; change or remove the Deny statement.`;
  if (info.policyType === 'trust')
    return `${action} is decided by ${POLICY_NAMES.trust}: the fix is in that trust policy (Principal and conditions such as aud/sub), not in this role's permissions.`;
  if (info.policyType === 'unknown')
    return `The message does not say which policy denied ${action} (older format): most often the role's identity policy lacks an Allow; if adding it does not help, look for a Deny, a permissions boundary, an SCP or the resource's policy.`;
  const by = POLICY_NAMES[info.policyType];
  return info.decision === 'explicit-deny'
    ? `An explicit Deny in ${by}${named} blocks ${action}: not fixable in this role's identity policy; ask whoever owns that policy.`
    : `${by[0]?.toUpperCase()}${by.slice(1)} does not allow ${action}: not fixable in this role's identity policy; the Allow must be added there.`;
}

function withWhere(info: Omit<AccessDeniedInfo, 'where' | 'fixInIdentityPolicy'>): AccessDeniedInfo {
  const fixInIdentityPolicy =
    (info.policyType === 'identity-based' && info.decision === 'implicit-deny') || info.policyType === 'unknown';
  return { ...info, fixInIdentityPolicy, where: whereOf(info) };
}

const UNPARSEABLE =
  'could not find "is not authorized to perform" or an encoded authorization message in the text: paste the whole AWS error message, e.g. "User: arn:aws:sts::111122223333:assumed-role/app/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key because no identity-based policy allows the s3:GetObject action"';

export function parseAccessDenied(message: string): AccessDeniedParse {
  if (typeof message !== 'string' || message.trim() === '') return { error: `empty message: ${UNPARSEABLE}` };
  const { text: unwrapped, code: bodyCode } = unwrap(message.slice(0, MAX_MESSAGE));
  const text = unwrapped.replace(/\s+/g, ' ');
  const cli = /An error occurred \(([A-Za-z.]+)\) when calling the ([A-Za-z0-9]+) operation/.exec(text);
  const base: Omit<AccessDeniedInfo, 'where' | 'fixInIdentityPolicy' | 'decision' | 'policyType'> = {};
  const code =
    cli?.[1] ?? bodyCode ?? /\b(AccessDenied(?:Exception)?|UnauthorizedOperation|AuthorizationError)\b/.exec(text)?.[1];
  if (code) base.errorCode = clean(code, 64);
  if (cli?.[2]) base.operation = clean(cli[2], 64);
  const encoded = /Encoded authorization failure message:\s*([A-Za-z0-9_+/=-]+)/i.exec(text)?.[1];
  if (encoded) base.encodedMessage = encoded.slice(0, 8_192);

  const full = /(?:User|Principal):\s*(\S+)\s+is not authorized to perform:?\s*(\S+)(.*)$/i.exec(text);
  const bare = full ? null : /\bnot authorized to perform:?\s+([A-Za-z0-9-]+:[A-Za-z0-9*?]+)(.*)$/i.exec(text);
  if (!full && !bare) {
    if (!encoded) return { error: UNPARSEABLE };
    // EC2's short form names only the operation; its service is EC2 when the code is UnauthorizedOperation.
    const info: Omit<AccessDeniedInfo, 'where' | 'fixInIdentityPolicy'> = {
      ...base,
      decision: 'unknown',
      policyType: 'unknown',
    };
    if (base.errorCode === 'UnauthorizedOperation' && base.operation) {
      info.action = `ec2:${base.operation}`;
      info.actionInferred = true;
    }
    return withWhere(info);
  }
  const principal = full?.[1];
  const actionRaw = clean((full?.[2] ?? bare?.[1] ?? '').replace(/[.,;]+$/, ''), 256);
  let rest = (full?.[3] ?? bare?.[2] ?? '').trim();
  if (!ACTION.test(actionRaw)) return { error: `"${actionRaw}" is not an IAM action (service:Action): ${UNPARSEABLE}` };
  const info: Omit<AccessDeniedInfo, 'where' | 'fixInIdentityPolicy'> = {
    ...base,
    action: actionRaw,
    decision: 'unknown',
    policyType: 'unknown',
  };
  if (principal) info.principalArn = clean(principal);

  const onResource = /^on resource:?\s*("[^"]*"|'[^']*'|\S+)\s*(.*)$/i.exec(rest);
  if (onResource?.[1] !== undefined) {
    const resource = clean(onResource[1]);
    if (resource !== '') info.resource = resource;
    rest = onResource[2] ?? '';
  }
  const implicit =
    /because no (identity-based|resource-based|session|permissions boundary|service control|resource control|VPC endpoint)\b/i.exec(
      rest,
    );
  const explicit =
    /with an explicit deny in (?:an? |the )?(identity-based policy|resource-based policy|session policy|permissions boundary|service control policy|resource control policy|VPC endpoint policy)(?::\s*(\S+))?/i.exec(
      rest,
    );
  const typeOf = (phrase: string): DenyingPolicyType => POLICY_TYPES.find(([re]) => re.test(phrase))?.[1] ?? 'unknown';
  if (explicit?.[1]) {
    info.decision = 'explicit-deny';
    info.policyType = typeOf(explicit[1]);
    if (explicit[2]?.startsWith('arn:')) info.policyArn = clean(explicit[2]);
  } else if (implicit?.[1]) {
    info.decision = 'implicit-deny';
    info.policyType = typeOf(implicit[1]);
  } else if (/^sts:AssumeRoleWith(WebIdentity|SAML)$/i.test(actionRaw)) {
    // The caller has no identity policy here: only the target role's trust policy decides.
    info.policyType = 'trust';
  }
  return withWhere(info);
}

export function isAccessDeniedInfo(parse: AccessDeniedParse): parse is AccessDeniedInfo {
  return !('error' in parse);
}
