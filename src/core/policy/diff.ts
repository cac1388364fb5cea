/**
 * Existing grant vs proposed policy, at action level after wildcard expansion, so `s3:Get*` and the 40-odd
 * actions it stands for compare as what they are.
 */
import type { IamCatalog } from '../catalog.js';
import type { PolicyDiff } from '../proposal.js';
import type { PolicyDocument } from './document.js';
import { allowedActions } from './grants.js';
import { countOf } from './numbers.js';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `-1,412 actions, +3 actions`: both parts always, so the line reads the same in every report. */
export function changeSummaryOf(removed: number, added: number): string {
  return `-${countOf(removed, 'action')}, +${countOf(added, 'action')}`;
}

/**
 * Share of the existing grant the proposal takes away, in percent with one decimal (99.8 says more than 100
 * when 3 of 1,415 actions stay). 0 when there is no existing policy or it grants nothing.
 */
export function reductionPercentOf(removed: number, existing: number): number {
  if (existing <= 0) return 0;
  return Math.round((removed / existing) * 1000) / 10;
}

/**
 * `existingAllowed` is what allowedActions() says the current policies grant, or `null` when there are none to
 * compare with: then every proposed action is "added", nothing is removed or kept, reductionPercent is 0 and
 * observedNotGranted is empty (nothing is known about the current grant).
 */
export function diffPolicies(
  existingAllowed: Set<string> | null,
  proposed: PolicyDocument,
  observedActions: string[],
  catalog: IamCatalog,
): PolicyDiff {
  const proposedAllowed = allowedActions([proposed], catalog).allowed;
  const existing = existingAllowed ?? new Set<string>();
  const added = [...proposedAllowed].filter((a) => !existing.has(a)).sort(compare);
  const removed = [...existing].filter((a) => !proposedAllowed.has(a)).sort(compare);
  const kept = [...existing].filter((a) => proposedAllowed.has(a)).sort(compare);
  const observedNotGranted =
    existingAllowed === null
      ? []
      : [...new Set(observedActions.map((a) => catalog.action(a)?.key ?? a))]
          .filter((a) => !existing.has(a))
          .sort(compare);
  return {
    addedActions: added,
    removedActions: removed,
    keptActions: kept,
    changeSummary: changeSummaryOf(removed.length, added.length),
    reductionPercent: reductionPercentOf(removed.length, existing.size),
    observedNotGranted,
  };
}
