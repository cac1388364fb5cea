/**
 * The role's existing identity policies, read from IAM: inline, attached managed (default version), and the
 * permissions boundary, every list call paginated. IAM returns policy documents URL-encoded (RFC 3986).
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AlphaError } from '../core/errors.js';
import { awsCallError } from './errors.js';

export type NamedPolicyKind = 'inline' | 'managed' | 'boundary';

export interface NamedPolicy {
  readonly kind: NamedPolicyKind;
  /** Inline policy name, or the managed policy's ARN. */
  readonly name: string;
  readonly arn?: string;
  readonly versionId?: string;
  /** Parsed JSON policy document. */
  readonly document: unknown;
}

export interface RolePolicies {
  readonly roleArn: string;
  /** The role's ARN as IAM returns it, with its path (the caller may have passed a path-less ARN). */
  readonly actualArn?: string;
  /** Inline then managed, each sorted by name; the boundary is not part of the grant, so it is separate. */
  readonly policies: NamedPolicy[];
  readonly boundary?: NamedPolicy;
}

export interface ReadRolePoliciesOptions {
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly client?: IAMClient;
  readonly clientConfig?: Record<string, unknown>;
}

export function roleNameFromArn(roleArn: string): string {
  const match = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(roleArn);
  if (!match?.[1])
    throw new AlphaError(`not an IAM role ARN: ${JSON.stringify(roleArn)}`, 'pass arn:aws:iam::<account>:role/<name>');
  return match[1];
}

export function decodePolicyDocument(encoded: string, where: string): unknown {
  let text = encoded;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    // Already decoded (some fakes and SDK middlewares): parse as is.
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AlphaError(`${where}: the policy document is not JSON (${(error as Error).message})`);
  }
}

async function call<T>(action: string, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw awsCallError(action, target, error);
  }
}

export async function readRolePolicies(roleArn: string, options: ReadRolePoliciesOptions = {}): Promise<RolePolicies> {
  const roleName = roleNameFromArn(roleArn);
  // IAM is global; us-east-1 is its endpoint in the aws partition.
  const client =
    options.client ??
    new IAMClient({
      region: 'us-east-1',
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.clientConfig ?? {}),
    });

  const role = await call('iam:GetRole', roleArn, () => client.send(new GetRoleCommand({ RoleName: roleName })));

  const inlineNames: string[] = [];
  let marker: string | undefined;
  do {
    const page = await call('iam:ListRolePolicies', roleArn, () =>
      client.send(new ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })),
    );
    inlineNames.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  const inline: NamedPolicy[] = [];
  for (const name of [...new Set(inlineNames)].sort()) {
    const got = await call('iam:GetRolePolicy', roleArn, () =>
      client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name })),
    );
    inline.push({
      kind: 'inline',
      name,
      document: decodePolicyDocument(got.PolicyDocument ?? '', `inline policy ${name} of ${roleArn}`),
    });
  }

  const attachedArns: string[] = [];
  marker = undefined;
  do {
    const page = await call('iam:ListAttachedRolePolicies', roleArn, () =>
      client.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })),
    );
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) attachedArns.push(p.PolicyArn);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  const readManaged = async (arn: string, kind: NamedPolicyKind): Promise<NamedPolicy> => {
    const policy = await call('iam:GetPolicy', arn, () => client.send(new GetPolicyCommand({ PolicyArn: arn })));
    const versionId = policy.Policy?.DefaultVersionId;
    if (!versionId) throw new AlphaError(`iam:GetPolicy on ${arn} returned no default version`);
    const version = await call('iam:GetPolicyVersion', arn, () =>
      client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
    );
    return {
      kind,
      name: arn,
      arn,
      versionId,
      document: decodePolicyDocument(version.PolicyVersion?.Document ?? '', `managed policy ${arn} (${versionId})`),
    };
  };

  const managed: NamedPolicy[] = [];
  for (const arn of [...new Set(attachedArns)].sort()) managed.push(await readManaged(arn, 'managed'));

  const boundaryArn = role.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
  const boundary = boundaryArn ? await readManaged(boundaryArn, 'boundary') : undefined;
  const actualArn = role.Role?.Arn;
  return {
    roleArn,
    ...(actualArn ? { actualArn } : {}),
    policies: [...inline, ...managed],
    ...(boundary ? { boundary } : {}),
  };
}
