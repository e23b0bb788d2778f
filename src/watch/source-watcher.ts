import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AsyncSubscription } from '@parcel/watcher';
import type { WarningSink } from '../core/diagnostics.js';
import { describeError } from '../core/errors.js';
import { PollWatcher, type PathsListener } from './poll-watcher.js';

export interface SourceWatcherOptions {
  /** Poll instead of file system events (network file systems, containers with bind mounts). */
  poll?: boolean;
  /** Milliseconds between two polls (default 1000). */
  pollIntervalMs?: number;
  warn: WarningSink;
}

const NEW_FOLDER_POLL_MS = 3_600_000;

/**
 * Tells watch which paths under its inputs changed. It subscribes once per
 * folder with @parcel/watcher (inotify, FSEvents or ReadDirectoryChangesW, one
 * recursive subscription, no watch per file), and polls where that is asked
 * for or where the subscription fails. A file input is watched through its
 * folder, filtered to the file and the folder named after it (where Claude Code
 * keeps a session's subagents).
 */
export class SourceWatcher {
  private readonly subscriptions: AsyncSubscription[] = [];
  private readonly poller: PollWatcher;
  private readonly watched = new Set<string>();
  mode: 'events' | 'polling';

  constructor(
    private readonly listener: PathsListener,
    private readonly options: SourceWatcherOptions,
  ) {
    this.mode = options.poll ? 'polling' : 'events';
    this.poller = new PollWatcher(listener, options.pollIntervalMs ?? 1000, options.warn);
  }

  /** Starts watching an input (a folder, or a file). */
  async add(input: string): Promise<void> {
    if (this.watched.has(input)) return;
    this.watched.add(input);
    const info = await stat(input).catch(() => undefined);
    const isFile = info?.isFile() === true;
    const root = isFile ? dirname(input) : input;
    const accept = isFile ? fileFilter(input) : () => true;
    if (this.mode === 'events') {
      try {
        const watcher = await import('@parcel/watcher');
        const subscription = await watcher.subscribe(root, (error, events) => {
          if (error) {
            this.options.warn({ code: 'watch_error', file: root, message: `file events failed (${describeError(error)}); polling instead` });
            return void this.poller.add(root, accept);
          }
          const paths = events.map((e) => e.path).filter(accept);
          if (paths.length > 0) this.listener(paths);
        });
        this.subscriptions.push(subscription);
        return;
      } catch (error) {
        this.options.warn({ code: 'watch_error', file: root, message: `no file events here (${describeError(error)}); polling instead` });
      }
    }
    await this.poller.add(root, accept);
  }

  /**
   * Also polls a folder that just appeared, for an hour: inotify only watches
   * a folder once it has seen it, so the subfolders of one made in one go
   * (`mkdir -p`, as Claude Code and Gemini CLI make a session's subagent
   * folder) can escape the events.
   */
  async pollNewFolder(folder: string): Promise<void> {
    if (this.mode === 'events') await this.poller.add(folder, () => true, Date.now() + NEW_FOLDER_POLL_MS);
  }

  async close(): Promise<void> {
    this.poller.close();
    await Promise.all(this.subscriptions.splice(0).map((s) => s.unsubscribe().catch(() => undefined)));
  }
}

function fileFilter(file: string): (path: string) => boolean {
  const stem = file.replace(/\.[^./\\]+$/, '');
  return (path) => path === file || path.startsWith(`${stem}/`) || path.startsWith(`${stem}\\`);
}
