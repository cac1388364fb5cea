/**
 * What patching a role's policy in Terraform or CloudFormation can come to. Every outcome says where
 * (file:line) so a reviewer can find it, and a refusal always carries the reason in words a user can act on.
 */

/** The IaC shape the policy was written in; the patch keeps it. */
export type PolicyShape =
  | 'terraform-jsonencode'
  | 'terraform-heredoc'
  | 'terraform-policy-document'
  | 'json-policy-file'
  | 'cloudformation-yaml'
  | 'cloudformation-json';

/** A GitHub review-comment suggestion: replaces lines `startLine..endLine` (1-based, original file). */
export interface SuggestionBlock {
  file: string;
  startLine: number;
  endLine: number;
  /** The comment body, a fenced ```suggestion block. */
  body: string;
}

interface Located {
  /** Path as given by the caller (relative paths stay relative). */
  file: string;
  /** 1-based line where the policy starts (or the construct that blocked it). */
  line: number;
  /** Terraform address (`aws_iam_role_policy.orders`) or CloudFormation logical id (+ policy index). */
  target: string;
}

export interface PatchedOutcome extends Located {
  kind: 'patched';
  shape: PolicyShape;
  before: string;
  after: string;
  /** One-hunk unified diff, `a/FILE` → `b/FILE`. */
  diff: string;
  suggestions: SuggestionBlock[];
  /** What a reviewer should know, e.g. comments inside the old policy that the rewrite does not carry over. */
  notes: string[];
}

/** The file already holds a policy equivalent to the proposal: nothing to write. */
export interface UnchangedOutcome extends Located {
  kind: 'unchanged';
  shape: PolicyShape;
}

export interface RefusedOutcome extends Located {
  kind: 'refused';
  reason: string;
  /** The proposed policy as standalone JSON the user can paste by hand. */
  snippet: string;
}

export interface NotFoundOutcome {
  kind: 'not-found';
  reason: string;
  /** Files that were looked at. */
  searched: string[];
  snippet: string;
}

export type PatchOutcome = PatchedOutcome | UnchangedOutcome | RefusedOutcome | NotFoundOutcome;

/** Thrown inside the patchers and turned into a `refused` outcome at the edge. */
export class PatchRefusal extends Error {
  constructor(
    readonly reason: string,
    /** UTF-16 index into the source where the blocking construct starts. */
    readonly at: number,
  ) {
    super(reason);
    this.name = 'PatchRefusal';
  }
}
