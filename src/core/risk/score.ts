/**
 * Security score of identity policies: 100 minus one penalty per kind of weakness found, clamped to 0..100.
 * Each kind counts once however often it occurs (the findings list every place), so the score says which
 * kinds of problem remain, not how long the policy is. Codes follow AWS Security Hub where one exists.
 */
import type { IamCatalog } from '../catalog.js';
import type { PolicyDocument, Statement } from '../policy/document.js';
import { documentName, statementActions, statementLocation } from '../policy/grants.js';
import { countOf } from '../policy/numbers.js';
import type { ScoreFinding, SecurityScore } from '../proposal.js';

export const SCORE_PENALTIES = {
  /** Security Hub IAM.1: Allow "*" on "*": full administrative privileges. */
  'IAM.1': 35,
  /** Security Hub IAM.21: Allow `service:*`. */
  'IAM.21': 10,
  /** Allow on Resource "*" (or NotResource) for actions that could have been scoped to resources. */
  RESOURCE_WILDCARD: 20,
  /** No statement anywhere carries a Condition. */
  NO_CONDITIONS: 10,
} as const;

type Code = keyof typeof SCORE_PENALTIES;

const MAX_PLACES = 5;

export function gradeOf(score: number): SecurityScore['grade'] {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  if (score >= 50) return 'E';
  return 'F';
}

function places(list: readonly string[]): string {
  const shown = list.slice(0, MAX_PLACES).join('; ');
  return list.length > MAX_PLACES ? `${shown}; and ${list.length - MAX_PLACES} more` : shown;
}

function allResources(statement: Statement): boolean {
  return statement.NotResource !== undefined || (statement.Resource?.includes('*') ?? false);
}

export function scorePolicy(
  documents: PolicyDocument[],
  catalog: IamCatalog,
  names?: readonly string[],
): SecurityScore {
  const found: Record<Code, string[]> = { 'IAM.1': [], 'IAM.21': [], RESOURCE_WILDCARD: [], NO_CONDITIONS: [] };
  let conditions = 0;
  let statements = 0;
  documents.forEach((document, d) => {
    const name = documentName(d, names);
    document.Statement.forEach((statement, s) => {
      statements++;
      if (statement.Condition !== undefined) conditions++;
      if (statement.Effect !== 'Allow') return;
      const where = statementLocation(name, s, statement, document.Statement.length);
      const actions = statement.Action ?? [];
      if (actions.some((a) => a === '*' || a === '*:*') && allResources(statement)) found['IAM.1'].push(where);
      const serviceWildcards = actions.filter((a) => /^[^:*?]+:\*$/.test(a));
      if (serviceWildcards.length > 0) found['IAM.21'].push(`${where}: ${serviceWildcards.join(', ')}`);
      if (allResources(statement)) {
        const scopable = [...statementActions(statement, catalog).actions].filter(
          (a) => (catalog.action(a)?.resourceTypes.length ?? 0) > 0,
        );
        if (scopable.length > 0)
          found.RESOURCE_WILDCARD.push(
            `${where}: ${countOf(scopable.length, 'action')} that support resource-level permissions`,
          );
      }
    });
  });
  if (statements > 0 && conditions === 0) found.NO_CONDITIONS.push('no statement has a Condition');

  const findings: ScoreFinding[] = [];
  const detail: Record<Code, string> = {
    'IAM.1': 'allows "*" on "*" (full administrative privileges)',
    'IAM.21': 'allows every action of a service',
    RESOURCE_WILDCARD: 'allows on Resource "*" actions that could be scoped to resources',
    NO_CONDITIONS: 'uses no conditions (aws:RequestedRegion, aws:ResourceAccount, aws:SourceVpce…)',
  };
  for (const code of Object.keys(SCORE_PENALTIES) as Code[]) {
    const list = found[code];
    if (list.length === 0) continue;
    findings.push({
      code,
      penalty: SCORE_PENALTIES[code],
      detail: code === 'NO_CONDITIONS' ? `policy ${detail[code]}` : `${detail[code]}: ${places(list)}`,
    });
  }
  const score = Math.max(0, Math.min(100, 100 - findings.reduce((n, f) => n + f.penalty, 0)));
  return { score, grade: gradeOf(score), findings };
}
