/**
 * Untrusted text on its way into a prompt (or out of a model answer). CloudTrail fields, resource names, user
 * agents and IaC text are written by whoever can call AWS or open a pull request: a prompt must carry them as
 * data it can quote, never as text that can pass for instructions or close the data block.
 */

/** Opening and closing marks of the data block in the prompt; untrusted text can never contain either. */
export const DATA_BEGIN = '<<<ALPHA_DATA_BEGIN>>>';
export const DATA_END = '<<<ALPHA_DATA_END>>>';

/** Default cap for one untrusted string (an ARN is ≤ 2,048 characters; nothing useful is longer). */
export const MAX_UNTRUSTED = 256;

// C0/C1 controls, DEL, zero-width characters, line/paragraph separators and every bidi control (Trojan Source,
// CVE-2021-42574): invisible to a reviewer, meaningful to a tokenizer.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const LINE_BREAKS = /[\n\r\t\u2028\u2029]+/g;
// The block's marks, and any run of angle brackets that could start one.
const MARKS = /<{3,}|>{3,}|ALPHA_DATA_(?:BEGIN|END)/gi;

export interface SanitizeOptions {
  /** Characters kept (code points). Default {@link MAX_UNTRUSTED}. */
  max?: number;
  /** Keep line breaks (model narratives); otherwise they become one space. */
  multiline?: boolean;
}

/** Control and bidi characters stripped, block marks neutralized, capped with a visible truncation note. */
export function sanitizeUntrusted(value: unknown, options: SanitizeOptions = {}): string {
  const max = options.max ?? MAX_UNTRUSTED;
  let text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  text = text.replace(/\r\n?/g, '\n').replace(/[\u2028\u2029]/g, '\n');
  text = options.multiline ? text.replace(/\t/g, ' ') : text.replace(LINE_BREAKS, ' ');
  text = text.replace(INVISIBLE, '').replace(MARKS, '_');
  if (options.multiline) text = text.replace(/\n{3,}/g, '\n\n');
  text = text.trim();
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}…[+${chars.length - max} chars]`;
}

/** Each element sanitized; at most `maxItems` kept, and a last element says how many were left out. */
export function sanitizeList(values: readonly unknown[], maxItems: number, options: SanitizeOptions = {}): string[] {
  const out = values.slice(0, maxItems).map((v) => sanitizeUntrusted(v, options));
  if (values.length > maxItems) out.push(`…[+${values.length - maxItems} more]`);
  return out;
}
