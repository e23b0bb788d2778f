import { context, SpanKind, SpanStatusCode, trace, type Attributes, type HrTime, type Span, type SpanStatus } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** A span to record with the real SDK; times are epoch nanoseconds so tests can compare exactly. */
export interface SpanSpec {
  name: string;
  startNs: bigint;
  endNs: bigint;
  kind?: SpanKind;
  attributes?: Attributes;
  events?: Array<{ name: string; timeNs: bigint; attributes?: Attributes }>;
  status?: SpanStatus;
  /** Index of an earlier spec in the same call: this span is its child. */
  parent?: number;
}

export function hrTime(ns: bigint): HrTime {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

export const TEST_RESOURCE = { 'service.name': 'agent-otel-test', 'agent_otel.test.run': 'exporters' };

/**
 * Records the specs as real spans: a BasicTracerProvider with a
 * SimpleSpanProcessor into an InMemorySpanExporter, no mocks.
 */
export function recordSpans(specs: readonly SpanSpec[], resource: Attributes = TEST_RESOURCE): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('agent-otel-test', '1.2.3');
  const started: Span[] = [];
  for (const spec of specs) {
    const parentSpan = spec.parent === undefined ? undefined : started[spec.parent];
    const parentContext = parentSpan ? trace.setSpan(context.active(), parentSpan) : context.active();
    const span = tracer.startSpan(
      spec.name,
      { kind: spec.kind ?? SpanKind.INTERNAL, startTime: hrTime(spec.startNs), attributes: spec.attributes },
      parentContext,
    );
    for (const event of spec.events ?? []) span.addEvent(event.name, event.attributes, hrTime(event.timeNs));
    if (spec.status) span.setStatus(spec.status);
    started.push(span);
  }
  // End children first so the order of the finished spans is the usual one.
  specs.map((spec, i) => ({ spec, i })).reverse().forEach(({ spec, i }) => started[i]?.end(hrTime(spec.endNs)));
  // Returned in the order of the specs.
  const finished = new Map(memory.getFinishedSpans().map((span) => [span.spanContext().spanId, span]));
  void provider.shutdown();
  return started.flatMap((span) => finished.get(span.spanContext().spanId) ?? []);
}

const BASE_NS = 1_714_557_600_123_456_789n;

/** `count` spans of one trace (a root and its children) with a few attributes and an event each. */
export function sampleSpans(count: number, options: { attributeBytes?: number; resource?: Attributes } = {}): ReadableSpan[] {
  const specs: SpanSpec[] = [];
  for (let i = 0; i < count; i++) {
    const start = BASE_NS + BigInt(i) * 1_000_123n;
    specs.push({
      name: i === 0 ? 'invoke_agent demo' : `execute_tool tool_${i}`,
      startNs: start,
      endNs: start + 500_000_001n + BigInt(i),
      kind: i === 0 ? SpanKind.INTERNAL : SpanKind.CLIENT,
      parent: i === 0 ? undefined : 0,
      attributes: {
        'gen_ai.operation.name': i === 0 ? 'invoke_agent' : 'execute_tool',
        'test.index': i,
        'test.ratio': i + 0.25,
        'test.flag': i % 2 === 0,
        'test.list': ['a', String(i)],
        ...(options.attributeBytes ? { 'test.payload': 'x'.repeat(options.attributeBytes) } : {}),
      },
      events: [{ name: 'test.event', timeNs: start + 1_000n, attributes: { 'event.index': i } }],
      status: i % 3 === 2 ? { code: SpanStatusCode.ERROR, message: `failure ${i}` } : undefined,
    });
  }
  return recordSpans(specs, options.resource);
}
