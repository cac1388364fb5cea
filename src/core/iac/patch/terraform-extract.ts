/**
 * Terraform expression → plain JSON value, for the literal shapes ALPHA can own. Anything computed
 * (references, `${}` interpolation, function calls, `for`, conditionals) throws a PatchRefusal naming the
 * construct and where it is, because rewriting it would silently drop the author's logic.
 */
import type { PolicyDocument } from '../../policy/document.js';
import {
  attributesOf,
  blocksOf,
  findDescendant,
  literalString,
  namedChildren,
  textOf,
  unwrap,
  type HclNode,
  type HclTree,
} from './hcl-syntax.js';
import { PatchRefusal } from './outcome.js';
import { lineNumberAt } from './source-text.js';

function notLiteral(tree: HclTree, node: HclNode, what: string): PatchRefusal {
  const snippet = textOf(tree, node).split('\n')[0]?.trim().slice(0, 60) ?? '';
  return new PatchRefusal(
    `the policy is not a literal: ${what} \`${snippet}\` at line ${lineNumberAt(tree.text, node.start)}; ` +
      'ALPHA only rewrites policies written as plain values, so that no logic of yours is lost. ' +
      'Apply the proposed policy by hand, or replace the expression with literal values first.',
    node.start,
  );
}

/** The value of a jsonencode() argument or any literal HCL expression. */
export function hclLiteralValue(tree: HclTree, expression: HclNode): unknown {
  const node = unwrap(expression);
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const element of namedChildren(node, 'object_elem')) {
        const [keyExpr, valueExpr] = namedChildren(element, 'expression');
        if (!keyExpr || !valueExpr) throw notLiteral(tree, element, 'object element');
        const key = objectKey(tree, keyExpr);
        out[key] = hclLiteralValue(tree, valueExpr);
      }
      return out;
    }
    case 'tuple':
      return namedChildren(node, 'expression').map((element) => hclLiteralValue(tree, element));
    case 'string_lit': {
      const value = literalString(tree, node);
      if (value === undefined) {
        const interpolation = findDescendant(node, ['template_interpolation', 'template_directive']) ?? node;
        throw notLiteral(tree, interpolation, 'interpolation');
      }
      return value;
    }
    case 'numeric_lit':
      return Number(textOf(tree, node));
    case 'bool_lit':
      return textOf(tree, node) === 'true';
    case 'null_lit':
      return null;
    case 'operation': {
      const text = textOf(tree, node).replace(/\s+/g, '');
      if (/^-\d+(\.\d+)?$/.test(text)) return Number(text);
      throw notLiteral(tree, node, 'operation');
    }
    case 'variable_expr':
    case 'expression':
      throw notLiteral(tree, node, 'reference');
    case 'function_call':
      throw notLiteral(tree, node, 'function call');
    case 'for_expr':
    case 'for_tuple_expr':
    case 'for_object_expr':
      throw notLiteral(tree, node, '`for` expression');
    case 'conditional':
      throw notLiteral(tree, node, 'conditional');
    case 'template_expr':
      throw notLiteral(
        tree,
        node,
        findDescendant(node, ['template_interpolation', 'template_directive']) ? 'interpolation' : 'template',
      );
    default:
      throw notLiteral(tree, node, `${node.type.replace(/_/g, ' ')}`);
  }
}

function objectKey(tree: HclTree, keyExpr: HclNode): string {
  const inner = unwrap(keyExpr);
  if (inner.type === 'variable_expr' && namedChildren(keyExpr).length === 1) return textOf(tree, inner);
  const literal = literalString(tree, inner);
  if (literal !== undefined) return literal;
  throw notLiteral(tree, keyExpr, 'computed object key');
}

/** Where a heredoc's body sits in the source: from after the `<<EOT` line to the start of the closing line. */
export interface HeredocSpan {
  contentStart: number;
  contentEnd: number;
  /** `<<-` strips indentation; `<<` keeps it. */
  indented: boolean;
}

export function heredocSpan(tree: HclTree, heredoc: HclNode): HeredocSpan {
  const identifiers = namedChildren(heredoc, 'heredoc_identifier');
  const open = identifiers[0];
  const close = identifiers[identifiers.length - 1];
  const start = firstOf(heredoc, 'heredoc_start');
  if (!open || !close || open === close || !start) throw notLiteral(tree, heredoc, 'malformed heredoc');
  const contentStart = tree.text.indexOf('\n', open.end) + 1;
  const contentEnd = tree.text.lastIndexOf('\n', close.start - 1) + 1;
  return { contentStart, contentEnd, indented: textOf(tree, start).trim() === '<<-' };
}

function firstOf(node: HclNode, type: string): HclNode | undefined {
  return node.children.find((c) => c.type === type);
}

