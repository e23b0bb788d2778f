import type { FilePosition } from './batch-builder.js';

/**
 * Turns out-of-order batch completions into in-order progress. Batches are
 * sent in parallel and may finish in any order, but a file's checkpoint may
 * only move past a batch once every earlier batch is acknowledged too;
 * otherwise a resumed replay would skip a batch that never arrived.
 */
export class AckTracker {
  private readonly queue: { done: boolean; positions: FilePosition[] }[] = [];

  /** Registers a batch in send order; call `complete` with the returned ticket when it is acknowledged. */
  enqueue(positions: FilePosition[]): object {
    const entry = { done: false, positions };
    this.queue.push(entry);
    return entry;
  }

  /**
   * Marks a batch acknowledged and returns the positions that became final:
   * those of this batch and of later finished ones, if no earlier batch is
   * still pending (later positions overwrite earlier ones of the same file).
   */
  complete(ticket: object): FilePosition[] {
    const entry = this.queue.find((e) => e === ticket);
    if (entry === undefined) return [];
    entry.done = true;
    const settled: FilePosition[] = [];
    while (this.queue.length > 0 && this.queue[0]?.done === true) {
      const head = this.queue.shift();
      if (head) settled.push(...head.positions);
    }
    return settled;
  }

  get pending(): number {
    return this.queue.length;
  }
}
