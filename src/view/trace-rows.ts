import type { TraceSpan } from '../traces/trace-span.js';

/** One row of the waterfall: a span, where it sits in the tree, and how far its subtree reaches. */
export interface TraceRow {
  span: TraceSpan;
  /** Index of the parent's row; -1 for a root, or for a span whose parent is not in the trace. */
  parent: number;
  depth: number;
  /** Index one past the last row of this span's subtree (rows are in depth-first order). */
  end: number;
  /** The span names a parent that is not in the trace (or its parents form a loop). */
  orphan: boolean;
}

const byStart = (a: TraceSpan, b: TraceSpan): number => a.startMs - b.startMs || a.endMs - b.endMs;

/**
 * The spans of one trace as rows in depth-first order, children by start
 * time: each span exactly once, under its parent. A span read twice (the same
 * id) is kept once, as last read. No recursion, so any depth is fine.
 */
export function traceRows(spans: Iterable<TraceSpan>): TraceRow[] {
  const byId = new Map<string, TraceSpan>();
  for (const span of spans) byId.set(span.spanId, span);
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of byId.values()) {
    const parent = span.parentSpanId;
    if (parent !== undefined && parent !== span.spanId && byId.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(span);
      else children.set(parent, [span]);
    } else roots.push(span);
  }
  for (const list of children.values()) list.sort(byStart);
  roots.sort(byStart);

  const rows: TraceRow[] = [];
  const placed = new Set<string>();
  const walk = (root: TraceSpan): void => {
    // Each stack entry: a span to place, its parent's row index and its depth.
    const stack: { span: TraceSpan; parent: number; depth: number }[] = [{ span: root, parent: -1, depth: 0 }];
    const open: number[] = [];
    while (stack.length > 0) {
      const { span, parent, depth } = stack.pop()!;
      if (placed.has(span.spanId)) continue;
      placed.add(span.spanId);
      // Rows left open deeper than this one have ended.
      while (open.length > depth) rows[open.pop()!]!.end = rows.length;
      const orphan = parent === -1 && span.parentSpanId !== undefined;
      open.push(rows.length);
      rows.push({ span, parent, depth, end: rows.length + 1, orphan });
      const kids = children.get(span.spanId) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, parent: rows.length - 1, depth: depth + 1 });
    }
    while (open.length > 0) rows[open.pop()!]!.end = rows.length;
  };
  for (const root of roots) walk(root);
  // Spans whose parents form a loop are reached from no root: each loop is shown from its earliest span.
  for (const span of [...byId.values()].sort(byStart)) if (!placed.has(span.spanId)) walk(span);
  return rows;
}
