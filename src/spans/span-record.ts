import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type Link, type SpanContext, type SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { hrDuration, toHrTime } from './hr-time.js';

export interface SpanRecordInit {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  events: TimedEvent[];
  status?: SpanStatus;
  resource: Resource;
  scope: InstrumentationScope;
  droppedEventsCount?: number;
  /** Attributes removed by the attribute count limit (see span-limits.ts). */
  droppedAttributesCount?: number;
}

/**
 * A finished span built from source records, with its own ids and times. It
 * satisfies the SDK's ReadableSpan, so every SDK exporter and the
 * otlp-transformer serializers take it as they take a span from a Tracer.
 */
export class SpanRecord implements ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[] = [];
  readonly events: TimedEvent[];
  readonly ended = true;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount = 0;
  private readonly context: SpanContext;

  constructor(init: SpanRecordInit) {
    this.name = init.name;
    this.kind = init.kind;
    this.context = { traceId: init.traceId, spanId: init.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false };
    if (init.parentSpanId) {
      this.parentSpanContext = {
        traceId: init.traceId,
        spanId: init.parentSpanId,
        traceFlags: TraceFlags.SAMPLED,
        isRemote: false,
      };
    }
    this.startTime = toHrTime(init.startMs);
    this.endTime = toHrTime(Math.max(init.endMs, init.startMs));
    this.duration = hrDuration(this.startTime, this.endTime);
    this.status = init.status ?? { code: SpanStatusCode.UNSET };
    this.attributes = init.attributes;
    this.events = init.events;
    this.resource = init.resource;
    this.instrumentationScope = init.scope;
    this.droppedEventsCount = init.droppedEventsCount ?? 0;
    this.droppedAttributesCount = init.droppedAttributesCount ?? 0;
  }

  readonly spanContext = (): SpanContext => this.context;
}

export { SpanKind, SpanStatusCode };
