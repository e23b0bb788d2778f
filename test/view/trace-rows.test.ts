import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceSpan } from '../../src/traces/trace-span.js';
import { traceRows } from '../../src/view/trace-rows.js';
import { REPO } from '../support/backends/backends.js';
import { convertToSpans } from '../support/runs/convert-spans.js';

/** The waterfall's rows: each span once, depth-first, children by start, every row under its parent. */

let id = 0;
function span(parentSpanId: string | undefined, startMs: number, over: Partial<TraceSpan> = {}): TraceSpan {
  return {
    traceId: 'a'.repeat(32),
    spanId: (++id).toString(16).padStart(16, '0'),
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    name: `s${id}`,
    kind: 'internal',
    startMs,
    endMs: startMs + 10,
    status: { code: 'unset' },
    attributes: {},
    events: [],
    resource: {},
    ...over,
  };
}

describe('traceRows', () => {
  it('puts children after their parent in start order, with depth, parent index and subtree end', () => {
    const root = span(undefined, 0);
    const late = span(root.spanId, 50);
    const early = span(root.spanId, 5);
    const grandchild = span(early.spanId, 6);
    const rows = traceRows([late, grandchild, root, early]);
    expect(rows.map((r) => r.span.spanId)).toEqual([root.spanId, early.spanId, grandchild.spanId, late.spanId]);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 1]);
    expect(rows.map((r) => r.parent)).toEqual([-1, 0, 1, 0]);
    expect(rows.map((r) => r.end)).toEqual([4, 3, 3, 4]);
    expect(rows.some((r) => r.orphan)).toBe(false);
  });

  it('shows a span whose parent is missing as a root marked orphan, a span read twice once, and a loop of parents once each', () => {
    const root = span(undefined, 0);
    const orphan = span('f'.repeat(16), 3);
    const twice = span(root.spanId, 1);
    const a = span(undefined, 20);
    const b = span(a.spanId, 21);
    const loopA = { ...a, parentSpanId: b.spanId };
    const rows = traceRows([root, twice, { ...twice, name: 'again' }, orphan, loopA, b]);
    expect(rows.map((r) => r.span.spanId)).toEqual([root.spanId, twice.spanId, orphan.spanId, a.spanId, b.spanId]);
    expect(rows[1]!.span.name).toBe('again');
    expect(rows.filter((r) => r.orphan).map((r) => r.span.spanId)).toEqual([orphan.spanId, a.spanId]);
    expect(rows[4]!.parent).toBe(3);
  });

  it('handles a chain 20,000 deep without recursion', () => {
    const spans = [span(undefined, 0)];
    for (let i = 1; i < 20_000; i++) spans.push(span(spans[i - 1]!.spanId, i));
    const rows = traceRows(spans.reverse());
    expect(rows.length).toBe(20_000);
    expect(rows.at(-1)!.depth).toBe(19_999);
    expect(rows.every((r) => r.end === 20_000)).toBe(true);
  });

  it('on converted fixtures: every span once, and each row’s parent row is the span’s parent', async () => {
    const { spans } = await convertToSpans([join(REPO, 'test/fixtures/claude-code/subfolder'), join(REPO, 'test/fixtures/codex/subagents')]);
    const traceIds = [...new Set(spans.map((s) => s.traceId))];
    for (const traceId of traceIds) {
      const mine = spans.filter((s) => s.traceId === traceId);
      const rows = traceRows(
        mine.map((s) => span(s.parentSpanId, Number(s.startTimeUnixNano / 1000n) / 1000, { spanId: s.spanId, traceId, ...(s.parentSpanId === undefined ? {} : { parentSpanId: s.parentSpanId }) })),
      );
      expect(rows.map((r) => r.span.spanId).sort()).toEqual(mine.map((s) => s.spanId).sort());
      for (const row of rows) {
        expect(row.parent === -1 ? undefined : rows[row.parent]!.span.spanId).toBe(row.span.parentSpanId);
        if (row.parent >= 0) expect(row.depth).toBe(rows[row.parent]!.depth + 1);
      }
    }
  });
});
