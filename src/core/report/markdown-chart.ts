/**
 * A Mermaid bar chart of allowed actions before → after per role: one glance says how much each policy shrinks,
 * which a table of numbers does not. GitHub renders ```mermaid blocks in check summaries, job summaries and comments.
 */
import type { Proposal } from '../proposal.js';
import { mermaidLabel } from './markdown-escape.js';

// More bars than this stop being readable at GitHub's column width.
export const MAX_CHART_ROLES = 12;

export function proposedActionCount(p: Proposal): number {
  return p.diff.keptActions.length + p.diff.addedActions.length;
}

/** `null` when there is nothing to compare: no role has a known policy today. */
export function renderActionsChart(proposals: readonly Proposal[]): string | null {
  const known = proposals.filter((p) => p.existingPolicy !== null);
  if (known.length === 0) return null;
  const shown = [...known]
    .sort((a, b) => (b.existingPolicy?.grantedActionCount ?? 0) - (a.existingPolicy?.grantedActionCount ?? 0))
    .slice(0, MAX_CHART_ROLES)
    .sort((a, b) => (a.role.arn < b.role.arn ? -1 : a.role.arn > b.role.arn ? 1 : 0));
  const labels = shown.map((p) => `"${mermaidLabel(p.role.name)}"`).join(', ');
  const before = shown.map((p) => p.existingPolicy?.grantedActionCount ?? 0);
  const after = shown.map(proposedActionCount);
  const title =
    shown.length < known.length
      ? `Allowed actions, before and after (${shown.length} largest of ${known.length} roles)`
      : 'Allowed actions, before and after';
  return [
    '```mermaid',
    // Fixed colors so the caption can name them; the bars of a role are drawn over each other.
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#8c959f, #1f883d"}}}}%%',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels}]`,
    `  y-axis "actions" 0 --> ${Math.max(1, ...before, ...after)}`,
    `  bar [${before.join(', ')}]`,
    `  bar [${after.join(', ')}]`,
    '```',
    '',
    '_Grey: actions the role is allowed today. Green: actions in the proposal._',
  ].join('\n');
}
