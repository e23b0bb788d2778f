import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { encodeSpanLines, type SpanLines } from './span-lines.js';

interface Offered {
  maxLineBytes: number;
  lines: SpanLines;
}

/** Lines encoded by one writer of a batch for the next: keyed by the batch itself, so gone with it. */
const offered = new WeakMap<readonly ReadableSpan[], Offered>();

/**
 * Encodes a batch as JSONL lines and keeps them for the JSONL file exporter,
 * which takes them instead of encoding the same batch again. The OTLP leg's
 * pending journal writes the very lines the JSONL file holds, and gets each
 * batch first (see FanoutExporter): encoding is most of what either costs, so
 * it is done once. The lines are kept as long as the batch array lives (a leg
 * holding the batch in its queue) or until taken. The lines must not be
 * changed by either writer.
 */
export function encodeAndOffer(spans: readonly ReadableSpan[], maxLineBytes: number): SpanLines {
  const lines = encodeSpanLines(spans, maxLineBytes);
  offered.set(spans, { maxLineBytes, lines });
  return lines;
}

/** The lines offered for this very batch array at this line limit (taken: asked once), else the batch encoded now. */
export function takeOrEncode(spans: readonly ReadableSpan[], maxLineBytes: number): SpanLines {
  const hit = offered.get(spans);
  if (hit === undefined) return encodeSpanLines(spans, maxLineBytes);
  offered.delete(spans);
  return hit.maxLineBytes === maxLineBytes ? hit.lines : encodeSpanLines(spans, maxLineBytes);
}