/** JSON held in a heredoc; `${}` and `%{}` are Terraform templates and make it not ours. */
export function heredocJsonValue(tree: HclTree, heredoc: HclNode): unknown {
  const templated = findDescendant(heredoc, ['template_interpolation', 'template_directive']);
  if (templated) throw notLiteral(tree, templated, 'template interpolation in the heredoc');
  const span = heredocSpan(tree, heredoc);
  const raw = decodeHeredocEscapes(tree.text.slice(span.contentStart, span.contentEnd));
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new PatchRefusal(
      `the heredoc at line ${lineNumberAt(tree.text, heredoc.start)} is not valid JSON (${(error as Error).message}); ` +
        'fix it or apply the proposed policy by hand.',
      heredoc.start,
    );
  }
}

/** Heredocs are templates but have no backslash escapes: only `$${` and `%%{` are special. */
export function decodeHeredocEscapes(raw: string): string {
  return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

const STATEMENT_LISTS: Record<string, 'Action' | 'NotAction' | 'Resource' | 'NotResource'> = {
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/** Block attributes that merge other documents at plan time: the result is not in this file. */
const MERGING_ATTRIBUTES = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];

/** `data "aws_iam_policy_document"` body → PolicyDocument. */
export function policyDocumentBlockValue(tree: HclTree, body: HclNode | undefined): PolicyDocument {
  let version: PolicyDocument['Version'] = '2012-10-17';
  for (const attr of attributesOf(body, tree)) {
    if (MERGING_ATTRIBUTES.includes(attr.name)) {
      throw new PatchRefusal(
        `\`${attr.name}\` at line ${lineNumberAt(tree.text, attr.node.start)} merges other documents at plan time, ` +
          'so the final policy is not in this block; remove the merge or apply the proposed policy by hand.',
        attr.node.start,
      );
    }
    if (attr.name === 'for_each' || attr.name === 'count') throw perInstance(tree, attr.node, attr.name);
    if (attr.name === 'version') {
      const value = literalString(tree, attr.value);
      if (value !== '2012-10-17' && value !== '2008-10-17') throw notLiteral(tree, attr.value, 'version');
      version = value;
    } else if (attr.name !== 'policy_id') {
      throw notLiteral(tree, attr.node, `unsupported argument \`${attr.name}\``);
    }
  }
  const statements = blocksOf(body, tree).map((block) => {
    if (block.type === 'dynamic') {
      throw new PatchRefusal(
        `a \`dynamic "${block.labels[0] ?? ''}"\` block at line ${lineNumberAt(tree.text, block.node.start)} generates ` +
          'statements at plan time; ALPHA cannot rewrite generated statements. Apply the proposed policy by hand.',
        block.node.start,
      );
    }
    if (block.type !== 'statement') throw notLiteral(tree, block.node, `unsupported block \`${block.type}\``);
    return statementBlockValue(tree, block.body, block.node);
  });
  return { Version: version, Statement: statements };
}

export function perInstance(tree: HclTree, node: HclNode, meta: string): PatchRefusal {
  return new PatchRefusal(
    `\`${meta}\` at line ${lineNumberAt(tree.text, node.start)} makes one policy per instance, but ALPHA proposes ` +
      'one policy for one role; apply the proposed policy by hand to the instance it belongs to.',
    node.start,
  );
}

function stringList(tree: HclTree, expression: HclNode): string[] {
  const value = hclLiteralValue(tree, expression);
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === 'string')) throw notLiteral(tree, expression, 'non-string list');
  return list as string[];
}

function statementBlockValue(
  tree: HclTree,
  body: HclNode | undefined,
  at: HclNode,
): PolicyDocument['Statement'][number] {
  const statement: Record<string, unknown> = { Effect: 'Allow' };
  for (const attr of attributesOf(body, tree)) {
    const field = STATEMENT_LISTS[attr.name];
    if (field) statement[field] = stringList(tree, attr.value);
    else if (attr.name === 'sid' || attr.name === 'effect') {
      const value = literalString(tree, attr.value);
      if (value === undefined) throw notLiteral(tree, attr.value, attr.name);
      statement[attr.name === 'sid' ? 'Sid' : 'Effect'] = value;
    } else throw notLiteral(tree, attr.node, `unsupported argument \`${attr.name}\``);
  }
  const condition: Record<string, Record<string, string[]>> = {};
  for (const block of blocksOf(body, tree)) {
    if (block.type === 'dynamic') throw notLiteral(tree, block.node, '`dynamic` block');
    if (block.type !== 'condition') {
      throw new PatchRefusal(
        `a \`${block.type}\` block at line ${lineNumberAt(tree.text, block.node.start)} is not part of an identity ` +
          'policy ALPHA can rewrite; apply the proposed policy by hand.',
        block.node.start,
      );
    }
    const attrs = Object.fromEntries(attributesOf(block.body, tree).map((a) => [a.name, a.value]));
    const test = attrs.test && literalString(tree, attrs.test);
    const variable = attrs.variable && literalString(tree, attrs.variable);
    if (!test || !variable || !attrs.values) throw notLiteral(tree, block.node, 'condition');
    const values = stringList(tree, attrs.values);
    const operator = (condition[test] ??= {});
    operator[variable] = [...(operator[variable] ?? []), ...values];
  }
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  if (!statement.Action && !statement.NotAction) throw notLiteral(tree, at, 'statement without actions');
  return statement as unknown as PolicyDocument['Statement'][number];
}
