/**
 * A span read back from agent-otel's output (or from raw agent logs through
 * the same path as `convert`): plain data, no SDK objects, so reports and
 * pages can use it directly.
 */

/** An attribute value as OTLP/JSON carries it, decoded: 64-bit integers become numbers, bytes stay base64 text. */
export type TraceValue = string | number | boolean | null | TraceValue[] | { [key: string]: TraceValue };

export type TraceAttributes = Record<string, TraceValue>;

/** OTLP's span kinds, by name. */
export type TraceSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** OTLP's status codes, by name. */
export type TraceStatusCode = 'unset' | 'ok' | 'error';

export interface TraceSpanEvent {
  name: string;
  /** Epoch milliseconds (fractions keep the microseconds). */
  timeMs: number;
  attributes: TraceAttributes;
}

export interface TraceSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** Undefined on a root span. */
  parentSpanId?: string;
  name: string;
  kind: TraceSpanKind;
  /** Epoch milliseconds of the start and end (fractions keep the microseconds). */
  startMs: number;
  endMs: number;
  status: { code: TraceStatusCode; message?: string };
  attributes: TraceAttributes;
  events: TraceSpanEvent[];
  /** The attributes of the span's resource (`service.name` is the agent). */
  resource: TraceAttributes;
}

/** What a read went through. */
export interface ReadSummary {
  /** Spans handed to the callback. */
  spans: number;
  /** agent-otel JSONL files read, and the lines in them. */
  traceFiles: number;
  lines: number;
  /** Inputs read as raw agent logs (through convert's adapters and mapper), and the units found there. */
  rawInputs: number;
  units: number;
  /** Warnings given (each also went to `onWarning`). */
  warnings: number;
}

/** An attribute value as text: a non-empty string, else undefined. */
export function textValue(value: TraceValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An attribute value as a number: a finite number, else undefined. */
export function numberValue(value: TraceValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
