import { describe, expect, it } from '@jest/globals';
import { isCanonicalTime, normalizeEventTime } from '../../src/core/cloudtrail/scan-record.js';

describe('normalizeEventTime', () => {
  it.each([
    ['2026-10-01T12:00:00Z', '2026-10-01T12:00:00Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
    ['2026-10-01T12:00:00.123Z', '2026-10-01T12:00:00Z'],
    ['2026-10-01T14:00:00+02:00', '2026-10-01T12:00:00Z'],
    ['2026-10-01T00:30:00-0100', '2026-10-01T01:30:00Z'],
    ['2022-12-11 19:42:55', '2022-12-11T19:42:55Z'],
    ['2025-02-14 19:42:57.000000000', '2025-02-14T19:42:57Z'],
    ['2021-05-20 15:53:47Z', '2021-05-20T15:53:47Z'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeEventTime(input)).toBe(expected);
  });

  it.each([
    '',
    'redacted',
    '...',
    '2026-10-01',
    '2026-13-01T00:00:00Z',
    '2026-02-30T12:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-10-01T24:00:00Z',
    '2026-10-01T12:00:00ZZ',
    '1696161600',
  ])('%j is not a time', (input) => {
    expect(normalizeEventTime(input)).toBeUndefined();
  });
});

describe('isCanonicalTime', () => {
  // The pattern it replaces on the hot path; kept here as the specification.
  const CANONICAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

  it('agrees with the pattern on every one-character change of canonical times', () => {
    const times = ['2026-10-01T12:00:00Z', '1999-12-31T23:59:59Z', '2024-02-29T00:09:50Z', '0000-01-10T19:30:05Z'];
    const replacements = ['0', '1', '2', '3', '5', '6', '9', '/', ':', 'A', '-', 'T', 'Z', ' ', '\u0660', ''];
    let checked = 0;
    for (const time of times)
      for (let at = 0; at <= time.length; at++)
        for (const r of replacements)
          for (const candidate of [
            time.slice(0, at) + r + time.slice(at + 1),
            time.slice(0, at) + r + time.slice(at),
          ]) {
            expect([candidate, isCanonicalTime(candidate)]).toEqual([candidate, CANONICAL.test(candidate)]);
            checked++;
          }
    expect(checked).toBeGreaterThan(2000);
  });

  it.each([
    ['2026-13-01T12:00:00Z', false],
    ['2026-00-01T12:00:00Z', false],
    ['2026-10-32T12:00:00Z', false],
    ['2026-10-00T12:00:00Z', false],
    ['2026-10-01T24:00:00Z', false],
    ['2026-10-01T12:60:00Z', false],
    ['2026-10-01T12:00:60Z', false],
    ['2026-10-01T12:00:00Z\n', false],
    ['2026-10-01T23:59:59Z', true],
  ])('%j → %s', (time, expected) => {
    expect(isCanonicalTime(time)).toBe(expected);
    expect(CANONICAL.test(time)).toBe(expected);
  });
});
