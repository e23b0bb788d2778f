import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_FILE } from '../../src/watch/watch-state.js';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { compareSpans, complete, readWatchOutput } from '../support/watch/span-forms.js';
import { seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatch, waitUntil, type WatchRun } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
const GARBAGE = Buffer.from([0x7b, 0x22, 0x00, 0xff, 0xfe, 0x0a, 0x5b]);

describe('watch over a corrupt state', () => {
  it('watch-state.json garbage: a state_corrupt warning naming it, and the watch starts over and goes on', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    cpSync(join(FIXTURES, 'codex/v0.47'), src, { recursive: true });
    const first = await startWatch(dir, [src]);
    await first.stop();
    const path = join(dir, 'state', STATE_FILE);
    writeFileSync(path, GARBAGE);
    const run = await startWatch(dir, [src]);
    try {
      expect(run.warnings.filter((w) => w.code === 'state_corrupt')).toEqual([
        expect.objectContaining({ file: path, message: expect.stringContaining('starting over') }),
      ]);
      // It goes on: a session written now is followed.
      await writeTreeSlowly(join(FIXTURES, 'codex/v0.104'), join(src, 'next'), { random: seeded(4), pauseMs: 10 });
      const expected = (await convertToSpans([src])).spans;
      await waitUntil(() => complete(readWatchOutput(run.out).spans, expected), 'every span of convert');
    } finally {
      await run.stop();
    }
  });

  it('a ledger file garbage: a state_corrupt warning naming it; that unit starts over and ends complete', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    const ledgers = join(dir, 'state', 'ledgers');
    let run: WatchRun | undefined = await startWatch(dir, [src]);
    const spoiled: string[] = [];
    try {
      await writeTreeSlowly(join(FIXTURES, 'codex'), src, {
        random: seeded(6),
        pauseMs: 10,
        afterStep: async (done, total) => {
          // Once past half way, at the first step where some unit has a ledger.
          if (spoiled.length > 0 || done < total / 2 || readdirSync(ledgers).length === 0) return;
          await run!.stop();
          for (const name of readdirSync(ledgers)) {
            writeFileSync(join(ledgers, name), GARBAGE);
            spoiled.push(join(ledgers, name));
          }
          run = await startWatch(dir, [src]);
        },
      });
      expect(spoiled.length).toBeGreaterThan(0);
      const expected = (await convertToSpans([src])).spans;
      await waitUntil(() => complete(readWatchOutput(run!.out).spans, expected), 'every span of convert');
      // Each ledger read again is reported, naming its file (a unit over and never touched again does not read its ledger).
      const reported = run.warnings.filter((w) => w.code === 'state_corrupt').map((w) => w.file);
      expect(reported.length).toBeGreaterThan(0);
      expect(reported.filter((file) => !spoiled.includes(file!))).toEqual([]);
      expect(new Set(reported).size).toBe(reported.length);
      const { missing, extra, differing } = compareSpans(readWatchOutput(run.out).spans, expected);
      expect({ missing, extra, differing }).toEqual({ missing: [], extra: [], differing: [] });
    } finally {
      await run?.stop();
    }
  });
});
