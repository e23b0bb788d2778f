import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { writeBulkCodexRollout } from '../support/fixtures/codex-bulk-rollout.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { compareSpans, complete, readWatchOutput } from '../support/watch/span-forms.js';
import { seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatchChild, stopAll } from '../support/watch/watch-child.js';
import { waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();
afterEach(stopAll);

/** Fails after `ms`: a generous bound, so that a watch that never exits fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('watch stopped by a signal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s: flushes both sinks, saves the state and exits 0', async (signal) => {
    const otlp = await receiver();
    const dir = tempDir();
    const src = join(dir, 'src');
    const out = join(dir, 'out');
    cpSync(join(FIXTURES, 'claude-code'), join(src, 'backfilled'), { recursive: true });
    const watch = startWatchChild([src, '--out', out, '--endpoint', otlp.url]);
    await watch.waitForEvent((e) => e.type === 'ready', 'the backfill');
    // Lines written while it follows; the signal comes right after the last one, whatever is under way.
    await writeTreeSlowly(join(FIXTURES, 'codex'), join(src, 'followed'), { random: seeded(3), linesPerStep: 4, pauseMs: 10 });
    watch.kill(signal);
    expect(await within(watch.exited, 30_000, 'exit')).toEqual({ code: 0, signal: null });

    const stopped = watch.events.find((e) => e.type === 'stopped');
    expect(stopped).toBeDefined();
    const state = join(out, '.agent-otel-watch', 'watch-state.json');
    expect(existsSync(state)).toBe(true);
    const units = Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { units: Record<string, unknown> }).units);
    expect(units.length).toBeGreaterThan(0);

    // Every span it counted as sent is in the JSONL, and the collector has the same ones.
    const sent = readWatchOutput(out);
    expect(sent.badLines).toBe(0);
    expect(sent.spans.length).toBe(stopped!.spans);
    expect(sent.spans.length).toBeGreaterThan(0);
    const ids = sent.spans.map((s) => s.spanId).sort();
    expect(otlp.acceptedSpans().map((s) => s.spanId).sort()).toEqual(ids);
    // And each is a span convert gives the files as they are.
    const expected = new Set((await convertToSpans([src])).spans.map((s) => s.spanId));
    expect(ids.filter((id) => !expected.has(id))).toEqual([]);
  });

  it('SIGTERM during the backfill: ends it early, saves, exits 0; the next start sends the rest', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    const out = join(dir, 'out');
    mkdirSync(src);
    // Enough sessions that the backfill takes seconds: 120 rollouts of 150 tool calls each.
    for (let i = 0; i < 120; i++) writeBulkCodexRollout(src, 150, `019d0000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    const args = [src, '--out', out, '--session-idle', '1'];
    const lock = join(out, '.agent-otel-watch', 'watch.lock');
    const first = startWatchChild(args);
    // The lock is taken when the backfill starts, after the CLI listens for signals.
    await waitUntil(() => existsSync(lock), 'the watch to take its lock', 30_000);
    first.kill('SIGTERM');
    expect(await within(first.exited, 60_000, 'exit')).toEqual({ code: 0, signal: null });
    expect(first.events.filter((e) => e.type === 'ready'), 'stopped before the backfill was done').toEqual([]);
    const stopped = first.events.find((e) => e.type === 'stopped');
    expect(stopped).toBeDefined();
    const expected = (await convertToSpans([src])).spans;
    const early = readWatchOutput(out);
    expect(early.badLines).toBe(0);
    expect(early.spans.length).toBe(stopped!.spans);
    const sessions = (spans: readonly { traceId: string }[]) => new Set(spans.map((s) => s.traceId)).size;
    expect(sessions(expected)).toBe(120);
    expect(sessions(early.spans), 'sessions were left for the next start').toBeLessThan(120);

    const second = startWatchChild(args);
    await second.waitForEvent((e) => e.type === 'ready', 'the second backfill', 120_000);
    await waitUntil(() => complete(readWatchOutput(out).spans, expected), `the ${expected.length} spans of convert`, 60_000).catch(() => undefined);
    second.kill('SIGTERM');
    expect(await within(second.exited, 60_000, 'exit')).toEqual({ code: 0, signal: null });
    const comparison = compareSpans(readWatchOutput(out).spans, expected);
    expect({ missing: comparison.missing.length, extra: comparison.extra, differing: comparison.differing, repeated: comparison.repeated }).toEqual({
      missing: 0,
      extra: [],
      differing: [],
      repeated: [],
    });
  });
});
