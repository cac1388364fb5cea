/**
 * Token buckets for AWS APIs with per-account, per-Region quotas (CloudTrail LookupEvents: 2 requests/s). One
 * registry per process, so every scan and every role in the same account+Region shares one budget.
 */
import { systemClock, type Clock } from './sleep.js';

/** A request the bucket let through: `end` is when its response came back (Infinity while in flight). */
interface Slot {
  end: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private slots: Slot[] = [];

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Waits for one token; callers are served in arrival order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * A token, and then a slot that is only free once at most ⌈rate⌉ − 1 earlier requests can still arrive within the
   * last second. The service counts requests when they arrive, and a request can arrive any time before its
   * response: pacing sends alone lets a slow first request (TLS handshake, credential resolution) bunch up with the
   * next ones. Call the returned function when the response (or error) is back.
   */
  acquire(): Promise<() => void> {
    const turn = this.queue.then(async () => {
      await this.takeNow();
      await this.waitForSlot();
      const slot: Slot = { end: Infinity };
      this.slots.push(slot);
      return () => {
        slot.end = this.clock.now();
      };
    });
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    const limit = Math.max(1, Math.ceil(this.ratePerSecond));
    for (;;) {
      const now = this.clock.now();
      this.slots = this.slots.filter((s) => s.end > now - 1000);
      if (this.slots.length < limit) return;
      const earliest = Math.min(...this.slots.map((s) => s.end));
      // In flight: poll until it is back; done: wait until it leaves the one-second window.
      await this.clock.sleep(earliest === Infinity ? 20 : earliest + 1000 - now + 1);
    }
  }

  private async takeNow(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}

export class RateLimiterRegistry {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock = systemClock,
  ) {}

  bucket(account: string, region: string): TokenBucket {
    const key = `${account}/${region}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.ratePerSecond, this.burst, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

/**
 * LookupEvents' documented quota is 2 requests/s per account per Region. A burst of 1 and a rate just under 2
 * keep every 1-second window at ≤ 2 requests as the service sees them: network jitter can bring two requests
 * sent exactly 500 ms apart closer together on arrival.
 */
export const LOOKUP_EVENTS_RATE = 1.8;
export const lookupEventsLimiter = new RateLimiterRegistry(LOOKUP_EVENTS_RATE, 1);
