import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceUnit } from '../../src/adapters/adapter.js';
import { openCodeAdapter } from '../../src/adapters/opencode/index.js';
import { SqliteStore } from '../../src/adapters/opencode/sqlite-store.js';
import { readUnit } from '../../src/adapters/read-unit.js';
import type { Warning } from '../../src/core/diagnostics.js';
import type { AgentEvent } from '../../src/model/events.js';
import { loadOpenCodeStorage } from '../support/expectations/opencode-raw.js';
import { addOpenCodeSession, writeOpenCodeDb } from '../support/fixtures/opencode-db.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { canWriteFromPython, SqliteWriter } from '../support/processes/sqlite-writer.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';

const storage = join(import.meta.dirname, '../fixtures/opencode/storage');
const raw = loadOpenCodeStorage(storage);
const strip = (events: AgentEvent[]) => events.map(({ source: _source, ...rest }) => rest);
const tempDir = useTempDirs();

/** The fixture storage as an `opencode.db` in a fresh folder, plus one part whose JSON is cut short. */
function fixtureDb(): string {
  const file = join(tempDir(), 'opencode.db');
  writeOpenCodeDb(file, raw, (db) => {
    db.run('INSERT INTO part VALUES (?,?,?,?,?,?)', ['prt_a04_07', 'msg_a04', raw.sessions[0]!.id, 0, 0, '{"type": "text", "text": "cut']);
  });
  return file;
}

/** Every file of a folder with its bytes. */
function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

/** The unit's events read as convert reads them (a failure part way is a warning), with the warnings. */
async function readAll(file: string, onEvent?: (event: AgentEvent, index: number) => Promise<void>) {
  const warnings: Warning[] = [];
  const events: AgentEvent[] = [];
  const unit: SourceUnit = { format: 'opencode', label: file, files: [file], hints: { kind: 'sqlite' } };
  for await (const event of readUnit(openCodeAdapter, unit, { warn: (w) => warnings.push(w) })) {
    events.push(event);
    await onEvent?.(event, events.length - 1);
  }
  return { events, warnings };
}

describe('opencode adapter: SQLite opencode.db', () => {
  it('detects OpenCode databases by header and schema, not other SQLite files', async () => {
    const file = fixtureDb();
    const other = join(tempDir(), 'other.db');
    writeOpenCodeDb(other, { sessions: [], messages: new Map(), parts: new Map() });
    const otherBytes = readFileSync(other);
    // A database with other tables only: the OpenCode schema text replaced by one of the same length.
    writeFileSync(other, Buffer.from(otherBytes.toString('latin1').replaceAll('session_id', 'sessionXid').replaceAll('`part`', '`trap`'), 'latin1'));
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(openCodeAdapter.detect(probeFile(file))).toBe(true);
    expect(openCodeAdapter.detect(probeFile(other))).toBe(false);
  });

  it('yields the same events as the JSON storage holding the same data, and leaves the folder as it was', async () => {
    const file = fixtureDb();
    const dir = join(file, '..');
    const before = snapshot(dir);
    const fromDb = await collectEvents(openCodeAdapter, [file]);
    const fromJson = await collectEvents(openCodeAdapter, [storage]);
    expect(strip(fromDb.events)).toEqual(strip(fromJson.events));
    expect(fromDb.events.every((e) => e.source?.file === file)).toBe(true);
    expect(fromDb.warnings).toEqual([
      expect.objectContaining({ code: 'invalid_json', file, message: expect.stringContaining('part prt_a04_07') }),
    ]);
    // Read-only: no byte changed, no -journal, -wal or .lock left behind.
    expect(snapshot(dir)).toEqual(before);
  });

  it('warns and emits nothing for a SQLite file without OpenCode tables', async () => {
    const file = join(tempDir(), 'notes.db');
    writeOpenCodeDb(file, { sessions: [], messages: new Map(), parts: new Map() }, (db) => db.exec('DROP TABLE part; DROP TABLE message'));
    const { events, warnings } = await collectEvents(openCodeAdapter, [file], { skipDetect: true });
    expect(events).toHaveLength(0);
    expect(warnings).toEqual([expect.objectContaining({ code: 'not_opencode_db', file, message: expect.stringContaining('no message, part table') })]);
  });

  it('names the file when it is not a database, and when it stays locked', { timeout: 30_000 }, async () => {
    const junk = join(tempDir(), 'opencode.db');
    writeFileSync(junk, 'SQLite format 3\u0000'.padEnd(4096, 'x'));
    const locked = fixtureDb();
    mkdirSync(`${locked}.lock`);
    const notDb = await collectEvents(openCodeAdapter, [junk], { skipDetect: true });
    const busy = await collectEvents(openCodeAdapter, [locked], { skipDetect: true });
    expect(notDb.events).toHaveLength(0);
    expect(notDb.warnings).toEqual([expect.objectContaining({ code: 'unreadable_db', file: junk, message: expect.stringContaining('not a database') })]);
    expect(busy.events).toHaveLength(0);
    expect(busy.warnings).toEqual([
      expect.objectContaining({ code: 'unreadable_db', file: locked, message: expect.stringContaining(`${locked}.lock is left over`) }),
    ]);
    expect(existsSync(`${locked}.lock`)).toBe(true); // someone else's lock: not removed
  });

  it('waits for another reader of the same database to finish', async () => {
    const file = fixtureDb();
    const first = await SqliteStore.open(file, () => undefined);
    expect(first).toBeDefined();
    expect(existsSync(`${file}.lock`)).toBe(true);
    const second = collectEvents(openCodeAdapter, [file]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    first!.close();
    const { events, warnings } = await second;
    expect(ofType(events, 'session.start')).toHaveLength(raw.sessions.length);
    expect(warnings.map((w) => w.code)).toEqual(['invalid_json']);
  });

  it('stops with a warning naming the file when pages are damaged part way', async () => {
    const file = join(tempDir(), 'opencode.db');
    // Many parts after the fixture's: the part table's pages fill the second half of the file, which is then overwritten.
    writeOpenCodeDb(file, raw, (db) => {
      const message = raw.messages.get(raw.sessions[0]!.id)![0]!;
      for (let i = 0; i < 400; i++) {
        db.run('INSERT INTO part VALUES (?,?,?,?,?,?)', [`prt_zz_${i}`, message.id, message.sessionID, 0, 0, JSON.stringify({ type: 'text', text: 'x'.repeat(3000) })]);
      }
    });
    const bytes = readFileSync(file);
    bytes.fill(0x55, Math.floor(bytes.length / 2));
    writeFileSync(file, bytes);
    const { events, warnings } = await readAll(file);
    expect(ofType(events, 'session.start')[0]?.sessionId).toBe(raw.sessions[0]!.id);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'adapter_error', file, message: expect.stringContaining(`cannot read ${file}: SQLite: database disk image is malformed`) }),
    ]);
  });
});

