/**
 * IAM's read API in its real wire format (awsQuery, XML, URL-encoded policy documents), served by the loopback
 * fake AWS: GetRole with the permissions boundary, ListRolePolicies / GetRolePolicy, ListAttachedRolePolicies /
 * GetPolicy / GetPolicyVersion, lists paginated with Marker / IsTruncated, and AccessDenied on demand.
 */

export interface FakeIamRole {
  readonly arn: string;
  /** Inline policy name → document. */
  readonly inline?: Record<string, unknown>;
  /** Attached managed policy ARNs. */
  readonly attached?: readonly string[];
  readonly boundary?: string;
}

export interface FakeIam {
  /** Role name → role. */
  readonly roles: Record<string, FakeIamRole>;
  /** Managed policy ARN → default version document. */
  readonly policies: Record<string, { readonly versionId?: string; readonly document: unknown }>;
  /** Items per list page (forces Marker pagination). Default 100. */
  readonly pageSize?: number;
  /** Actions answered with AccessDenied, e.g. `GetRolePolicy`. */
  readonly denied?: readonly string[];
}

export interface IamCall {
  readonly action: string;
  readonly marker?: string;
}

export const IAM_ACTIONS = new Set([
  'GetRole',
  'ListRolePolicies',
  'GetRolePolicy',
  'ListAttachedRolePolicies',
  'GetPolicy',
  'GetPolicyVersion',
]);

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** IAM returns documents URL-encoded (RFC 3986), inside XML. */
const encodedDocument = (doc: unknown): string => xml(encodeURIComponent(JSON.stringify(doc)));

function ok(action: string, result: string): { status: number; body: string } {
  return {
    status: 200,
    body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function error(status: number, code: string, message: string): { status: number; body: string } {
  return {
    status,
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
  };
}

function page<T>(items: readonly T[], marker: string | null, size: number): { items: T[]; next?: string } {
  const offset = marker ? Number(marker.replace('m-', '')) : 0;
  const items_ = items.slice(offset, offset + size);
  return offset + size < items.length ? { items: items_, next: `m-${offset + size}` } : { items: items_ };
}

const truncation = (next: string | undefined): string =>
  next ? `<IsTruncated>true</IsTruncated><Marker>${next}</Marker>` : '<IsTruncated>false</IsTruncated>';

export function serveIam(
  iam: FakeIam,
  action: string,
  params: URLSearchParams,
  calls: IamCall[],
): { status: number; body: string } {
  const marker = params.get('Marker');
  calls.push({ action, ...(marker ? { marker } : {}) });
  if (iam.denied?.includes(action))
    return error(
      403,
      'AccessDenied',
      `User: arn:aws:sts::111122223333:assumed-role/alpha-reader/alpha is not authorized to perform: iam:${action} because no identity-based policy allows the iam:${action} action`,
    );
  const size = iam.pageSize ?? 100;
  const roleName = params.get('RoleName') ?? '';
  const role = iam.roles[roleName];
  const policyArn = params.get('PolicyArn') ?? '';
  switch (action) {
    case 'GetRole': {
      if (!role) return error(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
      const boundary = role.boundary
        ? `<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType><PermissionsBoundaryArn>${role.boundary}</PermissionsBoundaryArn></PermissionsBoundary>`
        : '';
      return ok(
        action,
        `<Role><Path>/</Path><RoleName>${roleName}</RoleName><RoleId>AROAFAKE</RoleId><Arn>${role.arn}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>${boundary}</Role>`,
      );
    }
    case 'ListRolePolicies': {
      if (!role) return error(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
      const p = page(Object.keys(role.inline ?? {}).sort(), marker, size);
      return ok(
        action,
        `<PolicyNames>${p.items.map((n) => `<member>${n}</member>`).join('')}</PolicyNames>${truncation(p.next)}`,
      );
    }
    case 'GetRolePolicy': {
      const name = params.get('PolicyName') ?? '';
      const doc = role?.inline?.[name];
      if (doc === undefined) return error(404, 'NoSuchEntity', `The role policy with name ${name} cannot be found.`);
      return ok(
        action,
        `<RoleName>${roleName}</RoleName><PolicyName>${name}</PolicyName><PolicyDocument>${encodedDocument(doc)}</PolicyDocument>`,
      );
    }
    case 'ListAttachedRolePolicies': {
      if (!role) return error(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
      const p = page(role.attached ?? [], marker, size);
      const members = p.items
        .map((arn) => `<member><PolicyName>${arn.split('/').pop()}</PolicyName><PolicyArn>${arn}</PolicyArn></member>`)
        .join('');
      return ok(action, `<AttachedPolicies>${members}</AttachedPolicies>${truncation(p.next)}`);
    }
    case 'GetPolicy': {
      const policy = iam.policies[policyArn];
      if (!policy) return error(404, 'NoSuchEntity', `Policy ${policyArn} was not found.`);
      return ok(
        action,
        `<Policy><PolicyName>${policyArn.split('/').pop()}</PolicyName><Arn>${policyArn}</Arn><DefaultVersionId>${policy.versionId ?? 'v1'}</DefaultVersionId></Policy>`,
      );
    }
    case 'GetPolicyVersion': {
      const policy = iam.policies[policyArn];
      const version = params.get('VersionId');
      if (!policy || version !== (policy.versionId ?? 'v1'))
        return error(404, 'NoSuchEntity', `Policy ${policyArn} version ${version ?? '?'} does not exist.`);
      return ok(
        action,
        `<PolicyVersion><Document>${encodedDocument(policy.document)}</Document><VersionId>${version}</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>`,
      );
    }
    default:
      return error(400, 'InvalidAction', `fake IAM: ${action}`);
  }
}
