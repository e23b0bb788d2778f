import { open, stat } from 'node:fs/promises';
import { withLogTime } from './sqlite-log.js';

/** What watch knows of one file: which file it is, and how much of it is complete. */
export interface FileMark {
  dev: number;
  ino: number;
  /** Bytes up to the end of the last complete line (the whole size for documents). */
  horizon: number;
  mtimeMs: number;
}

const CHUNK = 64 * 1024;

/**
 * Files read as lines get a horizon at the end of their last complete line;
 * documents (JSON, SQLite) are read whole, as they are rewritten, not appended to
 * (a SQLite database with its `-wal` file: see sqlite-log.ts).
 */
export function readsAsLines(path: string): boolean {
  return !/\.(json|db|sqlite|sqlite3)$/i.test(path);
}

/**
 * Where `path` stands now: its identity (device and inode) and horizon. With
 * `whole`, a last line without its line break counts too (a session that is
 * over). Undefined when the file is gone.
 */
export async function markFile(path: string, whole = false): Promise<FileMark | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  if (!info.isFile()) return undefined;
  const base = { dev: info.dev, ino: info.ino, mtimeMs: await withLogTime(path, info.mtimeMs) };
  if (whole || !readsAsLines(path) || info.size === 0) return { ...base, horizon: info.size };
  return { ...base, horizon: await lastLineEnd(path, info.size) };
}

/** The offset just after the last `\n` in the first `size` bytes of the file (0 when there is none). */
async function lastLineEnd(path: string, size: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(CHUNK, size));
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - buffer.length);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      const at = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at !== -1) return start + at + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/** How a file changed between two marks. */
export type FileChange = 'same' | 'grown' | 'replaced' | 'truncated' | 'rewritten';

/** How `path` changed from `before` to `now`; a document counts as rewritten when its time changed. */
export function compareMarks(path: string, before: FileMark | undefined, now: FileMark): FileChange {
  if (!before) return 'grown';
  if (before.dev !== now.dev || before.ino !== now.ino) return 'replaced';
  if (now.horizon < before.horizon) return 'truncated';
  if (now.horizon > before.horizon) return 'grown';
  return !readsAsLines(path) && now.mtimeMs !== before.mtimeMs ? 'rewritten' : 'same';
}
