/**
 * A plain, immutable copy of a tree-sitter HCL tree. The parser (web-tree-sitter + the HCL grammar wasm) is
 * handed in by the adapter, so core never loads wasm or touches the filesystem; copying the tree right away
 * also frees the wasm memory immediately and gives us non-null children.
 */

/** The subset of web-tree-sitter's `Node` we read. */
export interface TreeSitterNodeLike {
  readonly type: string;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly children: readonly (TreeSitterNodeLike | null)[];
}

/** The subset of web-tree-sitter's `Parser` (with the HCL language set) we call. */
export interface HclParser {
  parse(text: string): { readonly rootNode: TreeSitterNodeLike; delete?(): void } | null;
}

export interface HclNode {
  readonly type: string;
  readonly named: boolean;
  /** UTF-16 indices into the source. */
  readonly start: number;
  readonly end: number;
  readonly children: readonly HclNode[];
}

export interface HclTree {
  readonly text: string;
  readonly root: HclNode;
  /** Start index of the first ERROR or MISSING node, if any. */
  readonly errorAt: number | undefined;
}

export function parseHcl(parser: HclParser, text: string): HclTree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('the HCL parser returned no tree (was the language set?)');
  let errorAt: number | undefined;
  const copy = (node: TreeSitterNodeLike): HclNode => {
    if ((node.type === 'ERROR' || node.isMissing) && errorAt === undefined) errorAt = node.startIndex;
    const children: HclNode[] = [];
    for (const child of node.children) if (child) children.push(copy(child));
    return { type: node.type, named: node.isNamed, start: node.startIndex, end: node.endIndex, children };
  };
  const root = copy(tree.rootNode);
  tree.delete?.();
  return { text, root, errorAt };
}

export const textOf = (tree: HclTree, node: HclNode): string => tree.text.slice(node.start, node.end);

export function namedChildren(node: HclNode, type?: string): HclNode[] {
  return node.children.filter((c) => c.named && (type === undefined || c.type === type));
}

export function firstChild(node: HclNode, type: string): HclNode | undefined {
  return node.children.find((c) => c.type === type);
}

/** Descends through single-child wrappers (`expression`, `literal_value`, `collection_value`). */
export function unwrap(node: HclNode): HclNode {
  let current = node;
  while (
    (current.type === 'expression' || current.type === 'literal_value' || current.type === 'collection_value') &&
    namedChildren(current).length === 1
  ) {
    const only = namedChildren(current)[0];
    if (!only) break;
    current = only;
  }
  return current;
}

export interface HclBlock {
  readonly node: HclNode;
  readonly type: string;
  readonly labels: string[];
  readonly body: HclNode | undefined;
}

export interface HclAttribute {
  readonly node: HclNode;
  readonly name: string;
  /** The `expression` node. */
  readonly value: HclNode;
}

/** A `string_lit` made only of literal text (no `${}`), decoded; undefined otherwise. */
export function literalString(tree: HclTree, node: HclNode): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'string_lit') return undefined;
  const open = firstChild(inner, 'quoted_template_start');
  const close = firstChild(inner, 'quoted_template_end');
  const parts = namedChildren(inner).filter((c) => c !== open && c !== close);
  if (!open || !close || parts.some((c) => c.type !== 'template_literal')) return undefined;
  // Read between the quotes: the grammar's template_literal tokens leave out leading whitespace.
  return decodeHclString(tree.text.slice(open.end, close.start));
}

/** HCL quoted-string escapes; `$${` and `%%{` are HCL's way to write a literal `${` / `%{`. */
export function decodeHclString(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    switch (escape?.[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      default:
        return escape ?? match;
    }
  });
}

/** Quotes a string for HCL: JSON escapes, plus `${`/`%{` doubled so Terraform keeps IAM's `${aws:username}`. */
export function encodeHclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

export function blocksOf(body: HclNode | undefined, tree: HclTree): HclBlock[] {
  if (!body) return [];
  return namedChildren(body, 'block').map((node) => {
    const [identifier, ...rest] = namedChildren(node).filter((c) => c.type === 'identifier' || c.type === 'string_lit');
    const labels = rest.map((label) =>
      label.type === 'string_lit' ? (literalString(tree, label) ?? '') : textOf(tree, label),
    );
    return { node, type: identifier ? textOf(tree, identifier) : '', labels, body: firstChild(node, 'body') };
  });
}

export function attributesOf(body: HclNode | undefined, tree: HclTree): HclAttribute[] {
  if (!body) return [];
  const out: HclAttribute[] = [];
  for (const node of namedChildren(body, 'attribute')) {
    const identifier = firstChild(node, 'identifier');
    const value = firstChild(node, 'expression');
    if (identifier && value) out.push({ node, name: textOf(tree, identifier), value });
  }
  return out;
}

export function attribute(body: HclNode | undefined, tree: HclTree, name: string): HclAttribute | undefined {
  return attributesOf(body, tree).find((a) => a.name === name);
}

/** Dotted traversal text of a plain reference (`aws_iam_role.app.name`), or undefined for anything else. */
export function referenceText(tree: HclTree, expression: HclNode): string | undefined {
  const parts = namedChildren(expression);
  const head = parts[0];
  if (!head || head.type !== 'variable_expr' || !parts.slice(1).every((p) => p.type === 'get_attr')) return undefined;
  return textOf(tree, expression).replace(/\s+/g, '');
}

/** The first node of one of `types` anywhere under `node` (document order). */
export function findDescendant(node: HclNode, types: readonly string[]): HclNode | undefined {
  for (const child of node.children) {
    if (types.includes(child.type)) return child;
    const deeper = findDescendant(child, types);
    if (deeper) return deeper;
  }
  return undefined;
}
