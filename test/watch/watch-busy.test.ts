import { cpSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchBusyError } from '../../src/core/errors.js';
import { JsonlFileExporter } from '../../src/exporters/jsonl/jsonl-file-exporter.js';
import { watch } from '../../src/watch/watch.js';
import { STATE_FILE } from '../../src/watch/watch-state.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { startWatch } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();

describe('one watch per state folder', () => {
  it('a second watch on the same state stops with AGENT_OTEL_WATCH_BUSY and leaves the first one’s state alone', async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    cpSync(join(FIXTURES, 'codex'), src, { recursive: true });
    const first = await startWatch(dir, [src]);
    try {
      const state = join(dir, 'state', STATE_FILE);
      const before = readFileSync(state, 'utf8');
      const inode = statSync(state).ino;
      expect((JSON.parse(before) as { units: object }).units).not.toEqual({});
      const exporter = new JsonlFileExporter({ path: join(dir, 'second-out') });
      const second = watch({ inputs: [src], exporter, stateDir: join(dir, 'state') });
      await expect(second).rejects.toBeInstanceOf(WatchBusyError);
      await expect(second).rejects.toMatchObject({ code: 'AGENT_OTEL_WATCH_BUSY' });
      await exporter.shutdown();
      // Not written again at all (a state file is replaced whole, so a write would change its inode).
      expect(statSync(state).ino).toBe(inode);
      expect(readFileSync(state, 'utf8')).toBe(before);
      // The first watch still holds its lock and goes on.
      expect(first.handle.stats().units).toBeGreaterThan(0);
    } finally {
      await first.stop();
    }
  });
});
