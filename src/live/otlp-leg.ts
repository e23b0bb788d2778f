import { isPositive, readNumber, type Env } from '../config/env.js';
import { isOtlpConfigured } from '../exporters/otlp/otlp-exporter.js';
import { isExporter, type DualExporterOptions, type LegSettings } from '../sinks/dual-exporter.js';
import type { AgentTelemetryOptions } from './telemetry-options.js';

/**
 * Spans the live OTLP leg holds by default, as `convert`'s: about 0.8 s at
 * 20,000 spans/s, so that a burst handed over after a pause of the event loop
 * (a long garbage collection, a slow synchronous step of the agent) or a
 * collector that stalls for a moment finds room instead of being dropped to
 * the pending journal. A live tool or model span takes about 1.4 KiB of heap:
 * some 23 MiB when full.
 */
export const LIVE_OTLP_QUEUE_SPANS = 16_384;
/** OTLP requests in flight at once by default. */
export const LIVE_OTLP_CONCURRENT_EXPORTS = 2;
/** Spans per OTLP request at most by default: batches queued behind the one being sent are joined up to this. */
export const LIVE_OTLP_EXPORT_SPANS = 2048;
/** How long the OTLP leg may still send at shutdown by default (ms). */
export const LIVE_OTLP_SHUTDOWN_MILLIS = 3000;

/**
 * The live API's OTLP leg: drops (and counts, and keeps in the pending
 * journal) what does not fit; each setting is the option, then the
 * `OTEL_BSP_*` variable where one applies, then the default.
 */
export function liveOtlpLeg(options: AgentTelemetryOptions, env: Env): LegSettings {
  return {
    whenFull: 'drop',
    maxQueueSpans: readNumber(options.otlpQueueSpans, 'OTEL_BSP_MAX_QUEUE_SIZE', LIVE_OTLP_QUEUE_SPANS, env, isPositive),
    maxConcurrentExports: options.otlpConcurrentExports ?? LIVE_OTLP_CONCURRENT_EXPORTS,
    maxExportSpans: options.otlpExportSpans ?? LIVE_OTLP_EXPORT_SPANS,
    shutdownTimeoutMillis: options.otlpShutdownTimeoutMillis ?? LIVE_OTLP_SHUTDOWN_MILLIS,
  };
}

/**
 * The live API's OTLP exporter: the options given, with requests in flight
 * not keeping the process alive unless `keepProcessAlive` says so. The
 * telemetry flushes on `beforeExit`, which comes only once nothing keeps the
 * process alive: a collector that never answers then delays the exit by the
 * shutdown deadline, not by every request's timeout in turn. A ready
 * exporter, `false`, or no option and no endpoint variable pass unchanged.
 */
export function liveOtlpExporter(otlp: DualExporterOptions['otlp'], env: Env): DualExporterOptions['otlp'] {
  if (otlp === false || (otlp !== undefined && isExporter(otlp))) return otlp;
  if (otlp === undefined && !isOtlpConfigured(env)) return undefined;
  return { keepProcessAlive: false, ...otlp };
}
