/**
 * Calls that no IAM identity policy authorizes: recorded in the profile so the count adds up, never granted.
 * Keyed by event source because the same name can mean different things at different endpoints.
 */

const SIGN_IN =
  'console sign-in event: authorized by the credentials presented (password, MFA, federation), not by an IAM policy';
const SERVICE_EVENT = 'AWS service event (eventType AwsServiceEvent): AWS did this, the principal made no API call';
const IDENTITY_CENTER =
  'IAM Identity Center portal or OIDC call: authorized by the user’s Identity Center session or token, not by an IAM policy';
const NO_CREDENTIALS =
  'called without AWS credentials and authorized by the target role’s trust policy, not by the caller’s IAM policy';

export const NO_PERMISSION: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'sts.amazonaws.com': {
    // STS API reference: "No permissions are required to perform this operation"; a Deny does not stop it.
    GetCallerIdentity: 'sts:GetCallerIdentity needs no permission: AWS allows it even under an explicit Deny',
    GetSessionToken: 'sts:GetSessionToken needs no permission: any IAM user or root may call it with long-term keys',
    AssumeRoleWithWebIdentity: NO_CREDENTIALS,
    AssumeRoleWithSAML: NO_CREDENTIALS,
  },
  'signin.amazonaws.com': {
    ConsoleLogin: SIGN_IN,
    CheckMfa: SIGN_IN,
    ExternalIdPDirectoryLogin: SIGN_IN,
    GetSigninToken: SIGN_IN,
    PasswordUpdated: SIGN_IN,
    UserAuthentication: SIGN_IN,
    CredentialChallenge: SIGN_IN,
    CredentialVerification: SIGN_IN,
  },
  'sso.amazonaws.com': {
    Authenticate: IDENTITY_CENTER,
    Federate: IDENTITY_CENTER,
    GetRoleCredentials: IDENTITY_CENTER,
    ListAccounts: IDENTITY_CENTER,
    ListAccountRoles: IDENTITY_CENTER,
    Logout: IDENTITY_CENTER,
    CreateToken: IDENTITY_CENTER,
    RegisterClient: IDENTITY_CENTER,
    StartDeviceAuthorization: IDENTITY_CENTER,
  },
  'sso-oauth.amazonaws.com': {
    CreateToken: IDENTITY_CENTER,
    RegisterClient: IDENTITY_CENTER,
    StartDeviceAuthorization: IDENTITY_CENTER,
  },
  'organizations.amazonaws.com': { CreateAccountResult: SERVICE_EVENT },
  's3.amazonaws.com': { JobCreated: SERVICE_EVENT, JobStatusChanged: SERVICE_EVENT },
  'secretsmanager.amazonaws.com': {
    RotationStarted: SERVICE_EVENT,
    RotationSucceeded: SERVICE_EVENT,
    RotationFailed: SERVICE_EVENT,
    RotationAbandoned: SERVICE_EVENT,
    EndSecretVersionDelete: SERVICE_EVENT,
    StartSecretVersionDelete: SERVICE_EVENT,
  },
  'kms.amazonaws.com': {
    // KMS logs these when it acts on its own schedule (automatic rotation, scheduled deletion, expiry, sync).
    RotateKey: SERVICE_EVENT,
    DeleteKey: SERVICE_EVENT,
    DeleteExpiredKeyMaterial: SERVICE_EVENT,
    SynchronizeMultiRegionKey: SERVICE_EVENT,
  },
};

/** Why a call needs no permission, or undefined when it (may) need one. */
export function noPermissionReason(eventSource: string, eventName: string): string | undefined {
  const table = NO_PERMISSION[eventSource];
  return table && Object.hasOwn(table, eventName) ? table[eventName] : undefined;
}
