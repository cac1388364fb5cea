import { describe, it, expect } from '@jest/globals';
import { RateLimiterRegistry, TokenBucket } from '../../src/aws/rate-limit.js';

function virtualClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('TokenBucket', () => {
  it.each([
    [2, 1, 10],
    [2, 1, 41],
    [1.8, 1, 25],
  ])('at %s/s burst %s, %s takes never exceed 2 in any 1 s window', async (rate, burst, n) => {
    const clock = virtualClock();
    const bucket = new TokenBucket(rate, burst, clock);
    const times: number[] = [];
    await Promise.all(Array.from({ length: n }, () => bucket.take().then(() => times.push(clock.now()))));
    expect(times).toHaveLength(n);
    for (const t of times) expect(times.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(2);
    // and not slower than the rate allows
    expect(times[times.length - 1]).toBeLessThanOrEqual(Math.ceil(((n - burst) / rate) * 1000) + n);
  });

  it.each([
    ['a slow first request', [900, 10, 10, 10, 10, 10, 10]],
    ['alternating latencies', [400, 5, 400, 5, 400, 5, 400, 5]],
    ['uniformly slow', [700, 700, 700, 700, 700]],
  ])('acquire keeps ≤ 2 requests able to arrive in any 1 s window with %s', async (_name, latencies) => {
    const clock = virtualClock();
    const bucket = new TokenBucket(1.8, 1, clock);
    const sent: { send: number; resp: number }[] = [];
    for (const latency of latencies) {
      const release = await bucket.acquire();
      const send = clock.now();
      await clock.sleep(latency);
      release();
      sent.push({ send, resp: clock.now() });
    }
    // A request can arrive any time in [send, resp]: fewer than 2 earlier ones may still be arriving within 1 s of it.
    sent.forEach((k, i) => {
      expect(sent.slice(0, i).filter((j) => j.resp > k.send - 1000).length).toBeLessThanOrEqual(1);
    });
  });

  it('shares one bucket per account+Region', () => {
    const registry = new RateLimiterRegistry(2, 1);
    expect(registry.bucket('1', 'us-east-1')).toBe(registry.bucket('1', 'us-east-1'));
    expect(registry.bucket('1', 'us-east-1')).not.toBe(registry.bucket('1', 'eu-west-1'));
    expect(registry.bucket('1', 'us-east-1')).not.toBe(registry.bucket('2', 'us-east-1'));
  });
});
