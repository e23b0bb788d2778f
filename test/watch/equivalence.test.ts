import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Warning } from '../../src/core/diagnostics.js';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { listTree, seeded, writeTreeSlowly } from '../support/watch/tree-writer.js';
import { startWatch, waitUntil } from '../support/watch/watch-run.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const tempDir = useTempDirs();

/** The spans of a JSONL output by span id, the last form sent winning, and the ids sent more than once. */
export function lastForms(spans: readonly NormalizedSpan[]): { byId: Map<string, NormalizedSpan>; repeated: NormalizedSpan[] } {
  const byId = new Map<string, NormalizedSpan>();
  const repeated: NormalizedSpan[] = [];
  for (const span of spans) {
    if (byId.has(span.spanId)) repeated.push(span);
    byId.set(span.spanId, span);
  }
  return { byId, repeated };
}

/**
 * The contract of watch: a tree written line by line while watch follows it
 * ends with exactly the spans convert gives the finished files, span by span,
 * each sent once; only a session root may be sent again, with a later end
 * (a session that recorded its end and then went on).
 */
async function expectWatchEqualsConvert(source: string, linesPerStep: number, seed: number, sessionIdleMs = 1500): Promise<void> {
  const dir = tempDir();
  const src = join(dir, 'src');
  mkdirSync(src);
  const run = await startWatch(dir, [src], { sessionIdleMs });
  try {
    await writeTreeSlowly(source, src, { random: seeded(seed), linesPerStep, pauseMs: 15 });
    const expected = await convertToSpans([src]);
    expect(expected.spans.length).toBeGreaterThan(0);
    const want = new Map(expected.spans.map((s) => [s.spanId, s]));
    // Every session over (idle) and every span convert gives in the output: which forms they have is checked below.
    const sentIds = () => (existsSync(run.out) ? new Set(readJsonlSpans(run.out).map((s) => s.spanId)) : new Set<string>());
    await waitUntil(() => run.handle.stats().open === 0 && [...want.keys()].every((id) => sentIds().has(id)), `watch to send ${want.size} spans`).catch(
      () => undefined,
    );
    await run.stop();
    if (process.env.WATCH_DEBUG) console.log(JSON.stringify(run.events), JSON.stringify(run.warnings), run.handle.stats());
    const { byId, repeated } = lastForms(readJsonlSpans(run.out));
    const extra = [...byId.values()].filter((s) => !want.has(s.spanId)).map((s) => `${s.name} ${s.traceId} ${s.parentSpanId} ${String(s.attributes['agent_otel.session.id'] ?? s.attributes['gen_ai.conversation.id'] ?? '')}`);
    const missing = [...want.values()].filter((s) => !byId.has(s.spanId)).map((s) => `${s.name} ${s.traceId} ${s.parentSpanId}`);
    expect({ extra, missing }).toEqual({ extra: [], missing: [] });
    for (const [id, span] of want) expect(byId.get(id), `span ${span.name} ${id}`).toEqual(span);
    const twice = repeated.filter((s) => !s.name.startsWith('invoke_agent'));
    if (process.env.WATCH_DEBUG && twice.length > 0) {
      const all = readJsonlSpans(run.out);
      for (const span of twice.slice(0, 2)) {
        const forms = all.filter((s) => s.spanId === span.spanId);
        const [a, b] = forms;
        const keys = new Set([...Object.keys(a!.attributes), ...Object.keys(b!.attributes)]);
        const diff = [...keys].filter((k) => JSON.stringify(a!.attributes[k]) !== JSON.stringify(b!.attributes[k])).map((k) => `${k}: ${JSON.stringify(a!.attributes[k])} -> ${JSON.stringify(b!.attributes[k])}`);
        console.log('TWICE', span.name, span.spanId, a!.parentSpanId, b!.parentSpanId, String(a!.endTimeUnixNano), String(b!.endTimeUnixNano), diff, JSON.stringify(a!.resource) === JSON.stringify(b!.resource));
      }
    }
    expect(twice.map((s) => `${s.name} ${s.spanId}`)).toEqual([]);
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

const seedFormats = sharedFixture('seed-formats');
const real = sharedFixture('real');
describe.skipIf(!seedFormats && !real)('watch equals convert on the shared fixtures', () => {
  const cases = [
    ...(seedFormats ? readdirSync(seedFormats).filter((n) => !n.includes('.')).map((n) => join(seedFormats, n)) : []),
    ...(real ? ['claude-code', 'codex', 'copilot-cli', 'gemini'].map((n) => join(real, n)).filter((p) => existsSync(p)) : []),
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
