/**
 * IAM's policy size limits. IAM counts the characters of the policy JSON excluding whitespace: a managed
 * policy may have 6,144, all inline policies of a role together 10,240.
 */
import type { PolicyDocument } from './document.js';

export const MANAGED_POLICY_SIZE_LIMIT = 6144;
export const INLINE_POLICY_SIZE_LIMIT = 10240;

/** Characters IAM counts against the limit: the JSON text without any whitespace. */
export function policySize(document: PolicyDocument): number {
  // Code points, not UTF-16 units: IAM counts characters.
  return [...JSON.stringify(document).replace(/\s/g, '')].length;
}
