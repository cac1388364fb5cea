/**
 * The check-run summary (also the job summary and the PR comment): a table of roles, a before → after chart,
 * then per role the risk, guardrail violations, the policy diff with evidence, notes, unmapped and denied calls.
 *
 * GitHub rejects a check run whose summary exceeds 65,535 characters, so the report is rendered at decreasing
 * levels of detail until it fits (lists shortened first, then per-role sections dropped), with a note saying
 * so; only a report that still does not fit is cut, at a line, with a note. Never a failed API call.
 */
import type { Proposal, RiskLevel } from '../proposal.js';
import { renderReasoningMarkdown } from '../reasoning/render.js';
import { proposedActionCount, renderActionsChart } from './markdown-chart.js';
import { codeSpan, escapeMarkdown } from './markdown-escape.js';

export const CHECK_SUMMARY_LIMIT = 65_535;
export const CHECK_TITLE_LIMIT = 255;
export const COMMENT_LIMIT = 65_536;
export const JOB_SUMMARY_LIMIT = 1_048_576;

export type CheckConclusion = 'success' | 'failure' | 'neutral';

/** Where the role's policy is written, and what patching it came to (from the IaC adapter). */
export interface IacReport {
  file: string;
  /** 1-based; 0 when the policy was not found in the file. */
  line: number;
  outcome: 'patched' | 'unchanged' | 'refused' | 'not-found';
  detail?: string;
}

export interface CheckReportInput {
  proposals: readonly Proposal[];
  mode: 'report' | 'enforce';
  riskThreshold: number;
  conclusion: CheckConclusion;
  /** Keyed by role ARN. */
  iac?: Readonly<Record<string, IacReport>>;
  /** Where the full Proposal JSON can be found, e.g. "the `alpha-output` folder of this run". */
  fullReportHint?: string;
  /** Hidden first line (the PR comment's marker). */
  marker?: string;
  /**
   * What a reader does with a ready IaC patch, e.g. "comment `/alpha commit` to apply it" (the App). Trusted
   * Markdown. Without it the line says the patch is in this run's output (the Action).
   */
  patchedHint?: string;
  /** List the exact `/alpha accept …` comment for each unobserved suggestion of the reasoner (the App). */
  acceptCommands?: boolean;
}

export interface CheckReport {
  title: string;
  summary: string;
  /** `Infinity` when nothing was left out. */
  itemsPerList: number;
  truncated: boolean;
}

// Items per list at each level of detail; the last level also drops the per-role sections.
const DETAIL_LEVELS = [Infinity, 200, 50, 10, 3] as const;

const LEVEL_ICON: Record<RiskLevel, string> = { low: '🟢', medium: '🟡', high: '🟠', critical: '🔴' };
const CONCLUSION_ICON: Record<CheckConclusion, string> = { success: '✅', failure: '❌', neutral: '⚠️' };

