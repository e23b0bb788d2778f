import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';

/**
 * How the line readers started inside `withReadView` see the files: each
 * file only up to its horizon (the end of its last complete line when a
 * watcher took it), and a note of whether the reader that ran last ended.
 * `agent-otel watch` reads a unit of files that are still being written this
 * way, so a line half written is never read, and it can tell the spans that
 * came from records from those an adapter makes when its input ends.
 */
export interface ReadView {
  /** Bytes of `path` (absolute) to read; undefined reads the whole file. */
  horizonOf(path: string): number | undefined;
  /** True once a line reader has run out of input, until the next line is read. */
  atEnd: boolean;
}

const views = new AsyncLocalStorage<ReadView>();

/** Runs `fn` (and everything it starts) with the files seen through `view`. */
export function withReadView<T>(view: ReadView, fn: () => T): T {
  return views.run(view, fn);
}

/** The view of the caller's context, if any. */
export function currentReadView(): ReadView | undefined {
  return views.getStore();
}

/** The bytes of `path` the current view lets a reader see (undefined: all of it). */
export function horizonFor(path: string): { view: ReadView | undefined; horizon: number | undefined } {
  const view = views.getStore();
  return { view, horizon: view?.horizonOf(resolve(path)) };
}
