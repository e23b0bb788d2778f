import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { countingAdapter } from '../support/watch/counting-adapter.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { compareSpans, complete, readWatchOutput } from '../support/watch/span-forms.js';
import { seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatch, waitUntil, type WatchRun } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();

describe('watch resumes from its state', () => {
  it('stopped mid-way, lines appended meanwhile, started again: only new spans are sent, and the end equals convert', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    let run: WatchRun | undefined = await startWatch(dir, [src]);
    const restarts: number[] = [];
    try {
      await writeTreeSlowly(join(FIXTURES, 'codex'), src, {
        random: seeded(12),
        pauseMs: 10,
        afterStep: async (done, total) => {
          // Stopped at a third and at two thirds of the way, each time for a few steps.
          if (run && (done === Math.floor(total / 3) || done === Math.floor((2 * total) / 3))) {
            await run.stop();
            run = undefined;
            restarts.push(done + 5);
          } else if (!run && done === restarts.at(-1)) run = await startWatch(dir, [src]);
        },
      });
      run ??= await startWatch(dir, [src]);
      const expected = (await convertToSpans([src])).spans;
      const out = join(dir, 'out');
      await waitUntil(() => complete(readWatchOutput(out).spans, expected), 'every span of convert').catch(() => undefined);
      await run.stop();
      expect(restarts).toHaveLength(2);
      const { missing, extra, differing, repeated } = compareSpans(readWatchOutput(out).spans, expected);
      expect({ missing, extra, differing, repeated }).toEqual({ missing: [], extra: [], differing: [], repeated: [] });
    } finally {
      await run?.stop();
    }
  });

  it('a unit unchanged since the last run is not read again and sends nothing', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    cpSync(join(FIXTURES, 'codex'), src, { recursive: true });
    const expected = (await convertToSpans([src])).spans;
    const first = countingAdapter('codex');
    const run = await startWatch(dir, [src], { adapters: [first.adapter] });
    // Every session over (idle) and sent.
    await waitUntil(() => run.handle.stats().open === 0 && complete(readWatchOutput(run.out).spans, expected), 'every session to be over');
    await run.stop();
    expect(first.reads.length).toBeGreaterThan(0);
    const before = readWatchOutput(run.out).spans.length;

    const second = countingAdapter('codex');
    const again = await startWatch(dir, [src], { adapters: [second.adapter] });
    try {
      // Long enough for the idle check to run a few times.
      await sleep(2000);
      expect(again.events.find((e) => e.type === 'ready')).toMatchObject({ spans: 0 });
      expect(again.handle.stats().spans).toBe(0);
      expect(second.reads).toEqual([]);
    } finally {
      await again.stop();
    }
    expect(readWatchOutput(run.out).spans.length).toBe(before);
  });
});
