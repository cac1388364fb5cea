/**
 * The last step every patcher shares: splice, verify (re-parse + round trip), and package the outcome with
 * its diff and suggestion. A patch that fails verification is turned into a refusal, never offered.
 */
import type { PolicyDocument } from '../../policy/document.js';
import type { PatchOutcome, PolicyShape } from './outcome.js';
import { equivalentPolicies, standalonePolicySnippet } from './policy-equivalence.js';
import { lineNumberAt, splice } from './source-text.js';
import { suggestionBlocks, unifiedDiff } from './unified-diff.js';

export interface Rewrite {
  shape: PolicyShape;
  /** The policy as the file holds it today (plain JSON value). */
  existing: unknown;
  /** UTF-16 span replaced by `replacement`. */
  start: number;
  end: number;
  replacement: string;
  /** 1-based lines of comments inside the replaced span: they cannot follow statements that no longer exist. */
  commentLines?: number[];
}

export interface FinishInput {
  file: string;
  target: string;
  before: string;
  rewrite: Rewrite;
  proposed: PolicyDocument;
  /** Re-reads the policy from the patched text; throws when it does not parse. */
  reextract: (after: string) => unknown;
  /** Rewrite even when the file's policy is already equivalent (tests use it to check the output is a fixed point). */
  rewriteEquivalent?: boolean;
}

export function finishPatch({
  file,
  target,
  before,
  rewrite,
  proposed,
  reextract,
  rewriteEquivalent,
}: FinishInput): PatchOutcome {
  const line = lineNumberAt(before, rewrite.start);
  if (rewriteEquivalent !== true && equivalentPolicies(rewrite.existing, proposed))
    return { kind: 'unchanged', file, line, target, shape: rewrite.shape };
  const after = splice(before, rewrite.start, rewrite.end, rewrite.replacement);
  let roundTrip: unknown;
  try {
    roundTrip = reextract(after);
  } catch (error) {
    return verificationFailed(
      file,
      line,
      target,
      proposed,
      `the patched file does not re-read: ${(error as Error).message}`,
    );
  }
  if (!equivalentPolicies(roundTrip, proposed)) {
    return verificationFailed(
      file,
      line,
      target,
      proposed,
      're-reading the patched file did not give the proposed policy',
    );
  }
  return {
    kind: 'patched',
    file,
    line,
    target,
    shape: rewrite.shape,
    before,
    after,
    diff: unifiedDiff(file, before, after),
    suggestions: suggestionBlocks(file, before, after),
    notes: commentNotes(file, rewrite.commentLines ?? []),
  };
}

function verificationFailed(
  file: string,
  line: number,
  target: string,
  proposed: PolicyDocument,
  why: string,
): PatchOutcome {
  return {
    kind: 'refused',
    file,
    line,
    target,
    reason: `ALPHA's own patch failed verification (${why}); nothing was written. This is a bug in ALPHA, please report it with the file. Apply the proposed policy by hand meanwhile.`,
    snippet: standalonePolicySnippet(proposed),
  };
}

function commentNotes(file: string, lines: number[]): string[] {
  if (lines.length === 0) return [];
  const where = lines.map((line) => `${file}:${line}`).join(', ');
  return [
    `${lines.length === 1 ? 'a comment' : `${lines.length} comments`} inside the old policy (${where}) ` +
      'are not carried over; move any you want to keep above the policy.',
  ];
}
