import { describe, expect, it } from '@jest/globals';
import { createProgressReporter } from '../../src/cli/progress.js';

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
