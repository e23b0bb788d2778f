import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOpenCodeStorage } from '../support/expectations/opencode-raw.js';
import { addOpenCodeSession, writeOpenCodeDb } from '../support/fixtures/opencode-db.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { canWriteFromPython, SqliteWriter } from '../support/processes/sqlite-writer.js';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { complete, readWatchOutput } from '../support/watch/span-forms.js';
import { startWatch, waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
const raw = loadOpenCodeStorage(join(import.meta.dirname, '../fixtures/opencode/storage'));

describe('watch of an opencode.db that OpenCode writes in WAL mode', () => {
  it('maps the database again when only its -wal file changed', { timeout: 60_000 }, async (ctx) => {
    if (!canWriteFromPython('watch of opencode.db in WAL mode')) ctx.skip();
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    const db = join(src, 'opencode.db');
    writeOpenCodeDb(db, raw);
    const writer = await SqliteWriter.open(db);
    const run = await startWatch(dir, [src]);
    try {
      const first = (await convertToSpans([db])).spans;
      await waitUntil(() => complete(readWatchOutput(run.out).spans, first), 'the sessions of the database');
      const main = statSync(db).mtimeMs;
      await addOpenCodeSession(writer, 'ses_wal', 1_900_000_000_000, 'only in the wal');
      // OpenCode's write went to the -wal file alone.
      expect(statSync(db).mtimeMs).toBe(main);
      expect(readFileSync(db).includes('ses_wal')).toBe(false);
      const expected = (await convertToSpans([db])).spans;
      expect(expected.filter((s) => s.attributes['gen_ai.conversation.id'] === 'ses_wal').length).toBeGreaterThan(0);
      await waitUntil(() => complete(readWatchOutput(run.out).spans, expected), 'the session only in the -wal file');
      expect(run.warnings.filter((w) => w.code !== 'invalid_json')).toEqual([]);
    } finally {
      await run.stop();
      await writer.close();
    }
  });
});
