/** The bounded pool the S3 reader and `alpha propose` share. */
import { describe, expect, it } from '@jest/globals';
import { inPool } from '../../src/core/pool.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('inPool', () => {
  it('keeps the items’ order, whatever order they finish in, and never exceeds the limit', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await inPool([5, 1, 4, 2, 3, 0], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(3);
  });

  it('runs nothing for no items, and one at a time with a limit of 1', async () => {
    expect(await inPool([], 4, async () => 1)).toEqual([]);
    const order: number[] = [];
    await inPool([3, 1, 2], 1, async (n) => {
      for (let i = 0; i < n; i++) await tick();
      order.push(n);
    });
    expect(order).toEqual([3, 1, 2]);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      inPool([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom at 2');
      }),
    ).rejects.toThrow('boom at 2');
    expect(started).toEqual([1, 2]);
  });
});
