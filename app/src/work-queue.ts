/**
 * Webhook handlers only enqueue: GitHub gives a delivery 10 s before it counts as failed (and may redeliver),
 * and an analysis reads CloudTrail for longer than that. The work runs after the 2xx is sent; safety does not
 * depend on the queue (dedupe, locks and pinned commits live in the store and in git), it only keeps acks fast.
 */
export class WorkQueue {
  private readonly running = new Set<Promise<void>>();
  private failures = 0;

  constructor(private readonly onError: (error: unknown) => void) {}

  push(job: () => Promise<void>): void {
    const done: Promise<void> = Promise.resolve()
      .then(job)
      .catch((error: unknown) => {
        this.failures++;
        this.onError(error);
      })
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  get size(): number {
    return this.running.size;
  }

  get failed(): number {
    return this.failures;
  }

  /** Resolves when nothing is queued, including jobs queued by jobs (tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
