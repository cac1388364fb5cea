/** Check annotations on the IaC line that holds each role's policy, when the config maps one. */
import type { Proposal } from '../core/proposal.js';
import { formatCount, formatPercent, type CheckConclusion, type IacReport } from '../core/report/markdown-check.js';
import type { CheckAnnotation } from '../github/checks.js';

export function annotationsFor(
  proposals: readonly Proposal[],
  iac: Readonly<Record<string, IacReport>>,
  conclusion: CheckConclusion,
  riskThreshold: number,
): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  for (const p of proposals) {
    const at = iac[p.role.arn];
    if (!at || at.line < 1) continue;
    const violations = p.proposal.guardrailViolations.length;
    const risky = p.proposal.riskSignal.probabilityOfBreak > riskThreshold;
    const finding = violations > 0 || risky;
    const level = !finding ? 'notice' : conclusion === 'failure' ? 'failure' : 'warning';
    const lines = [
      `ALPHA proposes ${formatCount(p.diff.keptActions.length + p.diff.addedActions.length)} actions for ${p.role.name}: ${formatCount(p.diff.removedActions.length)} removed, ${formatCount(p.diff.addedActions.length)} added (${p.diff.reductionPercent.toFixed(1)} % reduction).`,
      `Probability of break: ${formatPercent(p.proposal.riskSignal.probabilityOfBreak)} (${p.proposal.riskSignal.level}).`,
      ...p.proposal.guardrailViolations.slice(0, 10).map((v) => `${v.code}: ${v.message}`),
      ...(at.outcome === 'patched' ? ['A patch for this file is in the run output.'] : []),
      ...(at.outcome === 'refused' && at.detail ? [`Not patched automatically: ${at.detail}`] : []),
    ];
    out.push({
      path: at.file,
      start_line: at.line,
      end_line: at.line,
      annotation_level: level,
      title: `${p.role.name}: least-privilege proposal`,
      message: lines.join('\n'),
    });
  }
  return out;
}
