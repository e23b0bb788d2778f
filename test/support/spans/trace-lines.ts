import { context, trace, type Attributes } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * OTLP/JSON Lines test input made with the real SDK: spans recorded by a
 * BasicTracerProvider, serialized by otlp-transformer's JsonTraceSerializer
 * (the same serializer the project uses), one TracesData object per line.
 */

export interface GeneratedSpan {
  traceId: string;
  spanId: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
}

export interface TraceLines {
  lines: string[];
  spans: GeneratedSpan[];
  traceIds: string[];
}

export interface TraceLinesOptions {
  traces: number;
  spansPerTrace: number;
  /** Spans serialized together on one line (default 5). */
  spansPerLine?: number;
  resource?: Attributes;
  /** Epoch ns of the first span's start (default a fixed time in 2024). */
  baseNs?: bigint;
  /** Bytes of padding attribute per span, to make lines bigger. */
  paddingBytes?: number;
}

const hr = (ns: bigint): [number, number] => [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
const nanos = (time: [number, number]): bigint => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);

export function recordTraces(options: TraceLinesOptions): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(options.resource ?? { 'service.name': 'replay-test' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('agent-otel-replay-test', '0.0.1');
  const base = options.baseNs ?? 1_714_557_600_000_000_123n;
  for (let t = 0; t < options.traces; t++) {
    const rootStart = base + BigInt(t) * 60_000_000_000n;
    const root = tracer.startSpan(`invoke_agent trace-${t}`, { startTime: hr(rootStart) });
    const parent = trace.setSpan(context.active(), root);
    for (let s = 1; s < options.spansPerTrace; s++) {
      const start = rootStart + BigInt(s) * 1_000_000_007n;
      const child = tracer.startSpan(
        `execute_tool tool-${t}-${s}`,
        {
          startTime: hr(start),
          attributes: {
            'test.index': s,
            ...(options.paddingBytes ? { 'test.padding': 'p'.repeat(options.paddingBytes) } : {}),
          },
        },
        parent,
      );
      child.addEvent('tool.output', { 'test.index': s }, hr(start + 500_000_003n));
      child.end(hr(start + 900_000_011n));
    }
    root.end(hr(rootStart + BigInt(options.spansPerTrace) * 1_000_000_007n + 13n));
  }
  // Taken before shutdown, which empties the in-memory exporter.
  const finished = memory.getFinishedSpans();
  void provider.shutdown();
  return finished;
}

/** One JSONL line for these spans. */
export function serializeLine(spans: readonly ReadableSpan[]): string {
  const bytes = JsonTraceSerializer.serializeRequest([...spans]);
  if (!bytes) throw new Error('serializer returned nothing');
  return new TextDecoder().decode(bytes);
}

/** Records the traces and serializes them, `spansPerLine` spans per line. */
export function makeTraceLines(options: TraceLinesOptions): TraceLines {
  const recorded = recordTraces(options);
  const per = options.spansPerLine ?? 5;
  const lines: string[] = [];
  for (let i = 0; i < recorded.length; i += per) lines.push(serializeLine(recorded.slice(i, i + per)));
  const spans = recorded.map((s) => ({
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    name: s.name,
    startNs: nanos(s.startTime),
    endNs: nanos(s.endTime),
  }));
  return { lines, spans, traceIds: [...new Set(spans.map((s) => s.traceId))] };
}

/** Every span of an OTLP/JSON TracesData (or ExportTraceServiceRequest) value, read with plain JSON. */
export function spansOfTracesData(value: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const data = value as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }> };
  for (const rs of data.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) out.push(span);
  return out;
}

/** Span ids found in OTLP JSON Lines text (one TracesData per line; blank lines ignored). */
export function spanIdsOfJsonl(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => spansOfTracesData(JSON.parse(line)).map((span) => String(span['spanId'])));
}
