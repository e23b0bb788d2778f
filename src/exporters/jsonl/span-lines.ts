import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { shrinkSpan } from './shrink-span.js';

/** A batch of spans encoded as JSONL lines, each under the line limit. */
export interface SpanLines {
  /** One OTLP/JSON `TracesData` per line, without the newline. */
  lines: Uint8Array[];
  /** Bytes the lines take in the file, newlines included. */
  bytes: number;
  /** Spans written in the lines. */
  spans: number;
  /** Spans among them that were shrunk to fit (see shrinkSpan). */
  truncated: number;
  /** Spans that could not fit in a line at all and were left out. */
  dropped: number;
}

/**
 * Encodes `spans` as lines of at most `maxLineBytes` bytes each, newline
 * included. A batch whose line would be too long is split into as many parts as
 * its size requires, recursively, so a large session spreads over several
 * lines; a single span too large on its own is shrunk, or dropped and counted
 * when even that is not enough. No line ever exceeds the limit.
 */
export function encodeSpanLines(spans: readonly ReadableSpan[], maxLineBytes: number): SpanLines {
  const out: SpanLines = { lines: [], bytes: 0, spans: 0, truncated: 0, dropped: 0 };
  if (spans.length > 0) encodeInto(out, spans, maxLineBytes);
  return out;
}

/**
 * One OTLP/JSON `TracesData` document (`{"resourceSpans":[...]}`) for `spans`,
 * as UTF-8 bytes without a trailing newline. The encoding is the SDK's own, so
 * the file holds exactly what an OTLP/HTTP JSON exporter would send.
 */
export function serializeTracesData(spans: readonly ReadableSpan[]): Uint8Array {
  const bytes = JsonTraceSerializer.serializeRequest(spans as ReadableSpan[]);
  if (bytes === undefined) throw new Error('the OTLP/JSON serializer returned nothing');
  return bytes;
}

function push(out: SpanLines, line: Uint8Array, spanCount: number): void {
  out.lines.push(line);
  out.bytes += line.length + 1;
  out.spans += spanCount;
}

function encodeInto(out: SpanLines, spans: readonly ReadableSpan[], maxLineBytes: number): void {
  const line = serializeTracesData(spans);
  if (line.length + 1 <= maxLineBytes) {
    push(out, line, spans.length);
    return;
  }
  const [first] = spans;
  if (spans.length === 1 && first !== undefined) {
    const shrunk = shrinkSpan(first, maxLineBytes, (span) => serializeTracesData([span]).length + 1);
    if (shrunk === undefined) {
      out.dropped += 1;
      return;
    }
    push(out, serializeTracesData([shrunk.span]), 1);
    out.truncated += 1;
    return;
  }
  const parts = Math.min(spans.length, Math.max(2, Math.ceil((line.length + 1) / maxLineBytes)));
  const size = Math.ceil(spans.length / parts);
  for (let start = 0; start < spans.length; start += size) {
    encodeInto(out, spans.slice(start, start + size), maxLineBytes);
  }
}
