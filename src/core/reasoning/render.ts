/**
 * The reasoning as a report section (Markdown for the check run / comment, plain lines for the terminal). The
 * model's words are untrusted text: every string is escaped, and the section says plainly that it is advice
 * and that nothing in it is granted.
 */
import { codeSpan, escapeMarkdown } from '../report/markdown-escape.js';
import { terminalSafe } from '../report/terminal-safe.js';
import type { ProposalReasoning } from './types.js';

function percent(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}

function cost(usd: number): string {
  return usd === 0 ? 'cost unknown for this model' : `≈ $${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

export function renderReasoningMarkdown(reasoning: ProposalReasoning | null): string {
  if (!reasoning) return '';
  const model = codeSpan(reasoning.model, 120);
  if (!reasoning.used)
    return `### Reasoning (advice)\n\nReasoning with ${model} was unavailable (${escapeMarkdown(reasoning.unavailableReason ?? 'unknown', 300)}): the result above is the deterministic one, with the same conclusion.\n`;
  const lines = [
    '### Reasoning (advice)',
    '',
    `By ${model}; advice only: it changes neither the proposed policy nor the check's conclusion, and nothing below is granted until a maintainer accepts it.`,
    '',
  ];
  if (reasoning.narrative) lines.push(...reasoning.narrative.split('\n').map((l) => escapeMarkdown(l, 1_000)), '');
  const shown = reasoning.modelProbabilityOfBreak;
  lines.push(
    `**Probability of break (with the model's view):** ${percent(reasoning.probabilityOfBreak)}${shown !== undefined && shown < reasoning.probabilityOfBreak ? ` (the model estimated ${percent(shown)}; ALPHA never lowers the deterministic estimate)` : ''}`,
    '',
  );
  if (reasoning.suggestions.length > 0) {
    lines.push('**Unobserved suggestions** (accept with `/alpha accept <action> <resource>`):', '');
    lines.push('| Action | Resource | Why |', '|---|---|---|');
    for (const s of reasoning.suggestions)
      lines.push(`| ${codeSpan(s.action, 120)} | ${codeSpan(s.resource, 300)} | ${escapeMarkdown(s.reason, 300)} |`);
    lines.push('');
  }
  if (reasoning.conditionSuggestions.length > 0) {
    lines.push('**Conditions to consider:**', '');
    for (const c of reasoning.conditionSuggestions)
      lines.push(
        `- ${codeSpan(`${c.operator} ${c.key} = ${c.values.join(', ')}`, 300)} on ${c.actions.map((a) => codeSpan(a, 120)).join(', ') || 'all actions'}: ${escapeMarkdown(c.reason, 300)}`,
      );
    lines.push('');
  }
  if (reasoning.remediationNotes.length > 0) {
    lines.push('**Before applying:**', '', ...reasoning.remediationNotes.map((n) => `- ${escapeMarkdown(n, 500)}`), '');
  }
  if (reasoning.rejected.length > 0) {
    lines.push(
      `<details><summary>${reasoning.rejected.length} model suggestion${reasoning.rejected.length === 1 ? '' : 's'} refused by ALPHA</summary>`,
      '',
      ...reasoning.rejected.map((r) => `- ${codeSpan(r.action, 120)}: ${escapeMarkdown(r.reason, 400)}`),
      '',
      '</details>',
      '',
    );
  }
  lines.push(
    `<sub>${reasoning.usage.inputTokens} input + ${reasoning.usage.outputTokens} output tokens, ${cost(reasoning.usage.estimatedCostUsd)}</sub>`,
    '',
  );
  return lines.join('\n');
}

/** Lines for `alpha analyze`'s terminal summary. */
export function renderReasoningText(reasoning: ProposalReasoning | null): string[] {
  if (!reasoning) return [];
  const model = terminalSafe(reasoning.model);
  if (!reasoning.used)
    return [`Reasoning: unavailable with ${model} (${terminalSafe(reasoning.unavailableReason ?? 'unknown')})`];
  return [
    `Reasoning (${model}, advice only): probability of break ${percent(reasoning.probabilityOfBreak)}; ${reasoning.suggestions.length} unobserved suggestion${reasoning.suggestions.length === 1 ? '' : 's'}, ${reasoning.rejected.length} refused; ${reasoning.usage.inputTokens}+${reasoning.usage.outputTokens} tokens, ${cost(reasoning.usage.estimatedCostUsd)}`,
    ...reasoning.suggestions.map(
      (s) => `  suggestion: ${terminalSafe(s.action)} on ${terminalSafe(s.resource)}: ${terminalSafe(s.reason)}`,
    ),
  ];
}
