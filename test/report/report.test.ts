import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, type ReportResult } from '../../src/report/report.js';
import type { ReportRow } from '../../src/report/report-row.js';
import { convertToJsonlFile } from '../support/runs/convert-jsonl.js';
import { expectedReport, nearestRank, rawSpans, type ExpectedRow, type Grouping, type TracesLine } from '../support/expectations/report-raw.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const GROUPINGS: Grouping[] = ['day', 'week', 'month', 'session', 'agent', 'model', 'tool'];

/** A row checked against the figures worked out from the raw lines. */
function expectRow(row: ReportRow, want: ExpectedRow, hasCost = true): void {
  expect({
    sessions: row.sessions,
    subagents: row.subagents,
    calls: row.calls,
    inputTokens: row.inputTokens,
    uncachedInputTokens: row.uncachedInputTokens,
    cacheReadTokens: row.cacheReadTokens,
    cacheWriteTokens: row.cacheWriteTokens,
    outputTokens: row.outputTokens,
    reasoningTokens: row.reasoningTokens,
    unpricedCalls: row.unpricedCalls,
    toolCalls: row.toolCalls,
    toolFailures: row.toolFailures,
  }).toEqual({
    sessions: want.sessions,
    subagents: want.subagents,
    calls: want.calls,
    inputTokens: want.inputTokens,
    uncachedInputTokens: want.uncachedInputTokens,
    cacheReadTokens: want.cacheReadTokens,
    cacheWriteTokens: want.cacheWriteTokens,
    outputTokens: want.outputTokens,
    reasoningTokens: want.reasoningTokens,
    unpricedCalls: want.unpricedCalls,
    toolCalls: want.toolCalls,
    toolFailures: want.toolFailures,
  });
  if (hasCost) expect(row.costUsd).toBeCloseTo(want.costUsd, 9);
  else expect(row.costUsd).toBeNull();
  expect(row.failureRate).toBe(want.toolCalls > 0 ? want.toolFailures / want.toolCalls : null);
  if (want.durations.length === 0) expect(row.toolDurationMs).toBeNull();
  else {
    const d = row.toolDurationMs!;
    expect(d.max).toBeCloseTo(want.durations.at(-1)!, 3);
    // The sketch's promise: within 1% of the value of that rank.
    for (const [q, got] of [[0.5, d.p50], [0.95, d.p95]] as const) {
      const exact = nearestRank(want.durations, q);
      expect(Math.abs(got - exact)).toBeLessThanOrEqual(exact * 0.01 + 0.001);
    }
  }
}

describe('report', () => {
  let converted: Awaited<ReturnType<typeof convertToJsonlFile>>;
  let text: string;
  beforeAll(async () => {
    converted = await convertToJsonlFile([FIXTURES]);
    text = readFileSync(converted.file, 'utf8');
  });
  afterAll(() => converted.cleanup());

  it.each(GROUPINGS)('--by %s: every row and the total as worked out from the raw lines', async (by) => {
    const spans = rawSpans(text);
    const want = expectedReport(spans, by);
    const result = await report({ inputs: [converted.file], by });
    expect(result.rows.map((r) => r.key).sort()).toEqual([...want.rows.keys()].sort());
    for (const row of result.rows) expectRow(row, want.rows.get(row.key)!);
    expectRow(result.total, want.total);
    expect(result.total.key).toBe('total');
    // The fixtures have sessions, subagents, calls, tool failures and unpriced calls: every figure is exercised.
    for (const figure of ['sessions', 'subagents', 'calls', 'toolFailures', 'unpricedCalls', 'reasoningTokens'] as const) expect(want.total[figure]).toBeGreaterThan(0);
  });

  it('rows come in order: time buckets ascending', async () => {
    const result = await report({ inputs: [converted.file], by: 'day' });
    const keys = result.rows.map((r) => r.key);
    expect(keys).toEqual([...keys].sort());
    expect(keys.length).toBeGreaterThan(5);
  });

  it('--since and --until keep the spans that start in between', async () => {
    const spans = rawSpans(text);
    const starts = spans.map((s) => Number(s.startNs / 1_000_000n)).sort((a, b) => a - b);
    const since = starts[Math.floor(starts.length / 4)]!;
    const until = starts[Math.floor((3 * starts.length) / 4)]!;
    const kept = spans.filter((s) => Number(s.startNs) / 1e6 >= since && Number(s.startNs) / 1e6 < until);
    expect(kept.length).toBeLessThan(spans.length);
    const result = await report({ inputs: [converted.file], by: 'agent', since, until });
    const want = expectedReport(kept, 'agent');
    expect(result.rows.map((r) => r.key).sort()).toEqual([...want.rows.keys()].sort());
    for (const row of result.rows) expectRow(row, want.rows.get(row.key)!);
    expectRow(result.total, want.total);
    expect(result.filteredSpans).toBe(spans.length - kept.length);
    expect(result.since).toBe(new Date(since).toISOString());
  });

  it('says how many calls are unpriced, and of which models, instead of counting them as 0', async () => {
    const spans = rawSpans(text);
    const chats = spans.filter((s) => s.attrs.get('gen_ai.operation.name') === 'chat');
    const unpriced = chats.filter((s) => s.attrs.get('agent_otel.usage.cost.unpriced') === true);
    expect(unpriced.length).toBeGreaterThan(0);
    const result = await report({ inputs: [converted.file] });
    expect(result.hasCost).toBe(true);
    expect(result.total.unpricedCalls).toBe(unpriced.length);
    expect(result.notes.join('\n')).toContain(`${unpriced.length} of ${chats.length} calls have no known cost`);
    const models = new Set(unpriced.map((s) => String(s.attrs.get('gen_ai.response.model') ?? s.attrs.get('gen_ai.request.model') ?? 'unknown')));
    expect(result.unpricedModels).toEqual([...models].sort());
  });

  it('leaves cost out, with a note, when no span carries any', async () => {
    const stripped = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => {
        const data = JSON.parse(line) as TracesLine;
        for (const rs of data.resourceSpans)
          for (const ss of rs.scopeSpans)
            for (const s of ss.spans) s.attributes = (s.attributes ?? []).filter((kv) => !kv.key.includes('cost'));
        return JSON.stringify(data);
      })
      .join('\n');
    const file = join(converted.dir, 'no-cost.jsonl');
    writeFileSync(file, `${stripped}\n`);
    const result: ReportResult = await report({ inputs: [file], by: 'model' });
    expect(result.hasCost).toBe(false);
    const want = expectedReport(rawSpans(stripped), 'model');
    for (const row of result.rows) expectRow(row, want.rows.get(row.key)!, false);
    expect(result.total.costUsd).toBeNull();
    expect(result.notes.some((n) => n.startsWith('No cost'))).toBe(true);
  });

  it('reads raw agent logs to the same report as their converted JSONL', async () => {
    const fromJsonl = await report({ inputs: [converted.file], by: 'session' });
    const fromLogs = await report({ inputs: [FIXTURES], by: 'session', env: {} });
    expect(fromLogs.rows).toEqual(fromJsonl.rows);
    expect(fromLogs.total).toEqual(fromJsonl.total);
  });
});
