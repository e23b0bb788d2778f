import { isRecord } from '../core/json-lines.js';
import type { TraceAttributes, TraceSpan, TraceSpanKind, TraceStatusCode, TraceValue } from './trace-span.js';

/**
 * Decoding of OTLP/JSON `TracesData`, as the JSONL exporter writes it (the
 * SDK's JsonTraceSerializer: hex ids, nanoseconds as decimal strings, enum
 * values as numbers), into TraceSpans.
 */

const KINDS: readonly TraceSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS: readonly TraceStatusCode[] = ['unset', 'ok', 'error'];

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Epoch ms of an OTLP nanosecond time (string or number), without going through BigInt. */
export function nanosToMs(value: unknown): number {
  if (typeof value === 'number') return value / 1e6;
  if (typeof value !== 'string' || value === '') return 0;
  if (value.length <= 6) return Number(value) / 1e6;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}

export function anyValue(value: unknown): TraceValue {
  if (!isRecord(value)) return null;
  if ('stringValue' in value) return String(value['stringValue']);
  if ('boolValue' in value) return Boolean(value['boolValue']);
  if ('intValue' in value) return Number(value['intValue']);
  if ('doubleValue' in value) return Number(value['doubleValue']);
  if ('arrayValue' in value) return list((value['arrayValue'] as Json | undefined)?.['values']).map(anyValue);
  if ('kvlistValue' in value) return keyValues((value['kvlistValue'] as Json | undefined)?.['values']);
  if ('bytesValue' in value) return String(value['bytesValue']);
  return null;
}

export function keyValues(values: unknown): TraceAttributes {
  const out: TraceAttributes = {};
  for (const kv of list(values)) if (isRecord(kv) && typeof kv['key'] === 'string') out[kv['key']] = anyValue(kv['value']);
  return out;
}

function decodeSpan(span: Json, resource: TraceAttributes): TraceSpan | undefined {
  const traceId = span['traceId'];
  const spanId = span['spanId'];
  if (typeof traceId !== 'string' || typeof spanId !== 'string' || traceId === '' || spanId === '') return undefined;
  const parent = span['parentSpanId'];
  const status = isRecord(span['status']) ? span['status'] : {};
  const message = status['message'];
  return {
    traceId,
    spanId,
    ...(typeof parent === 'string' && parent !== '' ? { parentSpanId: parent } : {}),
    name: typeof span['name'] === 'string' ? span['name'] : '',
    kind: KINDS[Number(span['kind'] ?? 0)] ?? 'unspecified',
    startMs: nanosToMs(span['startTimeUnixNano']),
    endMs: nanosToMs(span['endTimeUnixNano']),
    status: { code: STATUS[Number(status['code'] ?? 0)] ?? 'unset', ...(typeof message === 'string' && message !== '' ? { message } : {}) },
    attributes: keyValues(span['attributes']),
    events: list(span['events'])
      .filter(isRecord)
      .map((e) => ({ name: typeof e['name'] === 'string' ? e['name'] : '', timeMs: nanosToMs(e['timeUnixNano']), attributes: keyValues(e['attributes']) })),
    resource,
  };
}

/**
 * Every span of one parsed `TracesData` value, in document order. Spans of
 * one resource share its attributes object (read it, do not change it).
 * Returns the number of span entries that had no ids and were skipped.
 */
export function decodeTracesData(value: unknown, onSpan: (span: TraceSpan) => void): number {
  let skipped = 0;
  if (!isRecord(value)) return 0;
  for (const rs of list(value['resourceSpans'])) {
    if (!isRecord(rs)) continue;
    const resource = keyValues(isRecord(rs['resource']) ? rs['resource']['attributes'] : undefined);
    for (const ss of list(rs['scopeSpans'])) {
      if (!isRecord(ss)) continue;
      for (const span of list(ss['spans'])) {
        const decoded = isRecord(span) ? decodeSpan(span, resource) : undefined;
        if (decoded) onSpan(decoded);
        else skipped++;
      }
    }
  }
  return skipped;
}
