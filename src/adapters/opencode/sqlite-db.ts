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

/**
 * Opens a SQLite database read-only with node-sqlite3-wasm, which reads the
 * file through Node's `fs` a page at a time (SQLite's page cache stays at its
 * 2 MiB default), so memory does not grow with the database.
 *
 * Its file system layer has no shared memory for the `-shm` index of a
 * database in WAL mode (OpenCode's), and SQLite refuses such a database
 * unless the connection is in exclusive locking mode: then it builds that
 * index in its own memory from the `-wal` file, so changes not yet
 * checkpointed into the main file are read too, and nothing is written.
 * Its lock is a `<file>.lock` folder, made while the database is open and
 * removed on close (it does not exclude OpenCode's own writes).
 */
export async function openReadOnly(file: string): Promise<Database> {
  engine ??= loadEngine();
  const { Database } = await engine;
  const db = new Database(file, { readOnly: true });
  try {
    db.all('PRAGMA locking_mode = EXCLUSIVE');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** SQLite's reason for a failure, with what to do when the database is locked. */
export function failureReason(file: string, error: unknown): string {
  const reason = describeError(error);
  if (!/database is locked/i.test(reason)) return reason;
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
