/**
 * What a set of identity policies grants, at action level. An action counts as allowed when some Allow
 * statement names it (whatever its resources or conditions: the question is "could this role ever call it"),
 * unless an unconditional Deny on `Resource: "*"` takes it away. A narrower Deny cannot be judged at action
 * level, so it removes nothing and is reported as a finding instead.
 */
import type { IamCatalog } from '../catalog.js';
import type { PolicyDocument, Statement } from './document.js';
import { formatCount } from './numbers.js';
import { actionPatternMatches, allCatalogActions, expandActionPattern } from './expand.js';

export interface GrantOptions {
  /** Names of the documents (file path, policy name), parallel to `documents`; used in findings. */
  readonly names?: readonly string[];
}

export interface Grants {
  allowed: Set<string>;
  findings: string[];
}

/** `policy.json $.Statement[2] (Sid ReadOrders)`: how findings point at a statement. */
export function statementLocation(
  documentName: string,
  statementIndex: number,
  statement: Statement,
  documentStatementCount: number,
): string {
  const path = documentStatementCount === 1 && statementIndex === 0 ? '$.Statement' : `$.Statement[${statementIndex}]`;
  return `${documentName} ${path}${statement.Sid ? ` (Sid ${statement.Sid})` : ''}`;
}

export function documentName(index: number, names: readonly string[] | undefined): string {
  return names?.[index] ?? `policy[${index}]`;
}

/** Concrete actions a statement's Action/NotAction covers, plus the patterns that matched nothing. */
export function statementActions(
  statement: Statement,
  catalog: IamCatalog,
): { actions: Set<string>; unmatched: string[] } {
  const unmatched: string[] = [];
  const matched = new Set<string>();
  for (const pattern of statement.Action ?? statement.NotAction ?? []) {
    const expanded = expandActionPattern(pattern, catalog);
    if (expanded.length === 0) unmatched.push(pattern);
    for (const a of expanded) matched.add(a);
  }
  if (statement.NotAction === undefined) return { actions: matched, unmatched };
  return { actions: new Set(allCatalogActions(catalog).filter((a) => !matched.has(a))), unmatched };
}

function coversAllResources(statement: Statement): boolean {
  return statement.Resource?.includes('*') ?? false;
}

function usesPolicyVariables(statement: Statement): boolean {
  const texts = [...(statement.Resource ?? []), ...(statement.NotResource ?? [])];
  for (const operator of Object.values(statement.Condition ?? {}))
    for (const values of Object.values(operator)) texts.push(...values);
  return texts.some((t) => t.includes('${'));
}

/** Union of Allow minus unconditional Deny on every resource; findings explain what could not be judged. */
export function allowedActions(documents: PolicyDocument[], catalog: IamCatalog, options: GrantOptions = {}): Grants {
  const allowed = new Set<string>();
  const findings: string[] = [];
  const denies: { statement: Statement; where: string; actions: Set<string> }[] = [];

  documents.forEach((document, d) => {
    const name = documentName(d, options.names);
    document.Statement.forEach((statement, s) => {
      const where = statementLocation(name, s, statement, document.Statement.length);
      const { actions, unmatched } = statementActions(statement, catalog);
      if (unmatched.length > 0)
        findings.push(
          `${where}: ${unmatched.map((p) => `"${p}"`).join(', ')} ${unmatched.length === 1 ? 'matches' : 'match'} no action in the IAM catalog ${catalog.version} (typo, or a service this catalog does not know)`,
        );
      if (document.Version === '2008-10-17' && usesPolicyVariables(statement))
        findings.push(
          `${where}: uses a policy variable (\${…}) but the document's Version is 2008-10-17 (or absent), so IAM reads it literally; set "Version": "2012-10-17"`,
        );
      if (statement.Effect === 'Allow') for (const a of actions) allowed.add(a);
      else denies.push({ statement, where, actions });
    });
  });

  for (const deny of denies) {
    if (deny.statement.Condition === undefined && coversAllResources(deny.statement)) {
      for (const a of deny.actions) allowed.delete(a);
      continue;
    }
    const spared = [...deny.actions].filter((a) => allowed.has(a)).length;
    if (spared === 0) continue;
    const why =
      deny.statement.Condition !== undefined
        ? 'has conditions'
        : deny.statement.NotResource !== undefined
          ? 'uses NotResource'
          : 'applies to specific resources only';
    findings.push(
      `${deny.where}: Deny ${why}, so it cannot be judged per action; the ${formatCount(spared)} allowed action${spared === 1 ? '' : 's'} it names stay counted as granted`,
    );
  }
  return { allowed, findings };
}

function statementCovers(statement: Statement, actionKey: string): boolean {
  const patterns = statement.Action ?? statement.NotAction ?? [];
  const named = patterns.some((p) => actionPatternMatches(p, actionKey));
  return statement.NotAction === undefined ? named : !named;
}

/** One action against the same semantics as allowedActions, without expanding every pattern. */
export function isActionAllowed(actionKey: string, documents: readonly PolicyDocument[], catalog: IamCatalog): boolean {
  const canonical = catalog.action(actionKey)?.key;
  if (canonical === undefined) return false;
  let allowed = false;
  for (const document of documents)
    for (const statement of document.Statement) {
      if (!statementCovers(statement, canonical)) continue;
      if (statement.Effect === 'Allow') allowed = true;
      else if (statement.Condition === undefined && coversAllResources(statement)) return false;
    }
  return allowed;
}
