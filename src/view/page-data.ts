import type { TraceAttributes, TraceSpan } from '../traces/trace-span.js';
import { formatCost, formatDuration, formatOffset, formatTokens } from './format.js';
import { rowFigures } from './row-figures.js';
import type { TraceRow } from './trace-rows.js';

/** One span as the page's script gets it: its place in the tree, its bar, its texts, its data. */
export interface PageSpan {
  id: string;
  /** The parent span's id, as the span names it (also when that span is not in the trace). */
  parentId?: string;
  /** Row index of the parent, -1 for none; `end`: one past the last row of the subtree. */
  parent: number;
  depth: number;
  end: number;
  orphan?: true;
  name: string;
  kind: string;
  error?: true;
  status: string;
  message?: string;
  /** Milliseconds from the trace's start, and the span's length. */
  start: number;
  dur: number;
  /** Texts: the start as an offset, the duration, tokens `in / out` (and the full counts), cost. */
  at: string;
  took: string;
  tokens?: string;
  tokensTitle?: string;
  cost?: string;
  /** The figures add up the subtree below the span. */
  rollup?: true;
  attrs: TraceAttributes;
  events: { name: string; at: string; attrs: TraceAttributes }[];
  /** Index into PageData.resources. */
  res: number;
}

export interface PageData {
  traceId: string;
  durationMs: number;
  /** Labels of the time axis at 0, 25, 50, 75 and 100 %. */
  ticks: string[];
  resources: TraceAttributes[];
  spans: PageSpan[];
}

function figureTexts(span: TraceSpan): Pick<PageSpan, 'tokens' | 'tokensTitle' | 'cost' | 'rollup'> {
  const figures = rowFigures(span.attributes);
  if (!figures) return {};
  const out: Pick<PageSpan, 'tokens' | 'tokensTitle' | 'cost' | 'rollup'> = {};
  if (figures.input !== undefined || figures.output !== undefined) {
    out.tokens = `${formatTokens(figures.input ?? 0)} / ${formatTokens(figures.output ?? 0)}`;
    const scope = figures.rollup ? ' (this span and everything below it)' : '';
    out.tokensTitle = `input ${figures.input ?? 0}, output ${figures.output ?? 0} tokens${scope}`;
  }
  if (figures.cost !== undefined) out.cost = `${formatCost(figures.cost)}${figures.unpriced ? '+' : ''}`;
  else if (figures.unpriced) out.cost = 'unpriced';
  if (figures.rollup) out.rollup = true;
  return out;
}

/** The data of one trace's page, from its rows (traceRows). */
export function pageData(traceId: string, rows: readonly TraceRow[]): PageData {
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const { span } of rows) {
    startMs = Math.min(startMs, span.startMs);
    endMs = Math.max(endMs, span.endMs, span.startMs);
  }
  if (rows.length === 0) startMs = endMs = 0;
  const durationMs = endMs - startMs;
  const resources: TraceAttributes[] = [];
  const resourceIndex = new Map<string, number>();
  const spans = rows.map(({ span, parent, depth, end, orphan }): PageSpan => {
    const key = JSON.stringify(span.resource);
    let res = resourceIndex.get(key);
    if (res === undefined) {
      res = resources.push(span.resource) - 1;
      resourceIndex.set(key, res);
    }
    const dur = Math.max(0, span.endMs - span.startMs);
    return {
      id: span.spanId,
      ...(span.parentSpanId !== undefined ? { parentId: span.parentSpanId } : {}),
      parent,
      depth,
      end,
      ...(orphan ? { orphan: true as const } : {}),
      name: span.name,
      kind: span.kind,
      ...(span.status.code === 'error' ? { error: true as const } : {}),
      status: span.status.code,
      ...(span.status.message !== undefined ? { message: span.status.message } : {}),
      start: span.startMs - startMs,
      dur,
      at: formatOffset(span.startMs - startMs),
      took: formatDuration(dur),
      ...figureTexts(span),
      attrs: span.attributes,
      events: span.events.map((e) => ({ name: e.name, at: formatOffset(e.timeMs - startMs), attrs: e.attributes })),
      res,
    };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => formatDuration(durationMs * f));
  return { traceId, durationMs, ticks, resources, spans };
}
