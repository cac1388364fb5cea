import { describe, expect, it } from '@jest/globals';
import { codeSpan, escapeMarkdown, mermaidLabel } from '../../src/core/report/markdown-escape.js';

const ZWSP = '\u200b';

describe('escapeMarkdown', () => {
  it.each([
    ['plain words', 'bucket logs', 'bucket logs'],
    ['mention', '@octocat please', `@${ZWSP}octocat please`],
    ['team mention', '@org/admins', `@${ZWSP}org/admins`],
    ['link', '[click](https://evil.example)', `\\[click\\]\\(https\\:${ZWSP}//evil\\.example\\)`],
    ['image', '![x](y)', '\\!\\[x\\]\\(y\\)'],
    ['html', '<script>alert(1)</script>', '&lt;script&gt;alert\\(1\\)&lt;/script&gt;'],
    ['entity', '&#64;octocat', `&amp;\\#${ZWSP}64;octocat`],
    ['table pipe', 'a|b', 'a\\|b'],
    ['backticks', '`code`', '\\`code\\`'],
    ['newlines end nothing', 'line1\n| x |\r\n# head', 'line1 \\| x \\| \\# head'],
    ['www autolink', 'see www.evil.example', `see www${ZWSP}\\.evil\\.example`],
    ['issue reference', 'fixes #12 and GH-3', `fixes \\#${ZWSP}12 and GH${ZWSP}\\-3`],
    ['math', '$x$', '\\$x\\$'],
    ['emphasis', '*bold* _it_ ~~s~~', '\\*bold\\* \\_it\\_ \\~\\~s\\~\\~'],
  ])('%s', (_name, input, expected) => expect(escapeMarkdown(input)).toBe(expected));

  it('caps length', () => expect(escapeMarkdown('a'.repeat(1000), 10)).toBe(`${'a'.repeat(9)}…`));

  it('leaves nothing that GitHub would turn into markup', () => {
    const hostile = '@user [a](javascript:alert(1)) <img src=x onerror=alert(1)> https://x.y `rm` | ![i](u) #1';
    const out = escapeMarkdown(hostile);
    expect(out).not.toMatch(/@\w/);
    expect(out).not.toMatch(/(?<!\\)[[\]()<>`|!]/);
    expect(out).not.toContain('://');
  });
});

describe('codeSpan', () => {
  it.each([
    ['s3:GetObject', '`s3:GetObject`'],
    ['arn:aws:s3:::b/`x`', '`arn:aws:s3:::b/ˋxˋ`'],
    ['a|b', '`a\\|b`'],
    ['two\nlines', '`two lines`'],
    ['', '` `'],
  ])('%j → %s', (input, expected) => expect(codeSpan(input)).toBe(expected));
});

describe('mermaidLabel', () => {
  it.each([
    ['orders-api', 'orders-api'],
    ['x"]; click A href "https://evil"', 'x___ click A href _https___evil_'],
    ['%%{init}%%', '___init___'],
  ])('%j → %s', (input, expected) => expect(mermaidLabel(input)).toBe(expected));
});
