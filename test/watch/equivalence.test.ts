import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warning } from '../../src/core/diagnostics.js';
import type { WatchOptions } from '../../src/watch/watch-options.js';
import { describe, expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { compareSpans, complete, readWatchOutput } from '../support/watch/span-forms.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { listTree, seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatch, waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();

/**
 * The files of a tree in the order their agent writes them, where their records carry no time to
 * merge them by: Aider logs a response in its LLM history before it reports the call in its chat history.
 */
function writeOrder(source: string): string[] {
  const files = listTree(source);
  const llmFirst = (f: string) => (f.endsWith('.aider.llm.history') ? 0 : 1);
  return [...files].sort((a, b) => llmFirst(a) - llmFirst(b));
}

/**
 * The contract of watch: a tree written line by line while watch follows it
 * ends with exactly the spans convert gives the finished files, span by span,
 * each sent once; only a session root may be sent again, with a later end
 * (a session that recorded its end and then went on).
 */
async function expectWatchEqualsConvert(
  source: string,
  linesPerStep: number,
  seed: number,
  sessionIdleMs = 1500,
  mapper?: WatchOptions['mapper'],
): Promise<void> {
  const dir = tempDir();
  const src = join(dir, 'src');
  mkdirSync(src);
  const run = await startWatch(dir, [src], { sessionIdleMs, ...(mapper ? { mapper } : {}) });
  try {
    await writeTreeSlowly(source, src, { random: seeded(seed), linesPerStep, pauseMs: 15, files: writeOrder(source) });
    const expected = await convertToSpans([src], mapper);
    expect(expected.spans.length).toBeGreaterThan(0);
    // Every session over (idle) and every span of convert's in its final form: repeats are checked below.
    await waitUntil(() => run.handle.stats().open === 0 && complete(readWatchOutput(run.out).spans, expected.spans), 'every span of convert').catch(
      () => undefined,
    );
    await run.stop();
    // Only a root may be sent again (rootsAgain), with a later end: a session that recorded its end and went on.
    const { missing, extra, differing, repeated } = compareSpans(readWatchOutput(run.out).spans, expected.spans);
    expect({ missing, extra, differing, repeated }).toEqual({ missing: [], extra: [], differing: [], repeated: [] });
    // A line being written is waited for, a file caught half written raises nothing: watch reports what
    // convert reports of the finished files (a last line torn there included), each once.
    const where = (ws: readonly Warning[]) => [...new Set(ws.map((w) => `${w.code} ${w.file}:${w.line ?? ''}`))].sort();
    expect(where(run.warnings)).toEqual(where(expected.warnings));
  } finally {
    await run.stop();
  }
}

describe('watch equals convert on files written line by line', () => {
  for (const format of readdirSync(FIXTURES).sort()) {
    it(`${format} fixtures`, { timeout: 120_000 }, async () => {
      await expectWatchEqualsConvert(join(FIXTURES, format), 1, format.length);
    });
  }
});

// With content capture on, a chat span's messages depend only on the records before it: the same under watch.
describe('watch equals convert with content capture on', () => {
  for (const format of readdirSync(FIXTURES).sort()) {
    it(`${format} fixtures`, { timeout: 120_000 }, async () => {
      await expectWatchEqualsConvert(join(FIXTURES, format), 1, format.length + 1, 1500, { content: { capture: true } });
    });
  }
});

const seedFormats = sharedFixture('seed-formats');
const real = sharedFixture('real');
describe.skipIf(!seedFormats && !real)('watch equals convert on the shared fixtures', () => {
  const cases = [
    ...(seedFormats ? readdirSync(seedFormats).filter((n) => !n.includes('.')).map((n) => join(seedFormats, n)) : []),
    ...(real ? ['claude-code', 'codex', 'copilot-cli', 'gemini', 'kimi-code', 'aider', 'cline', 'roo-code'].map((n) => join(real, n)).filter((p) => existsSync(p)) : []),
  ];
  for (const source of cases) {
    it(source.split('/').slice(-2).join('/'), { timeout: 300_000 }, async () => {
      // About 200 steps per tree, whatever its size.
      const lines = listTree(source).reduce((n, f) => n + readFileSync(join(source, f), 'utf8').split('\n').length, 0);
      // Sessions of real logs wait on each other (a parent on its subagents): none may go idle mid-way here.
      await expectWatchEqualsConvert(source, Math.max(1, Math.ceil(lines / 200)), 7, 8000);
    });
  }
});
