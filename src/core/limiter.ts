/**
 * Limits how many tasks (requests, file reads) are in flight. `acquire` waits for a free slot, so
 * the reader pauses while the limit is reached and memory stays bounded.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** Runs `fn` on every item, at most `limit` at a time; resolves with the results in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limiter = new Limiter(Math.max(1, limit));
  return Promise.all(
    items.map(async (item, index) => {
      await limiter.acquire();
      try {
        return await fn(item, index);
      } finally {
        limiter.release();
      }
    }),
  );
}
