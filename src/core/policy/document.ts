/** IAM policy documents as ALPHA handles them after normalization: every list field is an array. */
export type Effect = 'Allow' | 'Deny';

/** `{"StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}}` */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  Sid?: string;
  Effect: Effect;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: ConditionBlock;
  /** Resource policies only; kept so a pasted bucket policy is recognized and refused clearly. */
  Principal?: unknown;
}

export interface PolicyDocument {
  Version: '2012-10-17' | '2008-10-17';
  Statement: Statement[];
}

/** A policy with where it came from, so reports can name it. */
export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}
