import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { readNumber, type Env } from '../config/env.js';
import { InvalidConfigError } from '../core/errors.js';
import { cutText } from './content.js';
import { ATTR_CONTENT_TRUNCATED } from './semconv.js';
import type { SpanRecordInit } from './span-record.js';

/**
 * The OpenTelemetry span limits, applied by the mapper to every span it
 * builds. A value over the length limit is cut (the span's
 * `agent_otel.content.truncated` counts the cuts); attributes and events past
 * the count limits are dropped and counted in the span's and event's
 * `droppedAttributesCount` / `droppedEventsCount`.
 */
export interface SpanLimits {
  /** Longest string attribute value in characters, for each element of a string array too. */
  attributeValueLengthLimit: number;
  /** Attributes per span. */
  attributeCountLimit: number;
  /** Events per span. */
  eventCountLimit: number;
  /** Attributes per span event. */
  eventAttributeCountLimit: number;
}

/** The SDK's defaults, except 1000 events per span (an agent session's root carries one event per message). */
export const DEFAULT_SPAN_LIMITS: Readonly<SpanLimits> = Object.freeze({
  attributeValueLengthLimit: Infinity,
  attributeCountLimit: 128,
  eventCountLimit: 1000,
  eventAttributeCountLimit: 128,
});

/** What the limits took away, summed over every span (reported by the CLI summary and the live API). */
export interface LimitCounts {
  valuesTruncated: number;
  attributesDropped: number;
  eventsDropped: number;
  eventAttributesDropped: number;
}

const wholeNumber = (n: number): boolean => Number.isInteger(n) && n >= 0;

/**
 * Option, then the span-specific variable, then the general one, then the
 * default: OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT / OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT,
 * OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT / OTEL_ATTRIBUTE_COUNT_LIMIT,
 * OTEL_SPAN_EVENT_COUNT_LIMIT, OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT.
 */
export function resolveSpanLimits(options: Partial<SpanLimits> = {}, env: Env = process.env, defaults: Readonly<SpanLimits> = DEFAULT_SPAN_LIMITS): SpanLimits {
  const read = (option: number | undefined, names: readonly string[], fallback: number): number => {
    if (option !== undefined) {
      if (option !== Infinity && !wholeNumber(option)) throw new InvalidConfigError(`span limits must be whole numbers of at least 0 (got ${option})`);
      return option;
    }
    // The general variable first, so that the specific one overrides it.
    return names.reduceRight((next, name) => readNumber(undefined, name, next, env, wholeNumber), fallback);
  };
  return {
    attributeValueLengthLimit: read(
      options.attributeValueLengthLimit,
      ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'],
      defaults.attributeValueLengthLimit,
    ),
    attributeCountLimit: read(options.attributeCountLimit, ['OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'], defaults.attributeCountLimit),
    eventCountLimit: read(options.eventCountLimit, ['OTEL_SPAN_EVENT_COUNT_LIMIT'], defaults.eventCountLimit),
    eventAttributeCountLimit: read(options.eventAttributeCountLimit, ['OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT'], defaults.eventAttributeCountLimit),
  };
}

/** Cuts the string values of `attributes` in place; returns how many were cut. */
function cutValues(attributes: Attributes, max: number): number {
  if (max === Infinity) return 0;
  let cut = 0;
  const one = (value: string): string => {
    if (value.length <= max) return value;
    cut++;
    return cutText(value, max);
  };
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string') attributes[key] = one(value);
    else if (Array.isArray(value) && value.some((v) => typeof v === 'string' && v.length > max)) {
      attributes[key] = (value as AttributeValue[]).map((v) => (typeof v === 'string' ? one(v) : v)) as AttributeValue;
    }
  }
  if (cut > 0) attributes[ATTR_CONTENT_TRUNCATED] = Number(attributes[ATTR_CONTENT_TRUNCATED] ?? 0) + cut;
  return cut;
}

/** Keeps the first `max` attributes (in the order they were set) and returns how many it removed. */
function capCount(attributes: Attributes, max: number): number {
  const keys = Object.keys(attributes);
  if (keys.length <= max) return 0;
  for (const key of keys.slice(max)) delete attributes[key];
  return keys.length - max;
}

/**
 * Applies the limits to a span the mapper built (its attribute objects are its
 * own, so they are changed in place) and adds what was cut or dropped to
 * `counts`. Event counts are capped while events are gathered (see EventList);
 * here they are only counted.
 */
export function applySpanLimits(init: SpanRecordInit, limits: SpanLimits, counts: LimitCounts): SpanRecordInit {
  counts.valuesTruncated += cutValues(init.attributes, limits.attributeValueLengthLimit);
  for (const event of init.events) {
    if (!event.attributes) continue;
    counts.valuesTruncated += cutValues(event.attributes, limits.attributeValueLengthLimit);
    const dropped = capCount(event.attributes, limits.eventAttributeCountLimit);
    if (dropped > 0) {
      event.droppedAttributesCount = (event.droppedAttributesCount ?? 0) + dropped;
      counts.eventAttributesDropped += dropped;
    }
  }
  const dropped = capCount(init.attributes, limits.attributeCountLimit);
  init.droppedAttributesCount = (init.droppedAttributesCount ?? 0) + dropped;
  counts.attributesDropped += dropped;
  counts.eventsDropped += init.droppedEventsCount ?? 0;
  return init;
}
