/**
 * The parts of a CloudTrail record ALPHA reads. Everything else in a record is ignored, which is what lets
 * the scanner skip most of each record's bytes. Field names follow the CloudTrail record contents reference.
 */
export interface SessionIssuer {
  readonly type?: string;
  readonly arn?: string;
  readonly userName?: string;
  readonly accountId?: string;
}

export interface UserIdentity {
  readonly type?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly principalId?: string;
  readonly userName?: string;
  readonly invokedBy?: string;
  readonly accessKeyId?: string;
  readonly sessionContext?: { readonly sessionIssuer?: SessionIssuer };
}

export interface RecordResource {
  readonly ARN?: string;
  readonly type?: string;
  readonly accountId?: string;
}

export interface CloudTrailRecord {
  readonly eventVersion?: string;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion?: string;
  readonly eventID?: string;
  readonly eventType?: string;
  readonly eventCategory?: string;
  readonly managementEvent?: boolean;
  readonly readOnly?: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly recipientAccountId?: string;
  readonly userIdentity?: UserIdentity;
  /** Untrusted, service-specific shape. */
  readonly requestParameters?: unknown;
  readonly resources?: readonly RecordResource[];
}

/** A record the reader could not use, named by file and position so nothing is silently dropped. */
export interface RecordRejection {
  readonly file: string;
  /** Index of the record inside the file; absent when the whole file was unreadable. */
  readonly recordIndex?: number;
  readonly reason: string;
}
