import { stat } from 'node:fs/promises';

const DATABASE = /\.(db|sqlite|sqlite3)$/i;
const LOG_SUFFIX = '-wal';

/**
 * A SQLite database in WAL mode (OpenCode's `opencode.db`) takes its writes in
 * `<file>-wal` and copies them into the file itself only at checkpoints. The
 * adapters read the `-wal` file too, so watch counts a change of it as a
 * change of the database.
 */
export function databaseOfLog(path: string): string | undefined {
  if (!path.endsWith(LOG_SUFFIX)) return undefined;
  const database = path.slice(0, -LOG_SUFFIX.length);
  return DATABASE.test(database) ? database : undefined;
}

/** The later of a database's modification time and its `-wal` file's (`mtimeMs` for any other file). */
export async function withLogTime(path: string, mtimeMs: number): Promise<number> {
  if (!DATABASE.test(path)) return mtimeMs;
  const log = await stat(`${path}${LOG_SUFFIX}`).catch(() => undefined);
  return log ? Math.max(mtimeMs, log.mtimeMs) : mtimeMs;
}
