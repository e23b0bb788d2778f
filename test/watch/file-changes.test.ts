import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { compareSpans, complete, readWatchOutput } from '../support/watch/span-forms.js';
import { seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatch, waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
const FIRST = join(FIXTURES, 'codex/v0.47/rollout-2025-10-21T20-02-50-019a085e-1c2d-7f81-a09e-4d7c00000047.jsonl');
const NEXT = join(FIXTURES, 'codex/v0.104');

type Change = 'deleted' | 'truncated' | 'replaced';

/** Does to `file` what the change names; the file is left with whole lines. */
function change(file: string, what: Change): void {
  const text = readFileSync(file);
  if (what === 'deleted') rmSync(file);
  else if (what === 'truncated') truncateSync(file, text.indexOf('\n', Math.floor(text.length / 2)) + 1);
  else {
    copyFileSync(file, `${file}.new`);
    renameSync(`${file}.new`, file);
  }
}

describe('a file changed under watch other than by appending', () => {
  it.each(['deleted', 'truncated', 'replaced'] as const)('%s: reported once, and the watch goes on following the other files', { timeout: 60_000 }, async (what) => {
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    const file = join(src, basename(FIRST));
    copyFileSync(FIRST, file);
    const run = await startWatch(dir, [src]);
    try {
      expect(run.handle.stats().spans).toBeGreaterThan(0);
      change(file, what);
      // Another session written line by line after the change; then the first file goes on growing (when it is still there).
      await writeTreeSlowly(NEXT, join(src, 'next'), { random: seeded(8), pauseMs: 10 });
      if (what !== 'deleted') appendFileSync(file, readFileSync(FIRST).subarray(readFileSync(file).length));
      const expected = (await convertToSpans([join(src, 'next')])).spans;
      await waitUntil(() => complete(readWatchOutput(run.out).spans, expected), 'the session written after the change');
      await waitUntil(() => run.warnings.some((w) => w.code === `file_${what}`), `the ${what} file to be reported`);
      await run.stop();
      expect(run.warnings.filter((w) => w.code.startsWith('file_')).map((w) => [w.code, w.file])).toEqual([[`file_${what}`, file]]);
      expect(run.events.filter((e) => e.type === 'file')).toEqual([{ type: 'file', path: file, change: what }]);
      expect(run.warnings.filter((w) => w.code === 'watch_error')).toEqual([]);
      const { missing, differing } = compareSpans(readWatchOutput(run.out).spans, expected);
      expect({ missing, differing }).toEqual({ missing: [], differing: [] });
    } finally {
      await run.stop();
    }
  });
});
