import { SessionWatch } from './session-watch.js';
import type { WatchStats } from './watch-events.js';
import type { WatchOptions } from './watch-options.js';

/** A running watch. */
export interface WatchHandle {
  /** Counters so far. */
  stats(): WatchStats;
  /** Stops following and saves the state; the exporter stays open (the caller shuts it down). */
  stop(): Promise<WatchStats>;
}

/**
 * Follows agent session files as they are written: first a backfill of what
 * is there (bounded by `since`), then every appended line, new session and
 * subagent file, and new folder. Each span is sent once, when what it stands
 * for is complete, with the ids and attributes `convert` gives the finished
 * files; a session's root is sent when the session ends or goes idle, and again
 * with a later end if it goes on. What was sent is kept in `stateDir`, so a
 * restart (after a crash too) goes on where the last run was. Resolves once
 * the backfill is done.
 */
export async function watch(options: WatchOptions): Promise<WatchHandle> {
  const engine = new SessionWatch(options);
  try {
    await engine.start();
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return { stats: () => engine.stats(), stop: () => engine.stop() };
}

export type { WatchOptions } from './watch-options.js';
export type { WatchEvent, WatchStats } from './watch-events.js';
