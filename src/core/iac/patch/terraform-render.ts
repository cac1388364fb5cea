/**
 * Renders the proposed policy back into the Terraform shape the author used, formatted the way
 * `terraform fmt` would leave it (aligned `=` within runs of single-line attributes, trailing commas in
 * multi-line lists), so the patch survives the next `terraform fmt` untouched.
 */
import type { PolicyDocument, Statement } from '../../policy/document.js';
import { encodeHclString } from './hcl-syntax.js';
import { isRecord } from './policy-equivalence.js';

export interface HclLayout {
  /** One indentation step: two spaces (fmt) or a tab. */
  unit: string;
  /** Indentation of the line the rendered value starts on. */
  baseIndent: string;
  eol: string;
  /** `"Version" = …` rather than `Version = …`. */
  quoteKeys: boolean;
  /**
   * `"Version" : "…",` — jsonencode written like JSON (colons, commas between elements, none after the
   * last, no alignment), as JSON-to-HCL converters emit it.
   */
  jsonLike: boolean;
  /** The author wrote `["a", "b"]` on one line: keep short lists of values on one line. */
  inlineLists: boolean;
}

/** Longest one-line list kept inline; longer lists go one value per line, as fmt'd code usually does. */
const INLINE_LIST_LIMIT = 100;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function renderKey(key: string, layout: HclLayout): string {
  return !layout.quoteKeys && IDENTIFIER.test(key) ? key : encodeHclString(key);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function renderScalar(value: unknown): string {
  return typeof value === 'string' ? encodeHclString(value) : String(value);
}

/** An HCL value for jsonencode(); `indent` is the indentation of the line the value starts on. */
export function renderHclValue(value: unknown, indent: string, layout: HclLayout): string {
  const { unit, eol } = layout;
  if (isScalar(value)) return renderScalar(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.length === 1 && isScalar(value[0])) return `[${renderScalar(value[0])}]`;
    if (layout.inlineLists && value.every(isScalar)) {
      const inline = `[${value.map(renderScalar).join(', ')}]`;
      if (inline.length <= INLINE_LIST_LIMIT) return inline;
    }
    const inner = indent + unit;
    const items = value.map(
      (item, i) => `${inner}${renderHclValue(item, inner, layout)}${separatorAfter(i, value.length, layout)}`,
    );
    return `[${eol}${items.join(eol)}${eol}${indent}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = indent + unit;
    const rendered = entries.map(([key, item]) => ({
      key: renderKey(key, layout),
      value: renderHclValue(item, inner, layout),
    }));
    if (layout.jsonLike) {
      const lines = rendered.map(
        (e, i) => `${inner}${e.key} : ${e.value}${separatorAfter(i, rendered.length, layout)}`,
      );
      return `{${eol}${lines.join(eol)}${eol}${indent}}`;
    }
    return `{${eol}${alignAssignments(rendered, inner, eol)}${eol}${indent}}`;
  }
  throw new Error(`cannot render ${typeof value} as HCL`);
}

/** fmt style ends every multi-line list item with a comma; JSON style only separates. */
function separatorAfter(index: number, length: number, layout: HclLayout): string {
  return layout.jsonLike && index === length - 1 ? '' : ',';
}

/**
 * `terraform fmt` aligns `=` across consecutive single-line attributes; an attribute whose value spans
 * several lines is left unaligned and ends the run (see the jsonencode examples in the AWS provider docs).
 */
function alignAssignments(entries: { key: string; value: string }[], indent: string, eol: string): string {
  const lines: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = (): void => {
    const width = Math.max(...run.map((e) => e.key.length));
    for (const e of run) lines.push(`${indent}${e.key.padEnd(width)} = ${e.value}`);
    run = [];
  };
  for (const entry of entries) {
    if (entry.value.includes('\n')) {
      if (run.length > 0) flush();
      lines.push(`${indent}${entry.key} = ${entry.value}`);
    } else run.push(entry);
  }
  if (run.length > 0) flush();
  return lines.join(eol);
}

/** `statement { … }` blocks for `data "aws_iam_policy_document"`; `indent` is the blocks' own indentation. */
export function renderStatementBlocks(policy: PolicyDocument, indent: string, layout: HclLayout): string {
  return policy.Statement.map((statement) => renderStatementBlock(statement, indent, layout)).join(
    `${layout.eol}${layout.eol}${indent}`,
  );
}

function renderStatementBlock(statement: Statement, indent: string, layout: HclLayout): string {
  const { unit, eol } = layout;
  const inner = indent + unit;
  if (statement.Principal !== undefined) throw new Error('a Principal cannot be written in an identity policy block');
  const attributes: { key: string; value: string }[] = [];
  if (statement.Sid !== undefined) attributes.push({ key: 'sid', value: encodeHclString(statement.Sid) });
  attributes.push({ key: 'effect', value: encodeHclString(statement.Effect) });
  const lists: [string, string[] | undefined][] = [
    ['actions', statement.Action],
    ['not_actions', statement.NotAction],
    ['resources', statement.Resource],
    ['not_resources', statement.NotResource],
  ];
  for (const [key, list] of lists) if (list) attributes.push({ key, value: renderHclValue(list, inner, layout) });
  const parts = [alignAssignments(attributes, inner, eol)];
  for (const [test, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [variable, values] of Object.entries(keys)) {
      const conditionInner = inner + unit;
      const conditionAttributes = [
        { key: 'test', value: encodeHclString(test) },
        { key: 'variable', value: encodeHclString(variable) },
        { key: 'values', value: renderHclValue(values, conditionInner, layout) },
      ];
      parts.push(
        `${eol}${inner}condition {${eol}${alignAssignments(conditionAttributes, conditionInner, eol)}${eol}${inner}}`,
      );
    }
  }
  return `statement {${eol}${parts.join(eol)}${eol}${indent}}`;
}
