import { statSync } from 'node:fs';
import type { Database, SQLiteValue, Statement } from 'node-sqlite3-wasm';
import { describeError } from '../../core/errors.js';

type Engine = typeof import('node-sqlite3-wasm');

let engine: Promise<Engine> | undefined;

/** node-sqlite3-wasm is CommonJS: its exports are the default export of the ES module. */
async function loadEngine(): Promise<Engine> {
  const loaded = (await import('node-sqlite3-wasm')) as Engine & { default?: Engine };
  return loaded.default ?? loaded;
}

export type Row = Record<string, SQLiteValue>;

/** How long opening waits for a lock another agent-otel holds (watch and convert reading the same database). */
const LOCK_WAIT_MS = 10_000;

/**
 * Opens a SQLite database read-only with node-sqlite3-wasm, which reads the
 * file through Node's `fs` a page at a time (SQLite's page cache stays at its
 * 2 MiB default), so memory does not grow with the database; returns it with
 * the names of its tables.
 *
 * Its file system layer has no shared memory for the `-shm` index of a
 * database in WAL mode (OpenCode's), and SQLite refuses such a database
 * unless the connection is in exclusive locking mode: then it builds that
 * index in its own memory from the `-wal` file, so changes not yet
 * checkpointed into the main file are read too, and nothing is written.
 * Its lock is a `<file>.lock` folder, taken at the first read and removed on
 * close (it does not exclude OpenCode's own writes, only other readers of
 * this kind: opening waits up to 10 s for one to finish).
 */
export async function openReadOnly(file: string): Promise<{ db: Database; tables: ReadonlySet<string> }> {
  engine ??= loadEngine();
  const { Database } = await engine;
  for (let waited = 0, pause = 25; ; waited += pause, pause = Math.min(2 * pause, 1000)) {
    const db = new Database(file, { readOnly: true });
    try {
      db.all('PRAGMA locking_mode = EXCLUSIVE');
      const names = db.all("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);
      const tables = new Set(names.filter((name): name is string => typeof name === 'string'));
      return { db, tables };
    } catch (error) {
      db.close();
      if (!isLocked(error) || waited >= LOCK_WAIT_MS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

function isLocked(error: unknown): boolean {
  return /database is locked/i.test(describeError(error));
}

/** SQLite's reason for a failure, with what to do when the database is locked. */
export function failureReason(file: string, error: unknown): string {
  const reason = describeError(error);
  if (!isLocked(error)) return reason;
  return `${reason}: another agent-otel is reading it, or ${file}.lock is left over from one that was stopped (remove that folder)`;
}

/** The rows of a prepared statement for these parameters. */
export function allRows(statement: Statement, params: SQLiteValue[] = []): Row[] {
  return statement.all(params) as Row[];
}

/** What tells whether a file was written to: size and modification time (undefined when it is gone). */
export function fileStamp(file: string): string | undefined {
  try {
    const info = statSync(file);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return undefined;
  }
}
