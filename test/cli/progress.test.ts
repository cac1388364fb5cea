import { describe, expect, it } from '@jest/globals';
import { createLookupProgressReporter, createProgressReporter, formatDuration } from '../../src/cli/progress.js';

function terminal(isTTY: boolean) {
  const lines: string[] = [];
  return { isTTY, write: (t: string) => lines.push(t), lines };
}

describe('createProgressReporter', () => {
  const progress = { filesDone: 3, filesTotal: 10, records: 120_000, bytes: 5 * 1_048_576 };

  it('stays quiet for the first second, then draws files, records, size and rate', () => {
    let now = 0;
    const tty = terminal(true);
    const reporter = createProgressReporter(tty, () => now);
    now = 500;
    reporter.update(progress);
    expect(tty.lines).toEqual([]);
    now = 2000;
    reporter.update(progress);
    expect(tty.lines).toHaveLength(1);
    expect(tty.lines[0]).toContain('3/10 files, 120,000 records, 5.0 MiB, 60,000 records/s');
    reporter.done();
    expect(tty.lines[1]).toBe('\r\x1b[K');
  });

  it('never writes when stderr is not a terminal (CI logs, pipes)', () => {
    let now = 0;
    const pipe = terminal(false);
    const reporter = createProgressReporter(pipe, () => now);
    now = 5000;
    reporter.update(progress);
    reporter.done();
    expect(pipe.lines).toEqual([]);
  });

  it('leaves no trace when the scan finished before the first draw', () => {
    const tty = terminal(true);
    const reporter = createProgressReporter(tty, () => 0);
    reporter.update(progress);
    reporter.done();
    expect(tty.lines).toEqual([]);
  });
});

describe('createLookupProgressReporter', () => {
  const p = { region: 'us-east-1', pages: 1200, events: 60_000, estimatedSecondsLeft: 310 };
  it.each([
    [true, 2000, ['\r\x1b[Klookup-events us-east-1: 1,200 pages, 60,000 events, about 5 min left']],
    [true, 500, []],
    // Not a terminal: one plain line per 30 s, so CI logs show the scan is alive.
    [false, 2000, []],
    [false, 31_000, ['alpha: lookup-events us-east-1: 1,200 pages, 60,000 events, about 5 min left\n']],
  ])('terminal %s at %s ms writes %j', (isTTY, at, expected) => {
    let now = 0;
    const stream = terminal(isTTY);
    const reporter = createLookupProgressReporter(stream, () => now);
    now = at;
    reporter.update(p);
    expect(stream.lines).toEqual(expected);
  });

  it.each([
    [5, '5 s'],
    [89, '89 s'],
    [600, '10 min'],
    [7200, '2.0 h'],
  ])('formatDuration(%s) = %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});
