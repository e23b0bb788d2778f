import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLibrary, REPO } from './library.mjs';

/**
 * The baseline of the OpenCode SQLite benchmark: the OpenCode adapter with the
 * reader it had before, sql.js, which loads the whole database file into
 * WebAssembly memory. A copy of that reader's logic (same queries, same
 * parsing), plugged into the built adapter's `storeEvents` as a user adapter
 * replacing the built-in one. Undefined when sql.js is not installed.
 */
export async function sqlJsOpenCodeAdapter() {
  const specifier = 'sql.js'; // not a dependency of the library: only this baseline uses it
  let initSqlJs;
  try {
    initSqlJs = (await import(specifier)).default;
  } catch {
    return undefined;
  }
  const SQL = await initSqlJs();
  const lib = await loadLibrary();
  const internal = (name) => import(pathToFileURL(join(REPO, 'dist/adapters/opencode', name)).href);
  const { storeEvents } = await internal('convert.js');
  const schemas = await internal('schema.js');
  const builtin = lib.adapterFor('opencode');
  if (!builtin) throw new Error('the built library has no opencode adapter');
  return {
    ...builtin,
    async *read(unit, ctx) {
      for (const file of unit.files) {
        const store = await SqlJsStore.open(SQL, schemas, lib.parseRecord, file, ctx.warn);
        try {
          yield* storeEvents(store, ctx.warn);
        } finally {
          store.close();
        }
      }
    },
  };
}

class SqlJsStore {
  static async open(SQL, schemas, parseRecord, file, warn) {
    const db = new SQL.Database(await readFile(file));
    return new SqlJsStore(db, schemas, parseRecord, file, warn);
  }

  constructor(db, schemas, parseRecord, file, warn) {
    this.db = db;
    this.schemas = schemas;
    this.parseRecord = parseRecord;
    this.file = file;
    this.warn = warn;
  }

  async sessions() {
    const out = [];
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
      const session = this.parseRecord(this.schemas.OpenCodeSession, value, { file: this.file }, this.warn);
      if (session) out.push({ value: session, source: { file: this.file, line: 0 } });
    }
    return out;
  }

  async messages(sessionId) {
    const sql = 'SELECT id, session_id, time_created, data FROM message WHERE session_id = ? ORDER BY time_created, id';
    return this.objects(sql, [sessionId], this.schemas.OpenCodeMessage, (r) => ({ id: r.id, sessionID: r.session_id }));
  }

  async parts(messageId) {
    const sql = 'SELECT id, message_id, session_id, data FROM part WHERE message_id = ? ORDER BY id';
    return this.objects(sql, [messageId], this.schemas.OpenCodePart, (r) => ({ id: r.id, messageID: r.message_id, sessionID: r.session_id }));
  }

  close() {
    this.db.close();
  }

  objects(sql, params, schema, ids) {
    const out = [];
    for (const r of rows(this.db, sql, params)) {
      let data;
      try {
        data = JSON.parse(String(r.data));
      } catch {
        this.warn({ code: 'invalid_json', file: this.file, message: `${String(r.id)}: data is not valid JSON; skipped` });
        continue;
      }
      const value = this.parseRecord(schema, { ...data, ...ids(r) }, { file: this.file }, this.warn);
      if (value !== undefined) out.push({ value, source: { file: this.file, line: 0 } });
    }
    return out;
  }
}

function rows(db, sql, params = []) {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out = [];
    while (statement.step()) out.push(statement.getAsObject());
    return out;
  } finally {
    statement.free();
  }
}
