/**
 * Text of `.github/alpha.yml` → a typed AlphaConfig, once, at the edge. The first problem is reported with the
 * key's path and line (`.github/alpha.yml:4: roles[0].arn must be an IAM role…`), which is what a user needs to
 * fix it; later problems usually follow from the first.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { AlphaError } from '../core/errors.js';
import { alphaConfigSchema, type AlphaConfig } from './schema.js';

export const DEFAULT_CONFIG_PATH = '.github/alpha.yml';
// A config is a few dozen lines; anything near this is not a config and parsing it would only burn time.
const MAX_CONFIG_BYTES = 256 * 1024;
const SCHEMA_HINT = 'see schema/alpha-config.schema.json for every key';

/** `roles[0].iac.terraform` */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; text: string } {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const where = formatConfigPath(path);
    return {
      path: [...path, key],
      text: `unknown key "${key}"${where ? ` in ${where}` : ''}${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ''}`,
    };
  }
  const where = formatConfigPath(path);
  // zod reports a missing required key as "expected X, received undefined"; say it the way a user reads it.
  const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
  return { path, text: `${where || 'the file'} ${missing ? 'is required' : issue.message}` };
}

export function parseAlphaConfig(text: string, file = DEFAULT_CONFIG_PATH): AlphaConfig {
  if (text.length > MAX_CONFIG_BYTES)
    throw new AlphaError(`${file} is ${text.length} bytes, over the ${MAX_CONFIG_BYTES}-byte limit`, SCHEMA_HINT);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const at = lineCounter.linePos(yamlError.pos[0]);
    throw new AlphaError(
      `${file}:${at.line}: invalid YAML: ${yamlError.message.split('\n')[0] ?? yamlError.code}`,
      'fix the YAML syntax (indentation, quotes, colons); a YAML linter points at the same line',
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new AlphaError(
      `${file}: could not read the YAML: ${error instanceof Error ? error.message : String(error)}`,
      'write the config without YAML aliases (&anchor / *alias)',
    );
  }
  if (data === null || data === undefined)
    throw new AlphaError(`${file} is empty`, `list at least the roles to analyze; ${SCHEMA_HINT}`);
  const result = alphaConfigSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new AlphaError(`${file} is invalid`, SCHEMA_HINT);
  const { path, text: message } = describeIssue(issue);
  const line = lineOf(doc, lineCounter, path);
  throw new AlphaError(`${file}${line ? `:${line}` : ''}: ${message}`, SCHEMA_HINT);
}

/** The line of the key (or list item) deepest along `path` that exists: a missing key points at its parent. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parentKeys = path.slice(0, depth - 1).map((p) => (typeof p === 'number' ? p : String(p)));
    const last = path[depth - 1];
    const parent: unknown = parentKeys.length === 0 ? doc.contents : doc.getIn(parentKeys, true);
    let node: unknown;
    if (isMap(parent)) node = parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key;
    else if (isSeq(parent) && typeof last === 'number') node = parent.items[last];
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  const root: unknown = doc.contents;
  return isNode(root) && root.range ? counter.linePos(root.range[0]).line : 0;
}
