/** Line and indentation facts about a source text; indices are UTF-16 (what `String.slice` and tree-sitter use). */

export type LineEnding = '\n' | '\r\n';

/** The file's dominant line ending, so inserted lines match the ones around them. */
export function detectLineEnding(text: string): LineEnding {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** 1-based line number of a UTF-16 index. */
export function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function lineStartAt(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** Leading spaces/tabs of the line containing `index`. */
export function lineIndentAt(text: string, index: number): string {
  const start = lineStartAt(text, index);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Column (in UTF-16 units) of `index` on its line. */
export function columnAt(text: string, index: number): number {
  return index - lineStartAt(text, index);
}

export function splice(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

/**
 * The indentation step an author used: the smallest positive increase between consecutive
 * non-blank lines of `region`, or tabs if lines start with tabs. Falls back to `fallback`.
 */
export function detectIndentUnit(region: string, fallback = '  '): string {
  const lines = region.split('\n').filter((line) => line.trim() !== '');
  if (lines.some((line) => line.startsWith('\t'))) return '\t';
  let best = Number.POSITIVE_INFINITY;
  let previous: number | undefined;
  for (const line of lines) {
    const width = /^ */.exec(line)?.[0].length ?? 0;
    if (previous !== undefined && width > previous) best = Math.min(best, width - previous);
    previous = width;
  }
  return Number.isFinite(best) && best <= 8 ? ' '.repeat(best) : fallback;
}