export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPercent(p: number): string {
  return `${(p * 100).toFixed(1)} %`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function violations(p: Proposal): number {
  return p.proposal.guardrailViolations.length;
}

function aboveThreshold(p: Proposal, threshold: number): boolean {
  return p.proposal.riskSignal.probabilityOfBreak > threshold;
}

/** ≤ 255 characters: what a reviewer sees in the checks list without opening the check. */
export function renderCheckTitle(input: CheckReportInput): string {
  const { proposals } = input;
  if (proposals.length === 0) return 'No roles analyzed';
  const v = proposals.reduce((n, p) => n + violations(p), 0);
  const risky = proposals.filter((p) => aboveThreshold(p, input.riskThreshold)).length;
  const removed = proposals.reduce((n, p) => n + p.diff.removedActions.length, 0);
  const maxRisk = Math.max(...proposals.map((p) => p.proposal.riskSignal.probabilityOfBreak));
  const parts = [
    proposals.length === 1 ? (proposals[0]?.role.name ?? '') : plural(proposals.length, 'role'),
    `${plural(removed, 'action')} removable`,
    `break risk ${formatPercent(maxRisk)}`,
    ...(risky > 0 ? [`${risky} above the ${formatPercent(input.riskThreshold)} threshold`] : []),
    ...(v > 0 ? [plural(v, 'guardrail violation')] : []),
  ];
  const title = parts.join(' · ').replace(/\s+/g, ' ');
  return title.length <= CHECK_TITLE_LIMIT ? title : `${title.slice(0, CHECK_TITLE_LIMIT - 1)}…`;
}

export function renderCheckReport(input: CheckReportInput, limit = CHECK_SUMMARY_LIMIT): CheckReport {
  const title = renderCheckTitle(input);
  for (const [index, items] of DETAIL_LEVELS.entries()) {
    const withSections = index < DETAIL_LEVELS.length - 1 || input.proposals.length <= 1;
    const summary = renderAtLevel(input, items, withSections, limit);
    if (summary.length <= limit) return { title, summary, itemsPerList: items, truncated: false };
  }
  return {
    title,
    summary: cutToFit(renderAtLevel(input, 0, false, limit), limit, input),
    itemsPerList: 0,
    truncated: true,
  };
}

function renderAtLevel(input: CheckReportInput, items: number, withSections: boolean, limit: number): string {
  const out: string[] = [];
  if (input.marker) out.push(input.marker);
  out.push(...header(input), '');
  if (items !== Infinity) out.push(reducedNote(input, items, withSections, limit), '');
  out.push(...roleTable(input), '');
  const chart = withSections ? renderActionsChart(input.proposals) : null;
  if (chart) out.push(chart, '');
  if (withSections) for (const p of input.proposals) out.push(...roleSection(p, input, items), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function header(input: CheckReportInput): string[] {
  const { conclusion, mode } = input;
  const why =
    conclusion === 'success'
      ? 'No role is above the risk threshold and no guardrail is violated.'
      : conclusion === 'failure'
        ? 'A role is above the risk threshold or violates a guardrail, and the mode is `enforce`.'
        : 'A role is above the risk threshold or violates a guardrail; the mode is `report`, so this does not block the merge.';
  return [
    `## ${CONCLUSION_ICON[conclusion]} ALPHA least privilege: ${plural(input.proposals.length, 'role')}`,
    '',
    `${why} Mode: \`${mode}\` · risk threshold: ${formatPercent(input.riskThreshold)} probability of break.`,
  ];
}

function fullReport(input: CheckReportInput): string {
  return input.fullReportHint ?? 'the Proposal JSON written by this run';
}

function reducedNote(input: CheckReportInput, items: number, withSections: boolean, limit: number): string {
  const what = withSections ? `lists show their first ${formatCount(items)} items` : 'per-role details are left out';
  return `> [!NOTE]\n> This report is shortened to fit GitHub's ${formatCount(limit)}-character limit: ${what}. Everything is in ${fullReport(input)}.`;
}

function roleTable(input: CheckReportInput): string[] {
  const rows = input.proposals.map((p) => {
    const r = p.proposal.riskSignal;
    const score = p.proposal.securityScore;
    const before = p.existingPolicy ? formatCount(p.existingPolicy.grantedActionCount) : 'unknown';
    const scoreBefore = score.before ? `${score.before.score} (${score.before.grade})` : '—';
    const flag = aboveThreshold(p, input.riskThreshold) ? ' ⬆️' : '';
    return `| ${codeSpan(p.role.name)} | ${LEVEL_ICON[r.level]} ${r.level}${flag} | ${formatPercent(r.probabilityOfBreak)} | ${violations(p)} | ${before} → ${formatCount(proposedActionCount(p))} | ${p.diff.reductionPercent.toFixed(1)} % | ${scoreBefore} → ${score.after.score} (${score.after.grade}) |`;
  });
  return [
    '| role | risk | probability of break | guardrail violations | actions before → after | reduction | security score before → after |',
    '|---|---|---:|---:|---|---:|---|',
    ...rows,
  ];
}

/** At most `items` entries, then a line saying how many were left out. */
function capped<T>(
  list: readonly T[],
  items: number,
  render: (item: T) => string,
  more: (n: number) => string,
): string[] {
  const shown = list.slice(0, items).map(render);
  return list.length > items ? [...shown, more(list.length - items)] : shown;
}

function details(summary: string, body: string[]): string[] {
  return body.length === 0 ? [] : ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

function actionList(actions: readonly string[], items: number, hint: string): string[] {
  if (actions.length === 0) return [];
  const shown = actions.slice(0, items).map((a) => codeSpan(a));
  const rest = actions.length - shown.length;
  return [shown.join(' ') + (rest > 0 ? ` … and ${plural(rest, 'more action')} in ${hint}` : '')];
}

/** Which services lose most, first: with hundreds of removed actions that reads faster than the list. */
function servicesLine(actions: readonly string[], items: number): string[] {
  const counts = new Map<string, number>();
  for (const a of actions) {
    const service = a.slice(0, Math.max(0, a.indexOf(':'))) || a;
    counts.set(service, (counts.get(service) ?? 0) + 1);
  }
  if (counts.size < 2) return [];
  const sorted = [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const shown = sorted.slice(0, items).map(([service, n]) => `${codeSpan(service)} ${formatCount(n)}`);
  const rest = sorted.length - shown.length;
  return [`By service: ${shown.join(' · ')}${rest > 0 ? ` · … ${plural(rest, 'more service')}` : ''}`, ''];
}

function roleSection(p: Proposal, input: CheckReportInput, items: number): string[] {
  const hint = fullReport(input);
  const more = (n: number): string => `| … | ${plural(n, 'more row')} in ${hint} | | |`;
  const r = p.proposal.riskSignal;
  const out: string[] = [
    `### ${codeSpan(p.role.name)}`,
    '',
    `${codeSpan(p.role.arn)} · ${p.window.days} days (${p.window.start.slice(0, 10)} → ${p.window.end.slice(0, 10)}) · source \`${p.source.kind}\`, ${plural(p.source.eventsForRole, 'event')} of this role${p.source.complete ? '' : ' · ⚠️ the source is incomplete'}`,
    '',
    `**Break risk: ${LEVEL_ICON[r.level]} ${r.level}, ${formatPercent(r.probabilityOfBreak)}**${aboveThreshold(p, input.riskThreshold) ? ` (above the ${formatPercent(input.riskThreshold)} threshold)` : ''}`,
    ...capped(
      r.factors,
      items,
      (f) => `- ${escapeMarkdown(f.detail)} (+${formatPercent(f.weight)})`,
      (n) => `- … ${plural(n, 'more factor')}`,
    ),
    '',
  ];
  const v = p.proposal.guardrailViolations;
  if (v.length > 0)
    out.push(
      `**Guardrail violations (${formatCount(v.length)})**`,
      '',
      '| code | where | message |',
      '|---|---|---|',
      ...capped(
        v,
        Math.max(items, 1),
        (x) => `| \`${x.code}\` | ${codeSpan(x.path)} | ${escapeMarkdown(x.message)} |`,
        (n) => `| … | | ${plural(n, 'more violation')} in ${hint} |`,
      ),
      '',
    );

  const d = p.diff;
  out.push(
    `**Policy diff:** ${escapeMarkdown(d.changeSummary)} · ${plural(d.removedActions.length, 'action')} removed, ${formatCount(d.addedActions.length)} added, ${formatCount(d.keptActions.length)} kept · ${d.reductionPercent.toFixed(1)} % reduction`,
    '',
  );
  const kept = capped(
    d.keptActions,
    items,
    (a) => {
      const e = p.evidence[a];
      return e
        ? `| ${codeSpan(a)} | ${formatCount(e.count)} | ${e.lastSeen.slice(0, 10)} | ${e.regions.map((x) => codeSpan(x)).join(' ')} |`
        : `| ${codeSpan(a)} | — | not observed | |`;
    },
    more,
  );
  out.push(
    ...details(
      `Kept, with evidence (${formatCount(d.keptActions.length)})`,
      kept.length ? ['| action | calls | last seen | regions |', '|---|---:|---|---|', ...kept] : [],
    ),
  );
  const added = capped(
    d.addedActions,
    items,
    (a) => {
      const e = p.evidence[a];
      return `| ${codeSpan(a)} | ${e ? formatCount(e.count) : '—'} | ${e ? e.lastSeen.slice(0, 10) : 'not observed'} | ${e ? e.regions.map((x) => codeSpan(x)).join(' ') : ''} |`;
    },
    more,
  );
  out.push(
    ...details(
      `Added (${formatCount(d.addedActions.length)})`,
      added.length ? ['| action | calls | last seen | regions |', '|---|---:|---|---|', ...added] : [],
    ),
  );
  out.push(
    ...details(`Removed (${formatCount(d.removedActions.length)})`, [
      ...servicesLine(d.removedActions, items),
      ...actionList(d.removedActions, items, hint),
    ]),
  );
  if (d.observedNotGranted.length > 0)
    out.push(
      ...details(
        `Used but not granted by the known policy (${formatCount(d.observedNotGranted.length)})`,
        actionList(d.observedNotGranted, items, hint),
      ),
    );

  const notes = p.proposal.remediationNotes;
  if (notes.length > 0)
    out.push(
      '',
      `**Remediation notes (${formatCount(notes.length)})**`,
      ...capped(
        notes,
        items,
        (n) => `- ${escapeMarkdown(n)}`,
        (n) => `- … ${plural(n, 'more note')} in ${hint}`,
      ),
    );
  if (p.unmapped.length > 0)
    out.push(
      '',
      ...details(`Unmapped calls (${formatCount(p.unmapped.length)}): logged, but mapped to no IAM action`, [
        '| call | count | sample event | why |',
        '|---|---:|---|---|',
        ...capped(
          p.unmapped,
          items,
          (u) =>
            `| ${codeSpan(`${u.eventSource} ${u.eventName}`)} | ${formatCount(u.count)} | ${codeSpan(u.sampleEventId)} | ${escapeMarkdown(u.reason)} |`,
          more,
        ),
      ]),
    );
  if (p.deniedAttempts.length > 0)
    out.push(
      '',
      ...details(`Denied attempts (${formatCount(p.deniedAttempts.length)}): never granted`, [
        '| call | error | count | last seen |',
        '|---|---|---:|---|',
        ...capped(
          p.deniedAttempts,
          items,
          (a) =>
            `| ${codeSpan(`${a.eventSource} ${a.eventName}`)} | ${codeSpan(a.errorCode)} | ${formatCount(a.count)} | ${a.lastSeen.slice(0, 10)} |`,
          more,
        ),
      ]),
    );
  out.push(...reasoningSection(p, input, items));
  const iac = input.iac?.[p.role.arn];
  if (iac) out.push('', iacLine(iac, input.patchedHint));
  return out;
}

/**
 * The reasoner's advice (null: it was not asked, and nothing is printed, so reports without it are unchanged).
 * When it failed, one line says why: the result is the deterministic one, with the same conclusion.
 */
function reasoningSection(p: Proposal, input: CheckReportInput, items: number): string[] {
  const r = p.reasoning;
  if (!r) return [];
  if (!r.used)
    return [
      '',
      `**Reasoning:** unavailable with ${codeSpan(r.model, 120)} (${escapeMarkdown(r.unavailableReason ?? 'unknown reason', 300)}): the deterministic result stands, with the same conclusion.`,
    ];
  const out = ['', renderReasoningMarkdown(r).trimEnd()];
  if (input.acceptCommands && r.suggestions.length > 0)
    out.push(
      '',
      'To grant a suggestion, a maintainer with write permission comments:',
      '',
      ...capped(
        r.suggestions,
        items,
        (s) => `- ${codeSpan(`/alpha accept ${s.action} ${s.resource} ${p.role.name}`, 2_000)}`,
        (n) => `- … ${plural(n, 'more suggestion')}`,
      ),
    );
  return out;
}

function iacLine(iac: IacReport, patchedHint?: string): string {
  const where = codeSpan(iac.line > 0 ? `${iac.file}:${iac.line}` : iac.file);
  const detail = iac.detail ? `: ${escapeMarkdown(iac.detail)}` : '';
  switch (iac.outcome) {
    case 'patched':
      return patchedHint === undefined
        ? `**IaC:** a patch for ${where} is in this run's output${detail}`
        : `**IaC:** a patch for ${where} is ready${detail}: ${patchedHint}`;
    case 'unchanged':
      return `**IaC:** ${where} already holds an equivalent policy`;
    case 'refused':
      return `**IaC:** ${where} could not be patched automatically${detail}`;
    case 'not-found':
      return `**IaC:** the role's policy was not found in ${where}${detail}`;
  }
}

/** Last resort: cut at a line (the table-only level has no open blocks) and say how much was left out. */
function cutToFit(text: string, limit: number, input: CheckReportInput): string {
  const note = (n: number): string =>
    `\n> [!WARNING]\n> Truncated: ${plural(n, 'more line')} did not fit GitHub's limit. Everything is in ${fullReport(input)}.\n`;
  const lines = text.split('\n');
  let budget = limit - note(lines.length).length;
  let kept = 0;
  for (const line of lines) {
    if (budget < line.length + 1) break;
    budget -= line.length + 1;
    kept++;
  }
  return `${lines.slice(0, kept).join('\n')}\n${note(Math.max(1, lines.length - kept - 1))}`;
}
