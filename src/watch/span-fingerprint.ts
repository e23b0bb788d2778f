import { createHash } from 'node:crypto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * A short digest of everything a span sends: ids, name, kind, times, status,
 * attributes, events and resource. Two maps of the same records give the same
 * digest; a span that changed (a root with a later end) gives another.
 */
export function spanFingerprint(span: ReadableSpan): string {
  const context = span.spanContext();
  const text = JSON.stringify([
    context.traceId,
    context.spanId,
    span.parentSpanContext?.spanId,
    span.name,
    span.kind,
    span.startTime,
    span.endTime,
    span.status,
    span.attributes,
    span.events,
    span.droppedAttributesCount,
    span.droppedEventsCount,
    span.resource.attributes,
  ]);
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}
