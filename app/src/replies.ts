/**
 * What the App writes back in comments. Everything that came from outside (role names, actions, CloudTrail
 * resources, error text) goes through `codeSpan`/`escapeMarkdown`: no mention, link or HTML survives.
 */
import type { Proposal } from '../../src/core/proposal.js';
import { COMMENT_LIMIT, formatCount } from '../../src/core/report/markdown-check.js';
import { codeSpan, escapeMarkdown } from '../../src/core/report/markdown-escape.js';
import type { StoredAnalysis } from '../../src/store/store.js';
import type { AppSection } from './app-config.js';
import { REQUIRED_PERMISSION, type GuardedCommand } from './authorize.js';
import { USAGE } from './commands.js';

const MAX_LISTED = 10;

export function clampComment(body: string): string {
  return body.length <= COMMENT_LIMIT ? body : `${body.slice(0, COMMENT_LIMIT - 40)}\n\n…(cut to GitHub's limit)\n`;
}

export function short(sha: string): string {
  return sha.slice(0, 7);
}

/** Error text as a safe block: each line escaped (error messages quote file content and ARNs). */
export function errorText(message: string): string {
  return message
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => escapeMarkdown(l.trim(), 1000))
    .join('\n\n');
}

export function renderHelp(app: AppSection): string {
  const who = (command: GuardedCommand): string => {
    const base = REQUIRED_PERMISSION[command] === 'none' ? 'anyone who can comment' : 'write, maintain or admin';
    const list = app.commands?.[command];
    const extra = [...(list?.users ?? []).map((u) => codeSpan(u)), ...(list?.teams ?? []).map((t) => codeSpan(t))];
    return extra.length > 0 ? `${base}, and only: ${extra.join(', ')}` : base;
  };
  return [
    '### ALPHA commands',
    '',
    '| command | what it does | who may run it |',
    '|---|---|---|',
    ...USAGE.map((u) => `| ${u.syntax.replace(/\|/g, '\\|')} | ${u.what} | ${who(u.name)} |`),
    '',
    'Commands are read from the first line of a new comment only (edits are ignored); `/alpha fix` alone on that line takes the AWS message from the first code block below it. The check run also offers **Commit patch** and **Re-analyze** buttons, with the same rules. Fork pull requests are analyzed with the App’s own credentials; their patch is offered as review suggestions, never committed.',
  ].join('\n');
}

function list(values: readonly string[]): string {
  if (values.length === 0) return '—';
  const shown = values.slice(0, MAX_LISTED).map((v) => codeSpan(v, 200));
  return values.length > MAX_LISTED ? `${shown.join(', ')} and ${values.length - MAX_LISTED} more` : shown.join(', ');
}

function explainForRole(p: Proposal, action: string): string[] {
  const wanted = action.toLowerCase();
  const same = (a: string): boolean => a.toLowerCase() === wanted;
  const out: string[] = [`#### ${codeSpan(p.role.name)}`];
  const evidenceKey = Object.keys(p.evidence).find(same);
  const evidence = evidenceKey === undefined ? undefined : p.evidence[evidenceKey];
  if (evidence) {
    const kept = p.diff.keptActions.some(same) ? 'kept' : p.diff.addedActions.some(same) ? 'added' : 'proposed';
    out.push(
      `**${kept}**: used ${formatCount(evidence.count)} times between ${codeSpan(evidence.firstSeen)} and ${codeSpan(evidence.lastSeen)}.`,
      '',
      `- regions: ${list(evidence.regions)}`,
      `- resources: ${list(evidence.resources)}${evidence.resourcesOverflow ? ` (+${evidence.resourcesOverflow} not listed)` : ''}`,
      `- sample event id: ${codeSpan(evidence.sampleEventId)}`,
      `- derived from: ${list(evidence.calls)} (${codeSpan(evidence.origin)})`,
    );
  } else if (p.diff.removedActions.some(same)) {
    out.push(
      `**removed**: granted today, but no call needing it was recorded between ${codeSpan(p.window.start)} and ${codeSpan(p.window.end)} (${p.window.days} days, source ${codeSpan(p.source.kind)}${p.source.complete ? '' : ', incomplete'}).`,
    );
  } else {
    out.push('**not in the proposal**: not granted today and no use was recorded.');
  }
  const denied = p.deniedAttempts.filter((d) => d.actions.some(same));
  for (const d of denied)
    out.push(
      `- denied ${formatCount(d.count)} times (${codeSpan(d.errorCode)}), last ${codeSpan(d.lastSeen)}, sample ${codeSpan(d.sampleEventId)}: attempts are never granted`,
    );
  const notes = p.proposal.remediationNotes.filter((n) => n.toLowerCase().includes(wanted));
  for (const note of notes.slice(0, 5)) out.push(`- note: ${escapeMarkdown(note)}`);
  return out;
}

export function renderExplain(analysis: StoredAnalysis, action: string): string {
  const parts = [
    `### ${codeSpan(action)} in analysis ${codeSpan(analysis.id)} (head ${codeSpan(short(analysis.key.headSha))})`,
  ];
  for (const p of analysis.proposals) parts.push('', ...explainForRole(p, action));
  if (analysis.proposals.length === 0) parts.push('', 'The analysis has no roles.');
  return clampComment(parts.join('\n'));
}

/** A fenced code block that `text` cannot close: the fence is longer than any run of backticks inside it. */
export function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}
