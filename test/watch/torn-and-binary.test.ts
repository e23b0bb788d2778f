import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { seededRandom } from '../support/fixtures/prng.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { compareSpans, complete, isRoot, readWatchOutput } from '../support/watch/span-forms.js';
import { seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatch, waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
const SESSION = join(FIXTURES, 'codex/v0.47/rollout-2025-10-21T20-02-50-019a085e-1c2d-7f81-a09e-4d7c00000047.jsonl');

/** What convert gives a file holding `text` (under the session file's own name). */
async function convertText(text: string): Promise<NormalizedSpan[]> {
  const path = join(tempDir(), basename(SESSION));
  writeFileSync(path, text);
  return (await convertToSpans([path])).spans;
}

/**
 * The last line of `lines` that completes a span other than a root: the
 * spans convert gives with it, in their final form, that it does not give
 * without it.
 */
async function lastCompletingLine(lines: readonly string[]): Promise<{ at: number; completed: NormalizedSpan[] }> {
  const full = (await convertText(lines.join(''))).filter((s) => !isRoot(s));
  for (let at = lines.length - 1; at > 0; at--) {
    const before = await convertText(lines.slice(0, at).join(''));
    const after = await convertText(lines.slice(0, at + 1).join(''));
    const final = (spans: NormalizedSpan[], s: NormalizedSpan) => spans.some((t) => isDeepStrictEqual(t, s));
    const completed = full.filter((s) => final(after, s) && !final(before, s));
    if (completed.length > 0) return { at, completed };
  }
  throw new Error('no line of the session completes a span');
}

describe('watch and input that is not (yet) whole', () => {
  it('a torn last line is waited for, never reported; its span appears once the line is complete', { timeout: 60_000 }, async () => {
    const lines = readFileSync(SESSION, 'utf8').split(/(?<=\n)/);
    const { at, completed } = await lastCompletingLine(lines);
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    const file = join(src, basename(SESSION));
    const run = await startWatch(dir, [src]);
    try {
      const cut = Math.floor(lines[at]!.length / 2);
      writeFileSync(file, lines.slice(0, at).join('') + lines[at]!.slice(0, cut));
      await waitUntil(() => run.handle.stats().spans > 0, 'the spans of the complete lines');
      // A few settle periods with the line still torn.
      await new Promise((r) => setTimeout(r, 500));
      const early = new Set(readWatchOutput(run.out).spans.map((s) => s.spanId));
      expect(completed.filter((s) => early.has(s.spanId)).map((s) => s.name)).toEqual([]);
      appendFileSync(file, lines[at]!.slice(cut) + lines.slice(at + 1).join(''));
      const expected = await convertText(lines.join(''));
      await waitUntil(() => complete(readWatchOutput(run.out).spans, expected), 'every span of convert');
      await run.stop();
      const { missing, extra, differing, repeated } = compareSpans(readWatchOutput(run.out).spans, expected);
      expect({ missing, extra, differing, repeated }).toEqual({ missing: [], extra: [], differing: [], repeated: [] });
      expect(run.warnings.filter((w) => w.code === 'torn_line')).toEqual([]);
    } finally {
      await run.stop();
    }
  });

  it('a binary file dropped into the folder is ignored or warned about once, and the watch goes on', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    const run = await startWatch(dir, [src]);
    try {
      const random = seededRandom(99);
      const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
      const blobs = [join(src, 'image.png'), join(src, 'dump.jsonl'), join(src, 'core.bin')];
      for (const blob of blobs) writeFileSync(blob, Buffer.concat([bytes(4000), Buffer.from('\n'), bytes(3000), Buffer.from('\n')]));
      await writeTreeSlowly(join(FIXTURES, 'codex/v0.47'), join(src, 'session'), { random: seeded(5), pauseMs: 10 });
      for (const blob of blobs) appendFileSync(blob, Buffer.concat([bytes(2000), Buffer.from('\n')]));
      const expected = (await convertToSpans([join(src, 'session')])).spans;
      await waitUntil(() => complete(readWatchOutput(run.out).spans, expected), 'the session written after the binary files');
      await run.stop();
      const { missing, extra, differing, repeated } = compareSpans(readWatchOutput(run.out).spans, expected);
      expect({ missing, extra, differing, repeated }).toEqual({ missing: [], extra: [], differing: [], repeated: [] });
      for (const blob of blobs) {
        const about = run.warnings.filter((w) => w.file === blob);
        expect(about.length, `warnings about ${blob}`).toBeLessThanOrEqual(1);
        for (const w of about) expect(w.code).toMatch(/^(unrecognized|unreadable)$/);
      }
      expect(run.warnings.filter((w) => w.code === 'watch_error' || w.code === 'adapter_error')).toEqual([]);
    } finally {
      await run.stop();
    }
  });
});
