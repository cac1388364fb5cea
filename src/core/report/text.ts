/**
 * The terminal summary of one Proposal: what a human needs to decide in one screen — who, over which window,
 * how risky, how much safer, what changes, what a guardrail stopped, what could not be mapped or was denied,
 * and what to do. Long lists are abbreviated ("… and 1,380 more"); the JSON has everything. Every string that
 * came from outside (CloudTrail, policy files) goes through terminalSafe before it is printed.
 */
import { formatCount } from '../policy/numbers.js';
import type { Proposal, RiskLevel, SecurityScore } from '../proposal.js';
import { terminalSafe } from './terminal-safe.js';

export interface TextSummaryOptions {
  /** ANSI colors; the caller decides (TTY, --no-color, NO_COLOR). */
  color: boolean;
}

/** How many items of a long action list are shown before "… and N more". */
export const LIST_PREVIEW = 8;
const MAX_FACTORS = 3;
const MAX_ROWS = 10;

type Paint = (text: string) => string;

interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
}

function palette(color: boolean): Palette {
  const sgr =
    (open: string, close: string): Paint =>
    (t) =>
      color ? `\u001b[${open}m${t}\u001b[${close}m` : t;
  return {
    bold: sgr('1', '22'),
    dim: sgr('2', '22'),
    red: sgr('31', '39'),
    yellow: sgr('33', '39'),
    green: sgr('32', '39'),
  };
}

const safe = terminalSafe;

function day(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(iso) ? iso.slice(0, 10) : safe(iso);
}

function pct(p: number): string {
  return `${(Math.round(p * 1000) / 10).toFixed(1)}%`;
}

export function abbreviate(items: readonly string[], max = LIST_PREVIEW): string {
  if (items.length === 0) return '—';
  const shown = items.slice(0, max).map(safe).join(', ');
  return items.length > max ? `${shown}, … and ${formatCount(items.length - max)} more` : shown;
}

function levelPaint(level: RiskLevel, p: Palette): Paint {
  if (level === 'low') return p.green;
  if (level === 'medium') return p.yellow;
  if (level === 'high') return p.red;
  return (t) => p.bold(p.red(t));
}

function grade(score: SecurityScore | null): string {
  return score === null ? 'unknown (no existing policy given)' : `${formatCount(score.score)} (${score.grade})`;
}

function more(count: number, singular: string, plural: string): string {
  return `  … and ${formatCount(count)} more ${count === 1 ? singular : plural} (see the JSON)`;
}

export function renderTextSummary(proposal: Proposal, options: TextSummaryOptions): string {
  const p = palette(options.color);
  const lines: string[] = [];
  const heading = (title: string): void => {
    lines.push('', p.bold(title));
  };
  const { role, window, source, diff } = proposal;
  const { riskSignal, securityScore, guardrailViolations, remediationNotes } = proposal.proposal;

  lines.push(p.bold(`ALPHA least-privilege proposal for ${safe(role.name)}`));
  lines.push(`  role      ${safe(role.arn)}`);
  lines.push(`  window    ${day(window.start)} → ${day(window.end)} (${formatCount(window.days)} days)`);
  lines.push(
    `  source    ${safe(source.kind)} · ${source.regions.length > 0 ? source.regions.map(safe).join(', ') : 'no region'} · data events ${source.sawDataEvents ? 'yes' : 'no'} · ${source.complete ? 'complete' : p.red('INCOMPLETE')}`,
  );
  lines.push(
    `  events    ${formatCount(source.eventsRead)} read · ${formatCount(source.eventsForRole)} for this role · ${formatCount(source.recordsRejected)} rejected`,
  );
  for (const gap of source.gaps.slice(0, MAX_ROWS)) lines.push(`  gap       ${safe(gap)}`);
  if (source.gaps.length > MAX_ROWS) lines.push(more(source.gaps.length - MAX_ROWS, 'gap', 'gaps'));

  heading('Risk of break');
  const paint = levelPaint(riskSignal.level, p);
  lines.push(`  ${paint(`${pct(riskSignal.probabilityOfBreak)} ${riskSignal.level.toUpperCase()}`)}`);
  for (const f of riskSignal.factors.slice(0, MAX_FACTORS))
    lines.push(`  • ${safe(f.code)} ${pct(f.weight)}: ${safe(f.detail)}`);
  if (riskSignal.factors.length > MAX_FACTORS)
    lines.push(more(riskSignal.factors.length - MAX_FACTORS, 'factor', 'factors'));

  heading('Security score');
  lines.push(`  ${grade(securityScore.before)} → ${grade(securityScore.after)}`);

  heading('Diff');
  lines.push(`  ${safe(diff.changeSummary)} · ${diff.reductionPercent.toFixed(1)}% of the current grant removed`);
  lines.push(`  removed (${formatCount(diff.removedActions.length)})  ${abbreviate(diff.removedActions)}`);
  lines.push(`  added (${formatCount(diff.addedActions.length)})  ${abbreviate(diff.addedActions)}`);
  lines.push(`  kept (${formatCount(diff.keptActions.length)})  ${abbreviate(diff.keptActions)}`);
  if (diff.observedNotGranted.length > 0)
    lines.push(
      `  used but not granted by the given policy (${formatCount(diff.observedNotGranted.length)})  ${abbreviate(diff.observedNotGranted)}`,
    );

  if (guardrailViolations.length > 0) {
    heading(`Guardrail violations (${formatCount(guardrailViolations.length)})`);
    for (const v of guardrailViolations.slice(0, MAX_ROWS))
      lines.push(`  ${p.red('✗')} ${safe(v.code)} at ${safe(v.path)}`, `    ${safe(v.message)}`);
    if (guardrailViolations.length > MAX_ROWS)
      lines.push(more(guardrailViolations.length - MAX_ROWS, 'violation', 'violations'));
  }

  if (proposal.unmapped.length > 0) {
    heading(`Unmapped calls (${formatCount(proposal.unmapped.length)}): not granted, mapped to no IAM action`);
    for (const u of proposal.unmapped.slice(0, MAX_ROWS))
      lines.push(
        `  • ${safe(u.eventSource)}:${safe(u.eventName)} ×${formatCount(u.count)}  ${safe(u.reason)} (e.g. event ${safe(u.sampleEventId)})`,
      );
    if (proposal.unmapped.length > MAX_ROWS) lines.push(more(proposal.unmapped.length - MAX_ROWS, 'call', 'calls'));
  }

  if (proposal.deniedAttempts.length > 0) {
    heading(`Denied attempts (${formatCount(proposal.deniedAttempts.length)}): never granted`);
    for (const d of proposal.deniedAttempts.slice(0, MAX_ROWS))
      lines.push(
        `  • ${safe(d.eventSource)}:${safe(d.eventName)} ×${formatCount(d.count)}  ${safe(d.errorCode)}, last ${day(d.lastSeen)}${d.actions.length > 0 ? ` (needs ${abbreviate(d.actions, 3)})` : ''}`,
      );
    if (proposal.deniedAttempts.length > MAX_ROWS)
      lines.push(more(proposal.deniedAttempts.length - MAX_ROWS, 'attempt', 'attempts'));
  }

  if (remediationNotes.length > 0) {
    heading('What to do');
    for (const note of remediationNotes.slice(0, MAX_ROWS)) lines.push(`  • ${safe(note)}`);
    if (remediationNotes.length > MAX_ROWS) lines.push(more(remediationNotes.length - MAX_ROWS, 'note', 'notes'));
  }

  return `${lines.join('\n')}\n`;
}
