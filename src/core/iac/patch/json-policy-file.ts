/** A standalone JSON policy file (`policy = file("policy.json")`, or a file the user points at). */
import type { PolicyDocument } from '../../policy/document.js';
import { finishPatch } from './finish.js';
import type { PatchOutcome } from './outcome.js';
import { isRecord, standalonePolicySnippet } from './policy-equivalence.js';
import { detectPolicyStyle, renderJson, styledPolicyValue } from './policy-style.js';
import { detectIndentUnit, detectLineEnding } from './source-text.js';

export function patchJsonPolicyFile(
  file: string,
  text: string,
  proposed: PolicyDocument,
  target = file,
  rewriteEquivalent = false,
): PatchOutcome {
  let existing: unknown;
  try {
    existing = JSON.parse(text);
  } catch (error) {
    return refused(
      file,
      target,
      proposed,
      `${file} is not valid JSON (${(error as Error).message}); fix it or apply the proposed policy by hand.`,
    );
  }
  if (!isRecord(existing) || !('Statement' in existing)) {
    return refused(
      file,
      target,
      proposed,
      `${file} is JSON but not an IAM policy document (no "Statement"); point at the policy file itself.`,
    );
  }
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  const eol = detectLineEnding(text);
  const replacement = renderJson(
    styledPolicyValue(proposed, detectPolicyStyle(existing)),
    detectIndentUnit(text),
    '',
    eol,
  );
  return finishPatch({
    file,
    target,
    before: text,
    rewrite: { shape: 'json-policy-file', existing, start, end, replacement },
    proposed,
    rewriteEquivalent,
    reextract: (after) => JSON.parse(after),
  });
}

function refused(file: string, target: string, proposed: PolicyDocument, reason: string): PatchOutcome {
  return { kind: 'refused', file, line: 1, target, reason, snippet: standalonePolicySnippet(proposed) };
}
