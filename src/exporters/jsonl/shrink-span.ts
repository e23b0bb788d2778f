import type { AttributeValue, Attributes, Link } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_TOOL_DURATION_MS,
  ATTR_TOOL_SUCCESS,
} from '../../spans/semconv.js';
import { ATTR_TRUNCATED } from './attribute-keys.js';

/** What was taken out of a span so that it fits in one line. */
export interface Shrunk {
  span: ReadableSpan;
  removedAttributes: number;
  removedEvents: number;
  removedLinks: number;
}

/** `tier`: the group a part is dropped with (0 large values, 1 events and links, 2 small attributes). */
type Part = { tier: number; size: number } & (
  | { kind: 'attribute'; key: string }
  | { kind: 'event'; event: TimedEvent }
  | { kind: 'link'; link: Link }
);

/** A lower bound of the JSON size of a value, so that we never drop more than needed. */
function jsonSize(value: AttributeValue | string | undefined): number {
  return value === undefined ? 0 : (JSON.stringify(value)?.length ?? 0);
}

function attributesSize(attributes: Attributes | undefined): number {
  let size = 0;
  for (const [key, value] of Object.entries(attributes ?? {})) size += jsonSize(key) + jsonSize(value);
  return size;
}

/**
 * Attributes that say what a span is (the span model's required ones): kept
 * whatever happens, so a shrunk span still reads as the same chat or tool call.
 */
const KEPT = new Set([
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_TOOL_SUCCESS,
  ATTR_TOOL_DURATION_MS,
  ATTR_ERROR_TYPE,
  ATTR_TRUNCATED,
]);
/** Attribute values up to this size are dropped only after every event, link and larger value. */
const SMALL = 256;

/**
 * The parts that may go, in the order they go: events and links first, then
 * large attribute values, then the other attributes, each group largest first.
 */
function partsInDropOrder(span: ReadableSpan): Part[] {
  const records: Part[] = [];
  const large: Part[] = [];
  const small: Part[] = [];
  for (const [key, value] of Object.entries(span.attributes)) {
    if (KEPT.has(key)) continue;
    const bytes = jsonSize(key) + jsonSize(value);
    if (bytes > SMALL) large.push({ tier: 0, kind: 'attribute', key, size: bytes });
    else small.push({ tier: 2, kind: 'attribute', key, size: bytes });
  }
  for (const event of span.events) records.push({ tier: 1, kind: 'event', event, size: jsonSize(event.name) + attributesSize(event.attributes) });
  // A link carries two hex ids (48 characters) besides its attributes.
  for (const link of span.links) records.push({ tier: 1, kind: 'link', link, size: 48 + attributesSize(link.attributes) });
  const bySize = (a: Part, b: Part) => b.size - a.size;
  return [...large.sort(bySize), ...records.sort(bySize), ...small.sort(bySize)];
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
 * dropping what matters least first (large attribute values, then events and
 * links, then small attributes; never the attributes that say what the span
 * is), a few at a time, until `measure` says it fits. The result carries `agent_otel.truncated=true`
 * and the dropped counts of OTLP (`droppedAttributesCount`, ...) include what
 * was removed. Returns undefined when the span cannot fit even with nothing
 * left to drop (a huge name, status message or resource).
 */
export function shrinkSpan(span: ReadableSpan, maxBytes: number, measure: (span: ReadableSpan) => number): Shrunk | undefined {
  const parts = partsInDropOrder(span);
  const removed = new Set<Part>();
  let next = 0;
  for (;;) {
    const candidate = view(span, removed, parts);
    const size = measure(candidate.span);
    if (size <= maxBytes) return candidate;
    if (next >= parts.length) return undefined;
    // Drop the next parts until their (underestimated) size covers the excess, and
    // measure again before starting on the next group.
    let excess = size - maxBytes;
    const tier = parts[next]?.tier;
    while (excess > 0) {
      const part = parts[next];
      if (part === undefined || part.tier !== tier) break;
      next += 1;
      removed.add(part);
      excess -= part.size;
    }
  }
}
