import type { NormalizedSpan } from './otlp-normalize.js';

/** Spans read back from an export, indexed for walking up their parents. */
export class SpanTree {
  private readonly byTrace = new Map<string, Map<string, NormalizedSpan>>();

  constructor(readonly spans: readonly NormalizedSpan[]) {
    for (const span of spans) {
      let trace = this.byTrace.get(span.traceId);
      if (!trace) this.byTrace.set(span.traceId, (trace = new Map<string, NormalizedSpan>()));
      trace.set(span.spanId, span);
    }
  }

  get traces(): ReadonlyMap<string, ReadonlyMap<string, NormalizedSpan>> {
    return this.byTrace;
  }

  /** The span's parent in its own trace (undefined for a root, or when the parent is missing). */
  parent(span: NormalizedSpan): NormalizedSpan | undefined {
    return span.parentSpanId === undefined ? undefined : this.byTrace.get(span.traceId)?.get(span.parentSpanId);
  }

  /** The span's ancestors, nearest first; stops at a missing parent or a cycle. */
  ancestors(span: NormalizedSpan): NormalizedSpan[] {
    const out: NormalizedSpan[] = [];
    const seen = new Set([span.spanId]);
    for (let up = this.parent(span); up && !seen.has(up.spanId); up = this.parent(up)) {
      seen.add(up.spanId);
      out.push(up);
    }
    return out;
  }
}

export const attr = (span: NormalizedSpan, key: string) => span.attributes[key];
export const operation = (span: NormalizedSpan) => span.attributes['gen_ai.operation.name'];
export const conversation = (span: NormalizedSpan) => span.attributes['gen_ai.conversation.id'];
/** Span length in milliseconds, from the nanosecond times. */
export const lengthMs = (span: NormalizedSpan) => Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
