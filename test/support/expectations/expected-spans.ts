import type { Attributes as SdkAttributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { readFileSync } from 'node:fs';
import { decodeJsonlLine, type Attributes, type AttributeValue, type NormalizedSpan } from '../spans/otlp-normalize.js';

const nanos = (time: HrTime): bigint => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);

function attributeValue(value: unknown): AttributeValue {
  if (Array.isArray(value)) return value.map(attributeValue);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new Error(`unexpected attribute value ${String(value)}`);
}

function attributes(raw: SdkAttributes | undefined): Attributes {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([key, value]) => [key, attributeValue(value)]));
}

/**
 * What a span should look like once written and read back, computed from the
 * SDK span itself (not through any serializer), per the OTLP specification:
 * kind is the API kind + 1, flags carry the W3C trace flags plus the
 * "has is_remote" bit (0x100).
 */
export function expectedSpan(span: ReadableSpan): NormalizedSpan {
  const context = span.spanContext();
  return {
    resource: attributes(span.resource.attributes),
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version ?? '' },
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    traceState: undefined,
    flags: (context.traceFlags & 0xff) | 0x100,
    name: span.name,
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: attributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      name: event.name,
      timeUnixNano: nanos(event.time),
      attributes: attributes(event.attributes),
      droppedAttributesCount: event.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: [],
    droppedLinksCount: span.droppedLinksCount,
    status: { code: span.status.code, message: span.status.message ?? '' },
  };
}

export interface JsonlContent {
  /** Raw lines, without newlines; a file ending in '\n' gives no empty last line. */
  lines: string[];
  spans: NormalizedSpan[];
}

/** The lines of a file, without newlines; a file ending in '\n' gives no empty last line. */
export function readLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function readJsonl(file: string): JsonlContent {
  const lines = readLines(file);
  return { lines, spans: lines.flatMap((line) => decodeJsonlLine(line)) };
}
