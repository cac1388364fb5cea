/**
 * Usage as the engine carries it from the reader to the policy: per principal, grouped by the API call
 * (event source + name), then mapped to IAM actions once per distinct call rather than once per record.
 */

/** One distinct call made by one principal, aggregated over every record of it. Serializable (workers). */
export interface CallAggregate {
  readonly principalArn: string;
  readonly eventSource: string;
  readonly eventName: string;
  /** Present for failed calls: these are attempts, never grants. */
  readonly errorCode?: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  regions: string[];
  /** Distinct resource ARNs touched, capped; `resourcesOverflow` counts what the cap left out. */
  resources: string[];
  resourcesOverflow: number;
  /**
   * References (records) per listed resource, parallel to `resources`. Lets snapshots from worker threads merge
   * exactly: `resourcesOverflow` counts references to unlisted ARNs, not distinct ARNs.
   */
  resourceReferences?: number[];
  /** Roles passed to a service in this call (`iam:PassRole` is never logged as its own event). */
  passedRoles: string[];
  sampleEventId: string;
  /** Whether any record of this call was a data event (S3 object, DynamoDB item, Lambda Invoke…). */
  dataEvent: boolean;
}

/** Everything read for every principal in one pass. */
export interface UsageSnapshot {
  readonly calls: CallAggregate[];
  /** Per principal ARN: the UTC days (YYYY-MM-DD) with at least one call. */
  readonly activeDays: Record<string, string[]>;
  readonly eventsRead: number;
  /** Records not attributable to an analyzable principal (AWS services, anonymous, root…). */
  readonly eventsIgnored: number;
  /** Records read but outside the observation window (`--usage-days` back from `--end-time`). */
  readonly eventsOutsideWindow?: number;
  readonly oldestEvent?: string;
  readonly newestEvent?: string;
  /** Whether the source contained any data events at all (decides what removed data-plane actions mean). */
  readonly sawDataEvents: boolean;
  readonly regions: string[];
}

/** `accepted`: not observed; a person accepted it (`/alpha accept`, `/alpha fix`), see `Evidence.accepted`. */
export type EvidenceOrigin = 'service-reference' | 'exception' | 'same-name' | 'implied' | 'accepted';

export interface Evidence {
  count: number;
  firstSeen: string;
  lastSeen: string;
  regions: string[];
  resources: string[];
  /**
   * References to resources that `resources` does not list (the reader's cap, or the role inside a passed
   * instance profile); present only when > 0, and then the action cannot be scoped to `resources` alone.
   */
  resourcesOverflow?: number;
  sampleEventId: string;
  origin: EvidenceOrigin;
  /** The CloudTrail calls this action was derived from, e.g. `s3.amazonaws.com:ListObjectsV2`. */
  calls: string[];
  /** Who accepted it and when; present only when `origin` is `accepted`. */
  accepted?: { by: string; at: string };
}

export interface UnmappedCall {
  eventSource: string;
  eventName: string;
  count: number;
  sampleEventId: string;
  reason: string;
}

export interface DeniedAttempt {
  eventSource: string;
  eventName: string;
  /** IAM actions the call would have needed, when known. */
  actions: string[];
  errorCode: string;
  count: number;
  lastSeen: string;
  sampleEventId: string;
}

/** What one principal did, ready for policy synthesis. */
export interface UsageProfile {
  readonly principalArn: string;
  /** Keyed by canonical action, e.g. `s3:GetObject`. */
  readonly evidence: Record<string, Evidence>;
  readonly unmapped: UnmappedCall[];
  readonly deniedAttempts: DeniedAttempt[];
  /** Calls that need no IAM permission (e.g. `sts:GetCallerIdentity`): recorded, never granted. */
  readonly noPermissionCalls: { eventSource: string; eventName: string; count: number }[];
  readonly activeDays: string[];
  /**
   * Instance profiles handed to EC2 (RunInstances…): iam:PassRole is needed on the role inside each, which the
   * event does not name (`iam:GetInstanceProfile` does). Present only when there are any.
   */
  readonly instanceProfilesPassed?: InstanceProfilePassed[];
}

export interface InstanceProfilePassed {
  instanceProfileArn: string;
  count: number;
  /** The CloudTrail calls that passed it, e.g. `ec2.amazonaws.com:RunInstances`. */
  calls: string[];
  sampleEventId: string;
}
