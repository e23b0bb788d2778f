import { TracesData, type AnyValue, type KeyValue, type Span } from './otlp-schema.js';

/**
 * One shape for spans however they travelled: OTLP/JSON (hex ids, string or
 * number nanos, base64 bytes) as in our JSONL lines and in http/json bodies,
 * and protobuf messages decoded by protobufjs (ids and bytes as Uint8Array,
 * 64-bit numbers as strings). Tests compare spans from any two paths with
 * toEqual.
 */
export type AttributeValue = string | number | bigint | boolean | Uint8Array | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface NormalizedEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface NormalizedLink {
  traceId: string;
  spanId: string;
  traceState: string | undefined;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
}

export interface NormalizedSpan {
  resource: Attributes;
  scope: { name: string; version: string };
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  traceState: string | undefined;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: NormalizedEvent[];
  droppedEventsCount: number;
  links: NormalizedLink[];
  droppedLinksCount: number;
  status: { code: number; message: string };
}

const HEX = /^[0-9a-f]*$/;

/** Ids are hex in OTLP/JSON and bytes in protobuf; base64 here would be a bug, so it throws. */
function hexId(id: string | Uint8Array | undefined, bytes: number, field: string): string | undefined {
  if (id === undefined) return undefined;
  const hex = typeof id === 'string' ? id : Buffer.from(id).toString('hex');
  if (hex === '') return undefined;
  if (!HEX.test(hex) || hex.length !== bytes * 2) throw new Error(`${field} is not ${bytes} bytes of lowercase hex: ${JSON.stringify(hex)}`);
  return hex;
}

function requiredId(id: string | Uint8Array, bytes: number, field: string): string {
  const hex = hexId(id, bytes, field);
  if (hex === undefined) throw new Error(`${field} is empty`);
  return hex;
}

function nanos(value: string | number | bigint | undefined): bigint {
  return value === undefined ? 0n : BigInt(value);
}

export function anyValue(value: AnyValue | undefined): AttributeValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const big = BigInt(value.intValue);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue !== undefined) return attributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined) {
    return typeof value.bytesValue === 'string' ? Uint8Array.from(Buffer.from(value.bytesValue, 'base64')) : Uint8Array.from(value.bytesValue);
  }
  return null;
}

export function attributes(list: readonly KeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const { key, value } of list ?? []) out[key] = anyValue(value);
  return out;
}

function normalizeSpan(span: Span, resource: Attributes, scope: NormalizedSpan['scope']): NormalizedSpan {
  return {
    resource,
    scope,
    traceId: requiredId(span.traceId, 16, 'traceId'),
    spanId: requiredId(span.spanId, 8, 'spanId'),
    parentSpanId: hexId(span.parentSpanId, 8, 'parentSpanId'),
    traceState: span.traceState || undefined,
    flags: span.flags ?? 0,
    name: span.name ?? '',
    kind: span.kind ?? 0,
    startTimeUnixNano: nanos(span.startTimeUnixNano),
    endTimeUnixNano: nanos(span.endTimeUnixNano),
    attributes: attributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount ?? 0,
    events: (span.events ?? []).map((event) => ({
      name: event.name ?? '',
      timeUnixNano: nanos(event.timeUnixNano),
      attributes: attributes(event.attributes),
      droppedAttributesCount: event.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: span.droppedEventsCount ?? 0,
    links: (span.links ?? []).map((link) => ({
      traceId: requiredId(link.traceId, 16, 'link.traceId'),
      spanId: requiredId(link.spanId, 8, 'link.spanId'),
      traceState: link.traceState || undefined,
      attributes: attributes(link.attributes),
      droppedAttributesCount: link.droppedAttributesCount ?? 0,
      flags: link.flags ?? 0,
    })),
    droppedLinksCount: span.droppedLinksCount ?? 0,
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
  };
}

/** Every span of a TracesData / ExportTraceServiceRequest object, in document order. */
export function normalizeTracesData(value: unknown): NormalizedSpan[] {
  const data = TracesData.parse(value);
  const out: NormalizedSpan[] = [];
  for (const resourceSpans of data.resourceSpans ?? []) {
    const resource = attributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = { name: scopeSpans.scope?.name ?? '', version: scopeSpans.scope?.version ?? '' };
      for (const span of scopeSpans.spans ?? []) out.push(normalizeSpan(span, resource, scope));
    }
  }
  return out;
}

/** The spans of one JSONL line (OTLP/JSON TracesData). A header line gives none. */
export function decodeJsonlLine(line: string): NormalizedSpan[] {
  return normalizeTracesData(JSON.parse(line));
}

/** Sorts by trace id then span id, so spans from two paths line up. */
export function bySpanId(a: NormalizedSpan, b: NormalizedSpan): number {
  return a.traceId.localeCompare(b.traceId) || a.spanId.localeCompare(b.spanId);
}
