/**
 * Untrusted strings (CloudTrail resources and event names, IaC paths, error messages) inside our Markdown. GitHub
 * renders a check summary, job summary or comment as GFM with HTML, autolinks, @-mentions, #-references, emoji
 * and math, so each of those must be neutralized: the text should read the same and do nothing.
 */

// Breaks a token for GitHub's parser without changing how it reads: U+200B ZERO WIDTH SPACE.
const ZWSP = '\u200b';
const MAX_INLINE = 500;

/** Newlines and other control characters would end a table row or a list item early. */
function flatten(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Breaks the tokens GitHub turns into links, mentions and references even in plain text. */
function defuse(text: string): string {
  return (
    text
      // @user and @org/team mentions, and the `a@b.c` e-mail autolink.
      .replace(/@/g, `@${ZWSP}`)
      // http://, https://, ftp:// … and www. autolinks.
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
      // #123 and GH-123 issue references.
      .replace(/#(?=\d)/g, `#${ZWSP}`)
      .replace(/\b(gh)-(?=\d)/gi, `$1${ZWSP}-`)
  );
}

/**
 * Text for a paragraph, list item or table cell: every Markdown and HTML metacharacter escaped, links,
 * mentions and references broken. Safe anywhere inline, including between `|` in a table row.
 */
export function escapeMarkdown(text: string, max = MAX_INLINE): string {
  // Defuse first: the escapes below put backslashes inside the tokens the patterns look for.
  return defuse(cap(flatten(String(text)), max))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\\`*_{}[\]()#+\-.!|~$:]/g, '\\$&');
}

/**
 * A code span for identifiers (actions, ARNs, file paths): nothing inside renders, so only the backtick (which
 * would close the span) and the pipe (which ends a table cell even inside code in GFM) need handling.
 */
export function codeSpan(text: string, max = MAX_INLINE): string {
  const inner = cap(flatten(String(text)), max)
    .replace(/`/g, 'ˋ')
    .replace(/\|/g, '\\|')
    .trim();
  return inner === '' ? '` `' : `\`${inner}\``;
}

/** Mermaid labels: our own words and identifiers only; anything else could be a directive or a link. */
export function mermaidLabel(text: string, max = 40): string {
  const safe = flatten(String(text))
    .replace(/[^\w.\-+=,@ ]/g, '_')
    .replace(/@/g, '_');
  return cap(safe, max);
}
