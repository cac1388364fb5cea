/**
 * CloudFormation templates (YAML with short-form intrinsics, or JSON) parsed with exact source ranges.
 * JSON is read by the same YAML parser (JSON is YAML 1.2), so one code path gives ranges for both.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type ScalarTag,
  type CollectionTag,
} from 'yaml';
import { PatchRefusal } from './outcome.js';
import { lineNumberAt } from './source-text.js';

/** Every short-form intrinsic CloudFormation accepts; each may tag a scalar, a sequence or a mapping. */
const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'If',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'Base64',
  'Cidr',
  'Equals',
  'And',
  'Or',
  'Not',
  'Condition',
  'ImportValue',
  'GetAZs',
  'Transform',
  'ToJsonString',
  'Length',
  'ForEach',
  'Rain::Embed',
];

const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value },
]) as (ScalarTag | CollectionTag)[];

export interface CloudFormationTemplate {
  text: string;
  doc: Document.Parsed;
  json: boolean;
}

export function parseTemplate(text: string): CloudFormationTemplate {
  const doc = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    throw new PatchRefusal(
      `the template does not parse near line ${lineNumberAt(text, error.pos[0])} (${error.message.split('\n')[0] ?? ''}); ` +
        'fix it (`cfn-lint` helps) and run again.',
      error.pos[0],
    );
  }
  return { text, doc, json: text.trimStart().startsWith('{') };
}

/** A mapping's value for a plain key. */
export function getNode(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    const k = pair.key;
    if (isScalar(k) && k.value === key) return (pair.value ?? undefined) as Node | undefined;
  }
  return undefined;
}

export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && !node.tag?.startsWith('!') && typeof node.value === 'string' ? node.value : undefined;
}

export function startOf(node: unknown): number {
  return isMap(node) || isSeq(node) || isScalar(node) || isAlias(node) ? (node.range?.[0] ?? 0) : 0;
}

/** `!Ref X`, `{Ref: X}` → X. */
export function refTarget(node: unknown): string | undefined {
  if (isScalar(node) && node.tag === '!Ref' && typeof node.value === 'string') return node.value;
  if (isMap(node) && node.items.length === 1) return scalarString(getNode(node, 'Ref'));
  return undefined;
}

function intrinsicName(node: unknown): string | undefined {
  if ((isScalar(node) || isSeq(node) || isMap(node)) && node.tag?.startsWith('!')) return node.tag;
  if (isMap(node) && node.items.length === 1) {
    const key = node.items[0]?.key;
    const name = isScalar(key) ? String(key.value) : '';
    if (name === 'Ref' || name.startsWith('Fn::')) return name;
  }
  return undefined;
}

/**
 * The policy node as a plain JSON value. Intrinsics (`!Sub`, `Fn::If`, `Ref`, …) and YAML aliases are
 * resolved by CloudFormation at deploy time, so their value is not in the file: refuse, saying where.
 */
export function literalValue(template: CloudFormationTemplate, node: unknown): unknown {
  const name = intrinsicName(node);
  if (name) {
    const at = startOf(node);
    const around = name === '!If' || name === 'Fn::If' ? ' (a condition chooses the statements at deploy time)' : '';
    throw new PatchRefusal(
      `the policy uses the intrinsic function ${name} at line ${lineNumberAt(template.text, at)}${around}; its value ` +
        'is only known at deploy time, so ALPHA does not rewrite it. Apply the proposed policy by hand, keeping your intrinsics.',
      at,
    );
  }
  if (isAlias(node)) {
    const at = startOf(node);
    throw new PatchRefusal(
      `the policy uses the YAML alias *${node.source} at line ${lineNumberAt(template.text, at)}; rewriting it would ` +
        'change the anchored value elsewhere too. Apply the proposed policy by hand.',
      at,
    );
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined)
        throw new PatchRefusal('the policy has a complex mapping key; apply it by hand.', startOf(node));
      out[key] = literalValue(template, pair.value);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => literalValue(template, item));
  if (isScalar(node)) return node.value;
  return null;
}
