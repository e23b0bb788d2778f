import { resolve } from 'node:path';

/**
 * How the line readers see the files of a unit while `withReadView` maps it:
 * each file only up to its horizon (the end of its last complete line when a
 * watcher took it), and a note of whether the reader that ran last ended.
 * `agent-otel watch` reads a unit of files that are still being written this
 * way, so a line half written is never read, and it can tell the spans that
 * came from records from those an adapter makes when its input ends.
 */
export interface ReadView {
  /** Bytes of each file (absolute path) to read. */
  horizons: ReadonlyMap<string, number>;
  /** True once a line reader of the view's files has run out of input, until the next line is read. */
  atEnd: boolean;
}

/** The view each file is seen through while one is open (the files of one unit are mapped at a time). */
const viewOf = new Map<string, ReadView>();

/**
 * Runs `fn` with the view's files seen through it. Views are looked up by
 * path, not carried through the async calls (AsyncLocalStorage would slow
 * every promise of the process on Node 20): the files of a view are only read
 * by `fn` while it runs, and two views must not hold the same file at once.
 */
export async function withReadView<T>(view: ReadView, fn: () => Promise<T>): Promise<T> {
  const paths = [...view.horizons.keys()];
  for (const path of paths) viewOf.set(path, view);
  try {
    return await fn();
  } finally {
    for (const path of paths) if (viewOf.get(path) === view) viewOf.delete(path);
  }
}

/** The view a file is seen through now, with its horizon (both undefined: the whole file). */
export function horizonFor(path: string): { view: ReadView | undefined; horizon: number | undefined } {
  if (viewOf.size === 0) return { view: undefined, horizon: undefined };
  const absolute = resolve(path);
  const view = viewOf.get(absolute);
  return { view, horizon: view?.horizons.get(absolute) };
}
