import { describe, expect, it } from '@jest/globals';
import { scanCloudTrailText } from '../../src/core/cloudtrail/scan.js';
import { canonicalTimeKey, knownTimeKey, normalizeEventTime } from '../../src/core/cloudtrail/scan-record.js';
import { timeKey } from '../../src/core/usage/accumulate.js';

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

  it('knows which days exist: every day 01–31 of every month, leap years and century years included', () => {
    let checked = 0;
    for (const year of ['0000', '1900', '2000', '2023', '2024', '2100', '2400'])
      for (let month = 1; month <= 12; month++)
        for (let day = 1; day <= 31; day++) {
          const time = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00Z`;
          // The reference: a Date round trip, which rolls a day that does not exist over into the next month.
          const exists = new Date(time).toISOString().slice(0, 19) === time.slice(0, 19);
          expect([time, normalizeEventTime(time)]).toEqual([time, exists ? time : undefined]);
          checked++;
        }
    expect(checked).toBe(7 * 12 * 31);
  });
});

describe('canonicalTimeKey', () => {
  // The pattern it replaces on the hot path; kept here as the specification, with a Date round trip for whether
  // the day exists (it rolls 2026-02-30 over into March).
  const CANONICAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;
  const expected = (time: string): number =>
    CANONICAL.test(time) && new Date(time).toISOString().slice(0, 19) === time.slice(0, 19)
      ? Number(time.replace(/\D/g, ''))
      : -1;

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
            expect([candidate, canonicalTimeKey(candidate)]).toEqual([candidate, expected(candidate)]);
            checked++;
          }
    expect(checked).toBeGreaterThan(2000);
  });

  it.each([
    ['2026-13-01T12:00:00Z', -1],
    ['2026-00-01T12:00:00Z', -1],
    ['2026-10-32T12:00:00Z', -1],
    ['2026-10-00T12:00:00Z', -1],
    ['2026-10-01T24:00:00Z', -1],
    ['2026-10-01T12:60:00Z', -1],
    ['2026-10-01T12:00:60Z', -1],
    ['2026-10-01T12:00:00Z\n', -1],
    ['2026-02-29T12:00:00Z', -1],
    ['2026-10-01T23:59:59Z', 20261001235959],
    ['2024-02-29T00:00:00Z', 20240229000000],
  ])('%j → %s', (time, key) => {
    expect(canonicalTimeKey(time)).toBe(key);
    expect(expected(time)).toBe(key);
  });
});

describe('knownTimeKey', () => {
  it('is the accumulator timeKey of the time a read record keeps, and unknown for records made elsewhere', () => {
    const times = [
      '2026-10-01T12:00:00Z',
      '2024-02-29T23:59:59.5Z',
      '2026-10-01T14:00:00+02:00',
      '2026-10-31 00:00:01',
    ];
    const text = JSON.stringify({
      Records: times.map((eventTime) => ({ eventTime, eventSource: 's3.amazonaws.com', eventName: 'GetObject' })),
    });
    const { records } = scanCloudTrailText(text);
    expect(records.map((r) => knownTimeKey(r))).toEqual(records.map((r) => timeKey(r.eventTime)));
    expect(records.map((r) => knownTimeKey(r))).toEqual([
      20261001120000, 20240229235959, 20261001120000, 20261031000001,
    ]);
    expect(knownTimeKey({ eventTime: '2026-10-01T12:00:00Z', eventSource: 's', eventName: 'n' })).toBeUndefined();
  });
});
