/**
 * Progress on stderr for long scans: silent for the first second (short runs stay clean), silent when stderr
 * is not a terminal (CI logs and pipes stay readable), one rewritten line otherwise.
 */
export interface ScanProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly records: number;
  readonly bytes: number;
}

export interface ProgressReporter {
  update(progress: ScanProgress): void;
  done(): void;
}

export function createProgressReporter(
  stream: { isTTY?: boolean; write(text: string): unknown },
  clock: () => number = () => performance.now(),
): ProgressReporter {
  const started = clock();
  let lastDraw = 0;
  let drawn = false;
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  return {
    update(p) {
      const now = clock();
      if (now - started < 1000 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const seconds = (now - started) / 1000;
      const rate = Math.round(p.records / seconds);
      const mb = (p.bytes / 1_048_576).toFixed(1);
      stream.write(
        `\r\x1b[Kscanning: ${p.filesDone}/${p.filesTotal} files, ${p.records.toLocaleString('en-US')} records, ${mb} MiB, ${rate.toLocaleString('en-US')} records/s`,
      );
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

export interface LookupScanProgress {
  readonly region: string;
  readonly pages: number;
  readonly events: number;
  readonly estimatedSecondsLeft?: number;
}

/**
 * LookupEvents scans run at 2 requests/s and can take many minutes, so unlike file progress they also report
 * when stderr is not a terminal — one plain line every 30 s, so CI logs show the scan is alive without flooding.
 */
export function createLookupProgressReporter(
  stream: { isTTY?: boolean; write(text: string): unknown },
  clock: () => number = () => performance.now(),
): { update(progress: LookupScanProgress): void; done(): void } {
  const started = clock();
  let lastDraw = started;
  let drawn = false;
  const tty = stream.isTTY === true;
  return {
    update(p) {
      const now = clock();
      if (now - started < 1000 || now - lastDraw < (tty ? 100 : 30_000)) return;
      lastDraw = now;
      const left = p.estimatedSecondsLeft === undefined ? '' : `, about ${formatDuration(p.estimatedSecondsLeft)} left`;
      const line = `lookup-events ${p.region}: ${p.pages.toLocaleString('en-US')} pages, ${p.events.toLocaleString('en-US')} events${left}`;
      if (tty) {
        drawn = true;
        stream.write(`\r\x1b[K${line}`);
      } else stream.write(`alpha: ${line}\n`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
