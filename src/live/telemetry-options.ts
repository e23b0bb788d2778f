import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Env } from '../config/env.js';
import type { PriceTable } from '../cost/price-table.js';
import type { ContentOptions } from '../spans/content.js';
import type { DualExporterOptions } from '../sinks/dual-exporter.js';
import type { SpanBatcherOptions } from './span-batcher.js';

/** The options of `createAgentTelemetry` (and `getTelemetry`); each says its default. */
export interface AgentTelemetryOptions extends Pick<DualExporterOptions, 'jsonl' | 'otlp' | 'pending'> {
  /** Spans the OTLP leg may hold, queued or in flight (default: OTEL_BSP_MAX_QUEUE_SIZE, then 16384). */
  otlpQueueSpans?: number;
  /** OTLP requests in flight at the same time at most (default 2; 1 keeps them in order). */
  otlpConcurrentExports?: number;
  /** Spans per OTLP request at most: batches queued behind the one being sent are joined up to this (default 2048; 0: never joined). */
  otlpExportSpans?: number;
  /** At shutdown, how long the OTLP leg may still send before what it holds is left pending (default 3000 ms). */
  otlpShutdownTimeoutMillis?: number;
  /** `service.name` of every session. Default: OTEL_SERVICE_NAME, then `agent`. */
  serviceName?: string;
  /** Extra resource attributes, on top of OTEL_RESOURCE_ATTRIBUTES. */
  resourceAttributes?: Attributes;
  /** Content capture (off by default; AGENT_OTEL_CAPTURE_CONTENT turns it on). */
  content?: ContentOptions;
  /**
   * The price table model calls without a `costUsd` are priced with: a table
   * or the path of a prices file (default AGENT_OTEL_PRICES, then the table
   * bundled with @pydantic/genai-prices). A file that cannot be used throws
   * PricesFileError from `createAgentTelemetry`.
   */
  prices?: PriceTable | string;
  /** Batching in front of the sinks (OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_MAX_EXPORT_BATCH_SIZE). */
  batch?: Omit<SpanBatcherOptions, 'env' | 'onError'>;
  /** Send spans to this exporter instead of the JSONL and OTLP sinks. */
  exporter?: SpanExporter;
  /** Flush when the process is about to exit: on `beforeExit`, when the event loop runs dry (default true). */
  flushOnExit?: boolean;
  /**
   * Also flush on SIGINT and SIGTERM, then end the process with the signal
   * unless the application listens to it as well. Default:
   * AGENT_OTEL_HANDLE_SIGNALS, then false: signals are the application's, whose
   * handler calls `shutdown()` (`agent-otel/register`, which owns no handler of
   * the application's, turns it on).
   */
  handleSignals?: boolean;
  env?: Env;
}
