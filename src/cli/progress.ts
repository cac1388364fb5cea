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