describe('opencode adapter: an opencode.db in WAL mode that another process writes', () => {
  let python = false;
  beforeAll(() => {
    python = canWriteFromPython('opencode.db in WAL mode');
  });

  it('reads what is still in the -wal file, as it stood when opened, while the writer goes on', async (ctx) => {
    if (!python) ctx.skip();
    const file = fixtureDb();
    const writer = await SqliteWriter.open(file);
    try {
      await addOpenCodeSession(writer, 'ses_wal', 1_900_000_000_000, 'only in the wal');
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
      expect(readFileSync(file).includes('ses_wal')).toBe(false);
      const { events, warnings } = await readAll(file, async (_event, index) => {
        if (index === 0) await addOpenCodeSession(writer, 'ses_late', 1_900_000_001_000, 'written while read');
      });
      const sessions = ofType(events, 'session.start').map((s) => s.sessionId);
      expect(sessions).toEqual([...raw.sessions.map((s) => s.id), 'ses_wal']);
      expect(ofType(events, 'message').find((m) => m.sessionId === 'ses_wal')).toMatchObject({ role: 'user', content: 'only in the wal' });
      expect(warnings.map((w) => w.code)).toEqual(['invalid_json']);
      expect(existsSync(`${file}.lock`)).toBe(false);
    } finally {
      await writer.close();
    }
  });

  it('warns when a checkpoint wrote the main file while it was read', async (ctx) => {
    if (!python) ctx.skip();
    const file = fixtureDb();
    const writer = await SqliteWriter.open(file);
    try {
      await addOpenCodeSession(writer, 'ses_wal', 1_900_000_000_000, 'only in the wal');
      const { warnings } = await readAll(file, async (_event, index) => {
        if (index === 0) await writer.run('PRAGMA wal_checkpoint(TRUNCATE)');
      });
      expect(warnings).toContainEqual(expect.objectContaining({ code: 'db_changed_while_read', file }));
      // Pages the checkpoint moved out of the -wal file may be gone: then the reading stops, naming the file.
      for (const w of warnings.filter((w) => w.code === 'adapter_error')) expect(w.message).toContain(`cannot read ${file}: SQLite:`);
      expect(existsSync(`${file}.lock`)).toBe(false);
    } finally {
      await writer.close();
    }
  });
});
