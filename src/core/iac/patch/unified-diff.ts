/**
 * One-hunk unified diffs and GitHub suggestion blocks for a patch that replaced one span of a file.
 * The hunk is built by hand around the changed lines so a reviewer always sees exactly one hunk, even when
 * unchanged lines sit inside the policy (a generic diff would split it).
 */
import { diffArrays } from 'diff';
import type { SuggestionBlock } from './outcome.js';

const CONTEXT = 3;

/** Lines with their terminators kept (`\r\n` files stay `\r\n` in the diff, as `git apply` expects). */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

interface ChangedRegion {
  oldLines: string[];
  newLines: string[];
  /** First differing line (0-based). */
  first: number;
  /** Exclusive end in old and new. */
  oldEnd: number;
  newEnd: number;
}

function changedRegion(before: string, after: string): ChangedRegion | undefined {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  let first = 0;
  while (first < oldLines.length && first < newLines.length && oldLines[first] === newLines[first]) first++;
  let oldEnd = oldLines.length;
  let newEnd = newLines.length;
  while (oldEnd > first && newEnd > first && oldLines[oldEnd - 1] === newLines[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  if (first === oldEnd && first === newEnd) return undefined;
  return { oldLines, newLines, first, oldEnd, newEnd };
}

function diffLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`;
}

export function unifiedDiff(file: string, before: string, after: string): string {
  const region = changedRegion(before, after);
  if (!region) return '';
  const { oldLines, newLines, first, oldEnd, newEnd } = region;
  const start = Math.max(0, first - CONTEXT);
  const oldStop = Math.min(oldLines.length, oldEnd + CONTEXT);
  const newStop = newEnd + (oldStop - oldEnd);
  const body: string[] = [];
  for (const line of oldLines.slice(start, first)) body.push(diffLine(' ', line));
  for (const change of diffArrays(oldLines.slice(first, oldEnd), newLines.slice(first, newEnd))) {
    const prefix = change.added ? '+' : change.removed ? '-' : ' ';
    for (const line of change.value) body.push(diffLine(prefix, line));
  }
  for (const line of oldLines.slice(oldEnd, oldStop)) body.push(diffLine(' ', line));
  const oldCount = oldStop - start;
  const newCount = newStop - start;
  const range = (from: number, count: number): string => (count === 0 ? `${from},0` : `${from + 1},${count}`);
  return [
    `--- a/${file}\n`,
    `+++ b/${file}\n`,
    `@@ -${range(start, oldCount)} +${range(start, newCount)} @@\n`,
    ...body,
  ].join('');
}

/**
 * A review suggestion replacing the changed original lines with the new ones. GitHub cannot suggest on zero
 * lines, so a pure insertion widens to the line before it.
 */
export function suggestionBlocks(file: string, before: string, after: string): SuggestionBlock[] {
  const region = changedRegion(before, after);
  if (!region) return [];
  let { first } = region;
  const { newLines, oldEnd, newEnd } = region;
  if (oldEnd === first && first > 0) first--;
  const replacement = newLines
    .slice(first, newEnd)
    .map((line) => line.replace(/\r?\n$/, ''))
    .join('\n');
  const longestFence = Math.max(2, ...(replacement.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestFence + 1);
  return [
    {
      file,
      startLine: first + 1,
      endLine: Math.max(first + 1, oldEnd),
      body: `${fence}suggestion\n${replacement}\n${fence}\n`,
    },
  ];
}
