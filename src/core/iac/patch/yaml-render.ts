/**
 * Block-style YAML for a policy, in the author's layout: their indentation step, whether sequences are
 * indented under their key, and their quote style. Plain scalars wherever YAML reads them back unchanged.
 */
import { isRecord } from './policy-equivalence.js';

export interface YamlLayout {
  unit: string;
  /** `Statement:\n  - Effect` (true) or `Statement:\n- Effect` (false). */
  indentSequences: boolean;
  quote: "'" | '"';
  eol: string;
  /** Columns from a sequence's `-` to its item's content: 2 for `- Effect`, 4 for `-   Effect`. */
  dashWidth: number;
  /** The author wrote `[a, b]` flow lists: keep short lists of values that way. */
  flowLists: boolean;
}

/** Longest flow list kept on one line. */
const FLOW_LIST_LIMIT = 100;

// Scalars that a YAML 1.1 or 1.2 reader would take as something other than the same string.
const RESERVED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const NUMBER_LIKE = /^[-+.]?\d|^\.(?:inf|nan)$/i;
// IAM actions, ARNs and condition keys: letters, digits and `: / - _ . * $ { } @ = + ,` without `: ` or ` #`.
const SAFE_PLAIN = /^[A-Za-z][A-Za-z0-9:/_.*${}@=+,-]*$/;
// Inside `[...]` the flow indicators `, [ ] { }` end a plain scalar, and YAML 1.1 readers (PyYAML, so
// cfn-lint) reject `:` there: quote those.
const SAFE_FLOW_PLAIN = /^[A-Za-z][A-Za-z0-9/_.*$@=+-]*$/;

export function yamlScalar(value: unknown, quote: "'" | '"', flow = false): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  const text = String(value);
  const safe = flow ? SAFE_FLOW_PLAIN : SAFE_PLAIN;
  if (safe.test(text) && !RESERVED.test(text) && !NUMBER_LIKE.test(text) && !text.endsWith(':')) return text;
  return quote === "'" && !/[\n\r\t\\]/.test(text) ? `'${text.replace(/'/g, "''")}'` : JSON.stringify(text);
}

const isScalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Lines of a mapping's entries at `indent`. */
export function yamlMapLines(value: Record<string, unknown>, indent: string, layout: YamlLayout): string[] {
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const renderedKey = yamlScalar(key, layout.quote);
    if (isScalar(item)) lines.push(`${indent}${renderedKey}: ${yamlScalar(item, layout.quote)}`);
    else if (Array.isArray(item)) {
      const flow = layout.flowLists && item.every(isScalar) ? flowList(item, layout) : undefined;
      if (item.length === 0) lines.push(`${indent}${renderedKey}: []`);
      else if (
        flow !== undefined &&
        indent.length + renderedKey.length + flow.length + 2 <= FLOW_LIST_LIMIT + indent.length
      )
        lines.push(`${indent}${renderedKey}: ${flow}`);
      else
        lines.push(
          `${indent}${renderedKey}:`,
          ...yamlSeqLines(item, indent + (layout.indentSequences ? layout.unit : ''), layout),
        );
    } else if (isRecord(item)) {
      if (Object.keys(item).length === 0) lines.push(`${indent}${renderedKey}: {}`);
      else lines.push(`${indent}${renderedKey}:`, ...yamlMapLines(item, indent + layout.unit, layout));
    }
  }
  return lines;
}

function yamlSeqLines(items: unknown[], indent: string, layout: YamlLayout): string[] {
  const lines: string[] = [];
  for (const item of items) {
    if (isRecord(item) && Object.keys(item).length > 0) {
      const pad = ' '.repeat(layout.dashWidth);
      const inner = yamlMapLines(item, `${indent}${pad}`, layout);
      const [first = '', ...rest] = inner;
      lines.push(`${indent}-${pad.slice(1)}${first.slice(indent.length + pad.length)}`, ...rest);
    } else if (Array.isArray(item)) {
      lines.push(`${indent}-`, ...yamlSeqLines(item, indent + layout.unit, layout));
    } else lines.push(`${indent}- ${yamlScalar(item, layout.quote)}`);
  }
  return lines;
}

function flowList(items: unknown[], layout: YamlLayout): string {
  return `[${items.map((item) => yamlScalar(item, layout.quote, true)).join(', ')}]`;
}
