import type { TraceSpan } from '../traces/trace-span.js';
import { RowAccumulator, type ReportRow } from './report-row.js';
import { addChat, addTool, agentOf, hasCostAttribute, isUnpriced, modelOf, sessionOf, spanRole, toolOf, type SpanRole } from './span-facts.js';
import { TimeBuckets, type TimeUnit } from './time-bucket.js';

export const REPORT_GROUPINGS = ['day', 'week', 'month', 'session', 'agent', 'model', 'tool'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

const isTime = (by: ReportGrouping): by is TimeUnit => by === 'day' || by === 'week' || by === 'month';

/**
 * Adds spans up as they arrive, into one row per key of the grouping and a
 * total. Only the rows are kept (with the span ids of invoke_agent spans, so
 * that a root sent twice by `watch` counts once), never the spans.
 */
export class ReportAggregator {
  private readonly rows = new Map<string, RowAccumulator>();
  readonly total = new RowAccumulator('total');
  private readonly agentSpans = new Set<string>();
  private readonly buckets: TimeBuckets | undefined;
  /** Chat spans that say something of their cost (a cost or unpriced), and the models of unpriced calls. */
  costedCalls = 0;
  readonly unpricedModels = new Set<string>();
  /** Spans that are none of invoke_agent, chat, execute_tool (not counted). */
  otherSpans = 0;

  constructor(
    readonly by: ReportGrouping,
    timeZone = 'UTC',
  ) {
    this.buckets = isTime(by) ? new TimeBuckets(by, timeZone) : undefined;
  }

  add(span: TraceSpan): void {
    const role = spanRole(span);
    if (role === 'other') {
      this.otherSpans++;
      return;
    }
    if (role === 'session' || role === 'subagent') {
      const id = span.traceId + span.spanId;
      if (this.agentSpans.has(id)) return;
      this.agentSpans.add(id);
    }
    if (role === 'chat') {
      if (hasCostAttribute(span)) this.costedCalls++;
      if (isUnpriced(span)) this.unpricedModels.add(modelOf(span));
    }
    apply(this.total, role, span);
    const key = this.keyOf(span, role);
    if (key === undefined) return;
    let row = this.rows.get(key);
    if (!row) {
      row = new RowAccumulator(key);
      if (this.by === 'model' || this.by === 'tool') row.sessionIds = new Set();
      this.rows.set(key, row);
    }
    if (row.sessionIds && (role === 'chat' || role === 'tool')) row.sessionIds.add(sessionOf(span));
    if (this.by === 'session') {
      row.agent ??= agentOf(span);
      row.firstMs = Math.min(row.firstMs, span.startMs);
    }
    apply(row, role, span);
  }

  private keyOf(span: TraceSpan, role: SpanRole): string | undefined {
    switch (this.by) {
      case 'session':
        return sessionOf(span);
      case 'agent':
        return agentOf(span);
      case 'model':
        return role === 'chat' || role === 'subagent' ? modelOf(span) : undefined;
      case 'tool':
        return role === 'tool' ? toolOf(span) : undefined;
      default:
        return this.buckets!.key(span.startMs);
    }
  }

  /** Whether any chat span carries cost information at all. */
  get hasCost(): boolean {
    return this.costedCalls > 0;
  }

  /** The rows in the grouping's order: time and sessions by time, tools by calls, agents and models by cost then tokens. */
  result(): { rows: ReportRow[]; total: ReportRow } {
    const withCost = this.hasCost;
    const rows = [...this.rows.values()];
    if (isTime(this.by)) rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    else if (this.by === 'session') rows.sort((a, b) => a.firstMs - b.firstMs || (a.key < b.key ? -1 : 1));
    else if (this.by === 'tool') rows.sort((a, b) => b.toolCalls - a.toolCalls || (a.key < b.key ? -1 : 1));
    else rows.sort((a, b) => b.cost - a.cost || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || (a.key < b.key ? -1 : 1));
    return { rows: rows.map((r) => r.row(withCost)), total: this.total.row(withCost) };
  }
}

function apply(row: RowAccumulator, role: SpanRole, span: TraceSpan): void {
  if (role === 'session') row.sessions++;
  else if (role === 'subagent') row.subagents++;
  else if (role === 'chat') addChat(row, span);
  else if (role === 'tool') addTool(row, span);
}
