/**
 * Which credentials read a role's account: its reader role when the config names one, else the run's own. Type-only
 * imports: the Action loads the AWS SDK only when a run reaches AWS (start-up budget).
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AwsCredentials } from '../aws/credentials.js';
import type { RoleConfig } from '../config/schema.js';

export function credentialsForRole(
  credentials: AwsCredentials | undefined,
  role: RoleConfig,
): AwsCredentialIdentityProvider | undefined {
  if (!credentials) return undefined;
  return role.reader
    ? credentials.forRole({
        roleArn: role.reader.roleArn,
        ...(role.reader.externalId ? { externalId: role.reader.externalId } : {}),
      })
    : credentials.base;
}
