import type { AttributeValue, Attributes, Link } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { ATTR_TRUNCATED } from './attribute-keys.js';

/** What was taken out of a span so that it fits in one line. */
export interface Shrunk {
  span: ReadableSpan;
  removedAttributes: number;
  removedEvents: number;
  removedLinks: number;
}

type Part =
  | { kind: 'attribute'; key: string; size: number }
  | { kind: 'event'; event: TimedEvent; size: number }
  | { kind: 'link'; link: Link; size: number };

/** A lower bound of the JSON size of a value, so that we never drop more than needed. */
function jsonSize(value: AttributeValue | string | undefined): number {
  return value === undefined ? 0 : (JSON.stringify(value)?.length ?? 0);
}

function attributesSize(attributes: Attributes | undefined): number {
  let size = 0;
  for (const [key, value] of Object.entries(attributes ?? {})) size += jsonSize(key) + jsonSize(value);
  return size;
}

function partsBySizeDescending(span: ReadableSpan): Part[] {
  const parts: Part[] = [];
  for (const [key, value] of Object.entries(span.attributes)) {
    if (key !== ATTR_TRUNCATED) parts.push({ kind: 'attribute', key, size: jsonSize(key) + jsonSize(value) });
  }
  for (const event of span.events) parts.push({ kind: 'event', event, size: jsonSize(event.name) + attributesSize(event.attributes) });
  // A link carries two hex ids (48 characters) besides its attributes.
  for (const link of span.links) parts.push({ kind: 'link', link, size: 48 + attributesSize(link.attributes) });
  return parts.sort((a, b) => b.size - a.size);
}

function view(span: ReadableSpan, removed: ReadonlySet<Part>, parts: readonly Part[]): Shrunk {
  const attributes: Attributes = { ...span.attributes, [ATTR_TRUNCATED]: true };
  let removedAttributes = 0;
  for (const part of parts) {
    if (part.kind === 'attribute' && removed.has(part)) {
      delete attributes[part.key];
      removedAttributes += 1;
    }
  }
  const goneEvents = new Set<TimedEvent>();
  const goneLinks = new Set<Link>();
  for (const part of removed) {
    if (part.kind === 'event') goneEvents.add(part.event);
    if (part.kind === 'link') goneLinks.add(part.link);
  }
  const events = span.events.filter((event) => !goneEvents.has(event));
  const links = span.links.filter((link) => !goneLinks.has(link));
  const shrunk: ReadableSpan = {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    ended: span.ended,
    status: span.status,
    attributes,
    events,
    links,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount + removedAttributes,
    droppedEventsCount: span.droppedEventsCount + goneEvents.size,
    droppedLinksCount: span.droppedLinksCount + goneLinks.size,
  };
  return { span: shrunk, removedAttributes, removedEvents: goneEvents.size, removedLinks: goneLinks.size };
}

/**
 * Makes a span that alone is too large for one line fit in `maxBytes`, by
 * dropping its largest attributes, events and links first, a few at a time,
 * until `measure` says it fits. The result carries `agent_otel.truncated=true`
 * and the dropped counts of OTLP (`droppedAttributesCount`, ...) include what
 * was removed. Returns undefined when the span cannot fit even with nothing
 * left to drop (a huge name, status message or resource).
 */
export function shrinkSpan(span: ReadableSpan, maxBytes: number, measure: (span: ReadableSpan) => number): Shrunk | undefined {
  const parts = partsBySizeDescending(span);
  const removed = new Set<Part>();
  let next = 0;
  for (;;) {
    const candidate = view(span, removed, parts);
    const size = measure(candidate.span);
    if (size <= maxBytes) return candidate;
    if (next >= parts.length) return undefined;
    // Drop the largest remaining parts until their (underestimated) size covers the excess.
    let excess = size - maxBytes;
    while (excess > 0) {
      const part = parts[next];
      if (part === undefined) break;
      next += 1;
      removed.add(part);
      excess -= part.size;
    }
  }
}
