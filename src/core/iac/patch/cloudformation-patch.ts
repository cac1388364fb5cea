/**
 * Patches a role's policy in a CloudFormation template in place: the `PolicyDocument` value is replaced in
 * the same notation (block YAML stays block YAML with the author's indentation; JSON stays JSON), and every
 * byte outside it stays as it was.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { PolicyDocument } from '../../policy/document.js';
import {
  allPolicyTargets,
  resourceLine,
  siteForLogicalId,
  targetsForRole,
  type CloudFormationSite,
} from './cloudformation-locate.js';
import {
  getNode,
  literalValue,
  parseTemplate,
  startOf,
  type CloudFormationTemplate,
} from './cloudformation-template.js';
import { finishPatch, type Rewrite } from './finish.js';
import { PatchRefusal, type PatchOutcome } from './outcome.js';
import { standalonePolicySnippet } from './policy-equivalence.js';
import { detectPolicyStyle, renderJson, styledPolicyValue } from './policy-style.js';
import { columnAt, detectIndentUnit, detectLineEnding, lineIndentAt, lineNumberAt } from './source-text.js';
import { yamlMapLines, type YamlLayout } from './yaml-render.js';

export interface CloudFormationPatchRequest {
  file: string;
  text: string;
  /** `LogicalId` or `RoleLogicalId/PolicyName`; without it the policy is discovered from `roleName`. */
  logicalId?: string;
  roleName?: string;
  /** When the role's policy is not found, take the template's only policy (the user pointed at this file). */
  acceptSolePolicy?: boolean;
  proposed: PolicyDocument;
  /** Rewrite even an equivalent policy (see FinishInput). */
  rewriteEquivalent?: boolean;
}

export function patchCloudFormation(request: CloudFormationPatchRequest): PatchOutcome {
  const { file, text, proposed } = request;
  const snippet = standalonePolicySnippet(proposed);
  let target = request.logicalId ?? request.roleName ?? '';
  try {
    const template = parseTemplate(text);
    const chosen = request.logicalId ?? chooseTarget(template, request);
    if (typeof chosen !== 'string') return chosen;
    target = chosen;
    const site = siteForLogicalId(template, chosen);
    if (!site) return { kind: 'not-found', reason: `no resource ${chosen} in ${file}`, searched: [file], snippet };
    target = site.target;
    const rewrite = rewriteFor(template, site, proposed);
    return finishPatch({
      file,
      target: site.target,
      before: text,
      rewrite,
      proposed,
      rewriteEquivalent: request.rewriteEquivalent === true,
      reextract: (after) => {
        const again = parseTemplate(after);
        const siteAgain = siteForLogicalId(again, site.target);
        if (!siteAgain) throw new Error(`${site.target} is gone`);
        return literalValue(again, siteAgain.document);
      },
    });
  } catch (error) {
    if (!(error instanceof PatchRefusal)) throw error;
    return { kind: 'refused', file, line: lineNumberAt(text, error.at), target, reason: error.reason, snippet };
  }
}

function chooseTarget(template: CloudFormationTemplate, request: CloudFormationPatchRequest): string | PatchOutcome {
  const snippet = standalonePolicySnippet(request.proposed);
  let candidates = request.roleName ? targetsForRole(template, request.roleName) : [];
  if (candidates.length === 0 && request.acceptSolePolicy === true) {
    const all = allPolicyTargets(template);
    if (all.length === 1) candidates = all;
  }
  const only = candidates[0];
  if (candidates.length === 1 && only) return only;
  if (candidates.length === 0) {
    return {
      kind: 'not-found',
      reason:
        `no policy for role "${request.roleName ?? '?'}" in ${request.file} (looked at AWS::IAM::Role Policies and ` +
        'AWS::IAM::Policy/RolePolicy/ManagedPolicy attached to it); pass --logical-id ID.',
      searched: [request.file],
      snippet,
    };
  }
  return {
    kind: 'refused',
    file: request.file,
    line: resourceLine(template, only ?? ''),
    target: request.roleName ?? '',
    reason:
      `the role has ${candidates.length} policies (${candidates.join(', ')}) and ALPHA proposes one policy that replaces ` +
      'them all; choose the one to rewrite with --logical-id and remove the others.',
    snippet,
  };
}

