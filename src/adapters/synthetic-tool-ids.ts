/**
 * Stable tool call ids for formats that record none. Calls are numbered per tool
 * name in record order (`bash#0`, `bash#1`, `read#0`, ...), and a result takes
 * the oldest open call of its tool name (first in, first out). The same input
 * therefore always yields the same ids.
 */
export class SyntheticToolIds {
  private readonly counts = new Map<string, number>();
  private readonly open = new Map<string, string[]>();

  /** Numbers a new call of `name` and keeps it open until its result. */
  call(name: string): string {
    const id = this.next(name);
    const queue = this.open.get(name);
    if (queue) queue.push(id);
    else this.open.set(name, [id]);
    return id;
  }

  /**
   * The id for a result of `name`: the oldest open call of that name, or, when
   * there is none, a fresh id (`paired: false`: the result has no call record).
   */
  result(name: string): { callId: string; paired: boolean } {
    const queue = this.open.get(name);
    const callId = queue?.shift();
    if (callId !== undefined) return { callId, paired: true };
    return { callId: this.next(name), paired: false };
  }

  /** The most recent open call of `name`, without closing it. */
  latestOpen(name: string): string | undefined {
    const queue = this.open.get(name);
    return queue?.[queue.length - 1];
  }

  /** A fresh id for `name` that opens nothing (for callers that track open calls themselves). */
  fresh(name: string): string {
    return this.next(name);
  }

  private next(name: string): string {
    const n = this.counts.get(name) ?? 0;
    this.counts.set(name, n + 1);
    return `${name}#${n}`;
  }
}
