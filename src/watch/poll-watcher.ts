import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WarningSink } from '../core/diagnostics.js';
/** Called with the paths under the watched roots that were created, changed or removed. */
export type PathsListener = (paths: string[]) => void;

interface Seen {
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * The fallback of SourceWatcher: lists its roots every interval and reports
 * the files that appeared, changed (size, time or inode) or went away.
 */
export class PollWatcher {
  private readonly roots = new Map<string, { accept: (path: string) => boolean; until: number }>();
  private seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly listener: PathsListener,
    private readonly intervalMs: number,
    private readonly warn: WarningSink,
  ) {}

  /** Polls `root` (until `until`, ms since the epoch, if given). */
  async add(root: string, accept: (path: string) => boolean, until = Infinity): Promise<void> {
    if (this.roots.has(root)) return;
    this.roots.set(root, { accept, until });
    // The files there now are the baseline: only what changes after this is reported.
    const now = new Map<string, Seen>();
    await this.list(root, accept, now);
    for (const [path, seen] of now) this.seen.set(path, seen);
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = new Map<string, Seen>();
      for (const [root, { accept, until }] of this.roots) {
        if (Date.now() > until) this.roots.delete(root);
        else await this.list(root, accept, now);
      }
      const changed: string[] = [];
      for (const [path, s] of now) {
        const before = this.seen.get(path);
        if (!before || before.size !== s.size || before.mtimeMs !== s.mtimeMs || before.ino !== s.ino) changed.push(path);
      }
      for (const path of this.seen.keys()) if (!now.has(path)) changed.push(path);
      this.seen = now;
      if (changed.length > 0) this.listener(changed);
    } catch (error) {
      this.warn({ code: 'watch_error', message: `polling failed: ${String(error)}` });
    } finally {
      this.running = false;
    }
  }

  private async list(dir: string, accept: (path: string) => boolean, into: Map<string, Seen>): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') await this.list(path, accept, into);
      } else if (entry.isFile() && accept(path)) {
        const info = await stat(path).catch(() => undefined);
        if (info) into.set(path, { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
      }
    }
  }
}
