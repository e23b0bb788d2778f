import { basename, dirname } from 'node:path';
import type { Database, SQLiteValue, Statement } from 'node-sqlite3-wasm';
import type { z } from 'zod';
import { describeError, InputUnreadableError } from '../../core/errors.js';
import type { Warning, WarningSink } from '../../core/diagnostics.js';
import { isRecord } from '../../core/json-lines.js';
import { parseRecord } from '../record.js';
import { allRows, failureReason, fileStamp, openReadOnly, type Row } from './sqlite-db.js';
import { OpenCodeMessage, OpenCodePart, OpenCodeSession } from './schema.js';
import type { OpenCodeStore, Stored } from './store.js';

const MESSAGES = 'SELECT id, session_id, time_created, data FROM message WHERE session_id = ? ORDER BY time_created, id';
const PARTS = 'SELECT id, message_id, session_id, data FROM part WHERE message_id = ? ORDER BY id';

/**
 * OpenCode's SQLite database (`opencode.db`, tables `session`, `message`,
 * `part`; message and part objects are JSON in the `data` column, their ids
 * in columns). Read a page at a time, never whole, with the changes still in
 * its `-wal` file (see `openReadOnly`). Rows come one session or one message
 * at a time, through the indexes OpenCode creates on `session_id` and
 * `message_id`. A database OpenCode writes while it is read is read as it
 * stood when opened; if the main file changed meanwhile (a checkpoint), a
 * warning says the result may mix the two states.
 */
export class SqliteStore implements OpenCodeStore {
  private constructor(
    private readonly file: string,
    private readonly db: Database,
    private readonly statements: { messages: Statement; parts: Statement },
    private readonly stamp: string | undefined,
    private readonly warn: WarningSink,
  ) {}

  static async open(file: string, warn: WarningSink): Promise<SqliteStore | undefined> {
    let db: Database | undefined;
    // Taken before the first read: a write between the two makes a needless warning, never a missed one.
    const stamp = fileStamp(file);
    try {
      const opened = await openReadOnly(file);
      db = opened.db;
      const tables = opened.tables;
      const missing = ['session', 'message', 'part'].filter((t) => !tables.has(t));
      if (missing.length > 0) {
        db.close();
        const message = `no ${missing.join(', ')} table: not an OpenCode database; skipped`;
        warn({ code: 'not_opencode_db', file, message });
        return undefined;
      }
      const statements = { messages: db.prepare(MESSAGES), parts: db.prepare(PARTS) };
      return new SqliteStore(file, db, statements, stamp, warn);
    } catch (error) {
      if (db?.isOpen) db.close();
      // Reading takes a lock: a `<file>.lock` folder next to the database, which a read-only folder refuses.
      const hint = /disk I\/O error/i.test(describeError(error)) ? ` (is ${dirname(file)} writable? reading makes ${basename(file)}.lock there)` : '';
      const message = `cannot read the SQLite database (${failureReason(file, error)}${hint}); skipped`;
      warn({ code: 'unreadable_db', file, message });
      return undefined;
    }
  }

  async sessions(): Promise<Array<Stored<OpenCodeSession>>> {
    const out: Array<Stored<OpenCodeSession>> = [];
    const all = this.query(() => this.db.all('SELECT * FROM session ORDER BY time_created, id') as Row[]);
    for (const r of all) {
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
    return this.objects(this.statements.messages, [sessionId], OpenCodeMessage, 'message', (r) => ({
      id: r.id,
      sessionID: r.session_id,
    }));
  }

  async parts(messageId: string): Promise<Array<Stored<OpenCodePart>>> {
    return this.objects(this.statements.parts, [messageId], OpenCodePart, 'part', (r) => ({
      id: r.id,
      messageID: r.message_id,
      sessionID: r.session_id,
    }));
  }

  /**
   * Closes the database (removing its lock folder), and warns when the file
   * was written while it was read. Never throws: a statement's finalize
   * repeats the error of its last step, which was reported when it happened.
   */
  close(): void {
    for (const statement of [this.statements.messages, this.statements.parts]) {
      try {
        statement.finalize();
      } catch {
        // the error of the statement's last step, already thrown by that step
      }
    }
    try {
      this.db.close();
    } catch (error) {
      this.warn({ code: 'unreadable_db', file: this.file, message: `closing the SQLite database failed (${failureReason(this.file, error)})` });
    }
    if (fileStamp(this.file) !== this.stamp) {
      const message =
        'the database file was written while it was read (OpenCode checkpointed it, or another program wrote it): ' +
        'what was read may mix its two states, or stop early; read it again to be sure';
      this.warn({ code: 'db_changed_while_read', file: this.file, message });
    }
  }

  /** Runs a query; a failure (a damaged page, a file cut short) stops the reading with an error naming the file. */
  private query<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw new InputUnreadableError(this.file, `SQLite: ${failureReason(this.file, error)}`, { cause: error });
    }
  }

  private objects<S extends z.ZodType>(
    statement: Statement,
    params: SQLiteValue[],
    schema: S,
    table: string,
    ids: (row: Row) => Record<string, unknown>,
  ): Array<Stored<z.infer<S>>> {
    const out: Array<Stored<z.infer<S>>> = [];
    for (const r of this.query(() => allRows(statement, params))) {
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
