/**
 * Bounded concurrency for I/O-bound loops (S3 listings and downloads, GitHub blob reads): a fixed number of
 * requests in flight instead of all at once or one after another.
 */

/**
 * `fn` over every item, at most `limit` at a time; results in the items' order. The first rejection rejects
 * the whole (what is still in flight finishes, unobserved).
 */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      results[at] = await fn(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