function rewriteFor(template: CloudFormationTemplate, site: CloudFormationSite, proposed: PolicyDocument): Rewrite {
  const { text } = template;
  const existing = literalValue(template, site.document);
  const value = styledPolicyValue(proposed, detectPolicyStyle(existing));
  const node = site.document;
  const [start = 0, valueEnd = 0] = (isMap(node) || isSeq(node) || isScalar(node) ? node.range : undefined) ?? [];
  const eol = detectLineEnding(text);
  if (!isMap(node))
    throw new PatchRefusal('the PolicyDocument is not a mapping; apply the proposed policy by hand.', start);
  if (template.json || node.flow) {
    const keyIndent = lineIndentAt(text, start);
    const unit = detectIndentUnit(text);
    // In YAML, a multi-line flow mapping must sit deeper than its key; in JSON the closing brace lines up.
    const baseIndent = template.json ? keyIndent : keyIndent + unit;
    return {
      shape: template.json ? 'cloudformation-json' : 'cloudformation-yaml',
      existing,
      start,
      end: valueEnd,
      replacement: renderJson(value, unit, baseIndent, eol),
    };
  }
  const layout = yamlLayout(template, node);
  const indent = ' '.repeat(columnAt(text, start));
  const lines = yamlMapLines(value, indent, layout);
  const original = text.slice(start, valueEnd);
  // The block's range ends after its last line break; comments after it stay outside the span.
  const trailing = /\r?\n$/.test(original) ? eol : '';
  return {
    shape: 'cloudformation-yaml',
    existing,
    start,
    end: valueEnd,
    replacement: lines.join(eol).slice(indent.length) + trailing,
    commentLines: yamlCommentLines(text, start, valueEnd),
  };
}

function yamlLayout(template: CloudFormationTemplate, document: Node): YamlLayout {
  const { text } = template;
  const documentColumn = columnAt(text, startOf(document));
  const statement = getNode(document, 'Statement');
  const statementKey = isMap(document)
    ? document.items.find((pair) => isScalar(pair.key) && pair.key.value === 'Statement')?.key
    : undefined;
  // The step is how far the document's keys sit right of the `PolicyDocument` key itself.
  const keyAt = text.lastIndexOf('PolicyDocument', startOf(document));
  const step = keyAt === -1 ? 0 : documentColumn - columnAt(text, keyAt);
  const unit = step > 0 && step <= 8 ? ' '.repeat(step) : '  ';
  const indentSequences =
    isSeq(statement) && statementKey !== undefined
      ? columnAt(text, startOf(statement)) > columnAt(text, startOf(statementKey))
      : true;
  const version = getNode(document, 'Version');
  const quote = isScalar(version) && version.type === 'QUOTE_DOUBLE' ? '"' : "'";
  const firstItem = isSeq(statement) ? statement.items[0] : undefined;
  const dashWidth =
    isMap(firstItem) && !firstItem.flow ? columnAt(text, startOf(firstItem)) - columnAt(text, startOf(statement)) : 2;
  return {
    unit,
    indentSequences,
    quote,
    eol: detectLineEnding(text),
    dashWidth: dashWidth >= 2 && dashWidth <= 8 ? dashWidth : 2,
    flowLists: hasFlowList(document),
  };
}

/** Any `[a, b]` list of values inside the document? */
function hasFlowList(node: unknown): boolean {
  if (isSeq(node))
    return (
      (node.flow === true && node.items.length > 0 && node.items.every((i) => isScalar(i))) ||
      node.items.some(hasFlowList)
    );
  if (isMap(node)) return node.items.some((pair) => hasFlowList(pair.value));
  return false;
}

/** Lines in `[start, end)` holding a YAML comment (a `#` at line start or after a space, outside quotes). */
function yamlCommentLines(text: string, start: number, end: number): number[] {
  const first = lineNumberAt(text, start);
  return text
    .slice(start, end)
    .split('\n')
    .flatMap((line, i) => {
      const unquoted = line.replace(/'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"/g, '');
      return /(^|\s)#/.test(unquoted) ? [first + i] : [];
    });
}
