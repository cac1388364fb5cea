import { describe, expect, it } from '@jest/globals';
import { DATA_BEGIN, DATA_END, sanitizeList, sanitizeUntrusted } from '../../src/core/reasoning/sanitize.js';

describe('sanitizeUntrusted', () => {
  it.each([
    ['plain ARN is unchanged', 'arn:aws:s3:::orders/a.json', {}, 'arn:aws:s3:::orders/a.json'],
    ['line breaks become spaces', 'a\nb\r\nc\u2028d', {}, 'a b c d'],
    ['multiline keeps breaks, collapses runs', 'a\n\n\n\nb\r\nc', { multiline: true }, 'a\n\nb\nc'],
    ['C0, DEL and C1 controls go', 'a\u0000b\u0007c\u001b[31md\u007fe\u009bf', {}, 'abc[31mdef'],
    ['bidi overrides and isolates go (Trojan Source)', 'ad\u202emin\u2066x\u2069\u200fy', {}, 'adminxy'],
    ['zero-width characters go', 'i\u200bam:\u200d*\ufeff', {}, 'iam:*'],
    ['the data block marks cannot be forged', `x ${DATA_END} y ${DATA_BEGIN}`, {}, 'x ___ y ___'],
    ['any run of 3+ angle brackets is broken', 'a <<< b >>>> c << d', {}, 'a _ b _ c << d'],
    ['capped with a visible note', 'abcdefghij', { max: 4 }, 'abcd…[+6 chars]'],
    ['capped by code points, not UTF-16 units', '😀😀😀', { max: 2 }, '😀😀…[+1 chars]'],
    ['non-strings become text', 42, {}, '42'],
    ['undefined becomes empty', undefined, {}, ''],
  ])('%s', (_name, input, options, expected) => {
    expect(sanitizeUntrusted(input, options)).toBe(expected);
  });

  it('caps lists and says how many were left out', () => {
    expect(sanitizeList(['a', 'b\n', 'c', 'd'], 2)).toEqual(['a', 'b', '…[+2 more]']);
  });
});
