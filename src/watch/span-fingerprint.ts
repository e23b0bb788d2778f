import { createHash } from 'node:crypto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The JSON of each resource, made once: every span of a session shares its resource. */
const resourceText = new WeakMap<object, string>();

/**
 * A short digest of everything a span sends: ids, name, kind, times, status,
 * attributes, events and resource. Two maps of the same records give the same
 * digest; a span that changed (a root with a later end) gives another.
 */
export function spanFingerprint(span: ReadableSpan): string {
  const context = span.spanContext();
  let resource = resourceText.get(span.resource);
  if (resource === undefined) {
    resource = JSON.stringify(span.resource.attributes);
    resourceText.set(span.resource, resource);
  }
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
    span.events.length > 0 ? span.events : 0,
    span.droppedAttributesCount,
    span.droppedEventsCount,
  ]);
  return createHash('sha1').update(resource).update(text).digest('base64url').slice(0, 16);
}
