import { describe, expect, it } from '@jest/globals';
import { applyPatch } from 'diff';
import { suggestionBlocks, unifiedDiff } from '../../src/core/iac/patch/unified-diff.js';

const CASES: [string, string, string][] = [
  ['a change in the middle', 'a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nb\nc\nD\nE\nf\ng\nh\n'],
  ['changes far apart stay one hunk', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n', 'A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\n'],
  ['no newline at the end', 'a\nb\nc', 'a\nb\nC'],
  ['adding the last newline', 'a\nb', 'a\nb\n'],
  ['pure insertion', 'a\nb\nc\n', 'a\nb\nx\ny\nc\n'],
  ['pure deletion', 'a\nb\nx\ny\nc\n', 'a\nb\nc\n'],
  ['CRLF', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'],
  ['first line', 'a\nb\n', 'z\nb\n'],
];

describe('unifiedDiff', () => {
  it.each(CASES)('%s: one hunk that applies', (_name, before, after) => {
    const diff = unifiedDiff('f.tf', before, after);
    expect(diff.match(/^@@ /gm)).toHaveLength(1);
    expect(applyPatch(before, diff)).toBe(after);
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('f.tf', 'a\n', 'a\n')).toBe('');
    expect(suggestionBlocks('f.tf', 'a\n', 'a\n')).toEqual([]);
  });
});

describe('suggestionBlocks', () => {
  it('replaces the changed original lines', () => {
    expect(suggestionBlocks('f.tf', 'a\nb\nc\n', 'a\nB\nB2\nc\n')).toEqual([
      { file: 'f.tf', startLine: 2, endLine: 2, body: '```suggestion\nB\nB2\n```\n' },
    ]);
  });

  it('widens a pure insertion to the line before it (GitHub cannot suggest on zero lines)', () => {
    expect(suggestionBlocks('f.tf', 'a\nc\n', 'a\nb\nc\n')).toEqual([
      { file: 'f.tf', startLine: 1, endLine: 1, body: '```suggestion\na\nb\n```\n' },
    ]);
  });

  it('uses a longer fence when the new text holds backticks', () => {
    const [block] = suggestionBlocks('f.md', 'a\n', '```\n');
    expect(block?.body).toBe('````suggestion\n```\n````\n');
  });
});
