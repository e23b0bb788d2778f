import { isUtf8 } from 'node:buffer';
import { isRecord } from '../core/json-lines.js';
import { scanTraceLine } from './trace-scan.js';

/** One JSONL line holding an OTLP/JSON `TracesData` object, ready to batch. */
export interface TraceLine {
  /** The parsed object (nanosecond fields may have lost precision unless parsed with `quoteNanos`). */
  value: { resourceSpans: unknown[] };
  /** Number of spans in the line. */
  spans: number;
  /**
   * The text between the `[` and `]` of the line's `resourceSpans` array: lines
   * are merged into one request by joining these with commas, so the original
   * text is sent as written, not re-serialized.
   */
  inner: string;
}

/** `json`: the text is not JSON; `shape`: it is JSON but not trace data. */
export type TraceLineResult = { ok: true; line: TraceLine } | { ok: false; kind: 'json' | 'shape'; reason: string };

/** Counts the spans of a `TracesData` value (`resourceSpans[].scopeSpans[].spans[]`). */
export function countSpans(value: { resourceSpans: unknown[] }): number {
  let n = 0;
  for (const rs of value.resourceSpans) {
    if (!isRecord(rs) || !Array.isArray(rs['scopeSpans'])) continue;
    for (const ss of rs['scopeSpans']) {
      if (isRecord(ss) && Array.isArray(ss['spans'])) n += ss['spans'].length;
    }
  }
  return n;
}

/**
 * The text inside the `resourceSpans` array of a serialized `TracesData`
 * object whose only key is `resourceSpans`. In such a text the first `[` opens
 * that array (the key holds no `[`) and the last `]` closes it (only the
 * object's `}` follows), so slicing needs no second parse.
 */
export function resourceSpansInner(text: string): string | undefined {
  const open = text.indexOf('[');
  const close = text.lastIndexOf(']');
  if (open === -1 || close < open) return undefined;
  return text.slice(open + 1, close);
}

/**
 * Parses and checks one line. `text` must be one JSON object with a
 * `resourceSpans` array (this project's JSONL and the Collector fileexporter's
 * trace output both are); anything else (logs or metrics lines, other JSON) is
 * refused with a reason.
 */
export function parseTraceLine(text: string, parse: (text: string) => unknown = JSON.parse): TraceLineResult {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { ok: false, kind: 'json', reason: `not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(value)) return { ok: false, kind: 'shape', reason: 'not a JSON object' };
  const resourceSpans = value['resourceSpans'];
  if (!Array.isArray(resourceSpans)) {
    const keys = Object.keys(value).slice(0, 3).join(', ');
    return { ok: false, kind: 'shape', reason: `not OTLP trace data (no resourceSpans array; keys: ${keys || 'none'})` };
  }
  const traces = { resourceSpans };
  const onlyKey = Object.keys(value).length === 1;
  const inner = onlyKey ? resourceSpansInner(text) : undefined;
  return {
    ok: true,
    line: {
      value: traces,
      spans: countSpans(traces),
      // Extra top-level keys: fall back to serializing just the array.
      inner: inner ?? JSON.stringify(resourceSpans).slice(1, -1),
    },
  };
}

/** What a line gives a request: its `resourceSpans` array contents as bytes, and its spans. */
export interface TracePart {
  ok: true;
  spans: number;
  part: Buffer;
}

export type TracePartResult = TracePart | { ok: false; kind: 'json' | 'shape'; reason: string };

/**
 * One line's part of a request, from its bytes. The byte scan proves most
 * lines (well-formed JSON, a `resourceSpans` array, the span count) without
 * building objects, and the part is a slice of the line's bytes. Anything the
 * scan does not prove (not UTF-8, not trace data, a key written with escapes
 * or repeated) goes through `parseTraceLine`, which says why a line is
 * refused. Undefined for a blank line.
 */
export function tracePart(data: Buffer): TracePartResult | undefined {
  const scan = isUtf8(data) ? scanTraceLine(data) : undefined;
  if (scan) return { ok: true, spans: scan.spans, part: data.subarray(scan.innerStart, scan.innerEnd) };
  const text = data.toString('utf8');
  if (text.trim() === '') return undefined;
  const parsed = parseTraceLine(text);
  return parsed.ok ? { ok: true, spans: parsed.line.spans, part: Buffer.from(parsed.line.inner, 'utf8') } : parsed;
}
