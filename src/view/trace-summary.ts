import { ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_CONVERSATION_ID, ATTR_GEN_AI_USAGE_COST, ATTR_SERVICE_NAME, ATTR_SESSION_ID, ATTR_USAGE_COST_UNPRICED } from '../spans/semconv.js';
import { textValue as text, type TraceSpan } from '../traces/trace-span.js';
import { isChat } from './row-figures.js';

/** One trace in a line of the index page. */
export interface TraceSummary {
  traceId: string;
  /** The agent: the resource's `service.name`, else the root's `gen_ai.agent.name`. */
  agent: string;
  /** The root's `session.id` (else `gen_ai.conversation.id`); empty when there is none. */
  sessionId: string;
  /** The root span's name (the trace's earliest span when it has no root). */
  rootName: string;
  /** Epoch ms of the earliest start and the latest end. */
  startMs: number;
  endMs: number;
  spans: number;
  /** Model calls: the chat spans. */
  calls: number;
  /** USD over the chat spans that have a cost. */
  cost: number;
  /** Chat spans with tokens and no known price. */
  unpricedCalls: number;
  /** Spans with status ERROR. */
  failures: number;
}

/** Adds up a trace span by span; `summary()` at any time. Totals are sums over the chat spans, which alone carry `gen_ai.usage.*`. */
export class TraceTally {
  private root: TraceSpan | undefined;
  private first: TraceSpan | undefined;
  private readonly totals = { startMs: Infinity, endMs: -Infinity, spans: 0, calls: 0, cost: 0, unpricedCalls: 0, failures: 0 };

  constructor(readonly traceId: string) {}

  add(span: TraceSpan): void {
    const t = this.totals;
    t.spans++;
    t.startMs = Math.min(t.startMs, span.startMs);
    t.endMs = Math.max(t.endMs, span.endMs, span.startMs);
    if (span.status.code === 'error') t.failures++;
    if (isChat(span.attributes)) {
      t.calls++;
      const cost = span.attributes[ATTR_GEN_AI_USAGE_COST];
      if (typeof cost === 'number') t.cost += cost;
      if (span.attributes[ATTR_USAGE_COST_UNPRICED] === true) t.unpricedCalls++;
    }
    if (span.parentSpanId === undefined && (this.root === undefined || span.startMs < this.root.startMs)) this.root = span;
    if (this.first === undefined || span.startMs < this.first.startMs) this.first = span;
  }

  summary(): TraceSummary {
    const top = this.root ?? this.first;
    const attributes = top?.attributes ?? {};
    return {
      traceId: this.traceId,
      agent: text(top?.resource[ATTR_SERVICE_NAME]) ?? text(attributes[ATTR_GEN_AI_AGENT_NAME]) ?? '',
      sessionId: text(attributes[ATTR_SESSION_ID]) ?? text(attributes[ATTR_GEN_AI_CONVERSATION_ID]) ?? '',
      rootName: top?.name ?? '',
      ...this.totals,
      ...(this.totals.spans === 0 ? { startMs: 0, endMs: 0 } : {}),
    };
  }
}
