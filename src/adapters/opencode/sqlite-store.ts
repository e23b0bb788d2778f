import { readFile, stat } from 'node:fs/promises';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import type { z } from 'zod';
import { describeError } from '../../core/errors.js';
import type { Warning, WarningSink } from '../../core/diagnostics.js';
import { isRecord } from '../../core/json-lines.js';
import { parseRecord } from '../record.js';
import { OpenCodeMessage, OpenCodePart, OpenCodeSession } from './schema.js';
import type { OpenCodeStore, Stored } from './store.js';

let engine: ReturnType<typeof initSqlJs> | undefined;

/**
 * OpenCode's SQLite database (`opencode.db`, tables `session`, `message`,
 * `part`; message and part objects are JSON in the `data` column, their ids
 * in columns). Read with sql.js (SQLite compiled to WebAssembly, no native
 * build): the database file is loaded into memory whole, and a `-wal` file
 * next to it is not read, so changes not yet checkpointed into the main
 * file are missed (a warning says so).
 */
export class SqliteStore implements OpenCodeStore {
  private constructor(
    private readonly file: string,
    private readonly db: Database,
    private readonly warn: WarningSink,
  ) {}

  static async open(file: string, warn: WarningSink): Promise<SqliteStore | undefined> {
    let db: Database;
    try {
      engine ??= initSqlJs();
      const SQL = await engine;
      db = new SQL.Database(await readFile(file));
      const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name));
      const missing = ['session', 'message', 'part'].filter((t) => !tables.has(t));
      if (missing.length > 0) {
        db.close();
        const message = `no ${missing.join(', ')} table: not an OpenCode database; skipped`;
        warn({ code: 'not_opencode_db', file, message });
        return undefined;
      }
    } catch (error) {
      const message = `cannot read the SQLite database (${describeError(error)}); skipped`;
      warn({ code: 'unreadable_db', file, message });
      return undefined;
    }
    const wal = await stat(`${file}-wal`).catch(() => undefined);
    if (wal && wal.size > 0) {
      const message = `${file}-wal (${wal.size} bytes) is not read: the latest changes may be missing`;
      warn({ code: 'wal_not_read', file, message });
    }
    return new SqliteStore(file, db, warn);
  }

  async sessions(): Promise<Array<Stored<OpenCodeSession>>> {
    const out: Array<Stored<OpenCodeSession>> = [];
    for (const r of rows(this.db, 'SELECT * FROM session ORDER BY time_created, id')) {
      const value = {
        id: r.id,
        projectID: r.project_id ?? undefined,
        parentID: r.parent_id ?? undefined,
        slug: r.slug ?? undefined,
        title: r.title ?? undefined,
        version: r.version ?? undefined,
        directory: r.directory ?? undefined,
        time: { created: r.time_created ?? undefined, updated: r.time_updated ?? undefined },
      };
      const session = this.parse(OpenCodeSession, value, `session ${String(r.id)}`);
      if (session) out.push({ value: session, source: { file: this.file, line: 0 } });
    }
    return out;
  }

  async messages(sessionId: string): Promise<Array<Stored<OpenCodeMessage>>> {
    const sql = 'SELECT id, session_id, time_created, data FROM message WHERE session_id = ? ORDER BY time_created, id';
    return this.objects(sql, [sessionId], OpenCodeMessage, 'message', (r) => ({ id: r.id, sessionID: r.session_id }));
  }

  async parts(messageId: string): Promise<Array<Stored<OpenCodePart>>> {
    const sql = 'SELECT id, message_id, session_id, data FROM part WHERE message_id = ? ORDER BY id';
    return this.objects(sql, [messageId], OpenCodePart, 'part', (r) => ({
      id: r.id,
      messageID: r.message_id,
      sessionID: r.session_id,
    }));
  }

  close(): void {
    this.db.close();
  }

  private objects<S extends z.ZodType>(
    sql: string,
    params: SqlValue[],
    schema: S,
    table: string,
    ids: (row: Row) => Record<string, unknown>,
  ): Array<Stored<z.infer<S>>> {
    const out: Array<Stored<z.infer<S>>> = [];
    for (const r of rows(this.db, sql, params)) {
      const what = `${table} ${String(r.id)}`;
      let data: unknown;
      try {
        data = JSON.parse(String(r.data));
      } catch (error) {
        const message = `${what}: data is not valid JSON (${describeError(error)}); skipped`;
        this.warn({ code: 'invalid_json', file: this.file, message });
        continue;
      }
      const value = this.parse(schema, isRecord(data) ? { ...data, ...ids(r) } : data, what);
      if (value !== undefined) out.push({ value, source: { file: this.file, line: 0 } });
    }
    return out;
  }

  private parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> | undefined {
    const warn = (w: Warning): void => this.warn({ ...w, message: `${what}: ${w.message}` });
    return parseRecord(schema, value, { file: this.file }, warn);
  }
}

type Row = Record<string, SqlValue>;

function rows(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out: Row[] = [];
    while (statement.step()) out.push(statement.getAsObject());
    return out;
  } finally {
    statement.free();
  }
}
