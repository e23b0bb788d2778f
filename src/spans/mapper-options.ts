import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { WarningSink } from '../core/diagnostics.js';
import type { Env } from '../config/env.js';
import type { PriceTable } from '../cost/price-table.js';
import type { ContentOptions, ContentPolicy } from './content.js';
import type { SpanLimits } from './span-limits.js';

export interface MapperOptions {
  content?: ContentOptions | ContentPolicy;
  /** Overrides `service.name` for every session. */
  serviceName?: string;
  /** Extra resource attributes (e.g. from OTEL_RESOURCE_ATTRIBUTES). */
  resourceAttributes?: Attributes;
  /** Source format tag put on each resource. */
  format?: string;
  /** The agent assumed for events whose session never started (default `unknown`). */
  defaultAgent?: string;
  /** Span events kept per span; the rest are counted as dropped. Same as `limits.eventCountLimit`. */
  maxEventsPerSpan?: number;
  /**
   * Attribute value length and attribute / event counts per span. Default:
   * the OTEL_*_LIMIT variables, then DEFAULT_SPAN_LIMITS, except that values
   * are cut at the content length limit when nothing else is set.
   */
  limits?: Partial<SpanLimits>;
  /** Environment read for the limits (default `process.env`). */
  env?: Env;
  /** Response events waiting for their chat span, per session, before they go to the root (default 256). */
  maxPendingResponses?: number;
  /**
   * The price table chat spans are priced with: a table, or the path of a
   * prices file; default AGENT_OTEL_PRICES (read from `env`), then the table
   * bundled with @pydantic/genai-prices.
   */
  prices?: PriceTable | string;
  warn?: WarningSink;
  scope?: InstrumentationScope;
}
