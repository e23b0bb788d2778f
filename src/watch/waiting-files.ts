import { stat } from 'node:fs/promises';
import type { Warning, WarningSink } from '../core/diagnostics.js';

/**
 * Files watch saw but could not take yet: a line file with no complete line,
 * a document caught empty or half written, a file no adapter recognised. Each
 * is looked at again once it changes (whether or not an event says so); a
 * warning about it (`unrecognized`, `empty_file`) is only reported once the
 * file has stayed as it was for a heartbeat, so a file caught while being
 * written raises none.
 */
export class WaitingFiles {
  private readonly files = new Map<string, { mtimeMs: number; warning?: Warning }>();

  constructor(private readonly warn: WarningSink) {}

  get size(): number {
    return this.files.size;
  }

  /** Sets a file aside; `mtimeMs` is its time when it was looked at (taken before it was read, so no write is missed). */
  add(file: string, mtimeMs: number, warning?: Warning): void {
    this.files.set(file, { mtimeMs, ...(warning ? { warning } : {}) });
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  delete(file: string): void {
    this.files.delete(file);
  }

  /** The files that changed since they were set aside (to take again); the warnings of the others are reported now. */
  async due(): Promise<string[]> {
    const changed: string[] = [];
    for (const [file, entry] of this.files) {
      const info = await stat(file).catch(() => undefined);
      if (!info) this.files.delete(file);
      else if (info.mtimeMs !== entry.mtimeMs) {
        changed.push(file);
        this.files.delete(file);
      } else if (entry.warning) {
        this.warn(entry.warning);
        delete entry.warning;
      }
    }
    return changed;
  }
}
