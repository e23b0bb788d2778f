import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { fixtureTrees, linesPerStep } from '../support/watch/fixture-trees.js';
import { compareSpans, complete, readWatchOutput } from '../support/watch/span-forms.js';
import { seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatchChild, stopAll, type WatchChild } from '../support/watch/watch-child.js';
import { waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
afterEach(stopAll);

/**
 * A tree written line by line while `agent-otel watch` follows it; the
 * watch is killed with SIGKILL at a seeded step, more lines are written while
 * it is down, it is started again on the same state, the rest is written.
 * Once every session is over it is stopped with SIGTERM. Its JSONL must then
 * hold every span convert gives the finished files, the last form of each
 * equal to convert's, and no span but a session root twice.
 */
async function killAndRestart(source: string, seed: number): Promise<void> {
  const dir = tempDir();
  const src = join(dir, 'src');
  const out = join(dir, 'out');
  mkdirSync(src);
  const args = [src, '--out', out, '--session-idle', '2'];
  const pick = seeded(seed * 7919 + 1);
  let watch: WatchChild = startWatchChild(args);
  await watch.waitForEvent((e) => e.type === 'ready', 'the first backfill');
  let killAt = 0;
  let restartAt = 0;
  await writeTreeSlowly(source, src, {
    random: seeded(seed),
    linesPerStep: linesPerStep(source, 120),
    pauseMs: 15,
    afterStep: async (done, total) => {
      if (killAt === 0) {
        killAt = Math.max(1, Math.floor(total * (0.2 + 0.5 * pick())));
        restartAt = Math.min(total, killAt + 1 + Math.floor(pick() * 15));
      }
      if (done === killAt) {
        watch.kill('SIGKILL');
        expect((await watch.exited).signal).toBe('SIGKILL');
      }
      // Killed and started again at the last step: the lines written while it was down are all there is left.
      if (done === restartAt) watch = startWatchChild(args);
    },
  });
  // The watch started again has read what was written while it was down.
  await watch.waitForEvent((e) => e.type === 'ready', 'the backfill after the restart', 60_000);
  const expected = (await convertToSpans([src])).spans;
  expect(expected.length).toBeGreaterThan(0);
  // Every session over: every span of convert is there in its last form (roots included, sent at the idle timeout).
  await waitUntil(() => complete(readWatchOutput(out).spans, expected), `the watch to send the ${expected.length} spans of convert`, 60_000).catch(() => undefined);
  watch.kill('SIGTERM');
  expect(await watch.exited).toEqual({ code: 0, signal: null });
  const sent = readWatchOutput(out);
  const comparison = compareSpans(sent.spans, expected);
  console.log(
    `watch kill-restart ${source.split('/').slice(-2).join('/')}: killed at step ${killAt}, restarted at ${restartAt}; ` +
      `spans=${expected.length} lines_sent=${sent.spans.length} roots_again=${comparison.rootsAgain} torn_lines=${sent.badLines}`,
  );
  expect({ missing: comparison.missing, extra: comparison.extra, differing: comparison.differing, repeated: comparison.repeated }).toEqual({
    missing: [],
    extra: [],
    differing: [],
    repeated: [],
  });
}

describe('watch killed with SIGKILL mid-way and started again equals convert', () => {
  fixtureTrees().forEach((tree, i) => {
    it(tree.name, { timeout: 240_000 }, async () => {
      await killAndRestart(tree.path, 101 + i);
    });
  });
});
