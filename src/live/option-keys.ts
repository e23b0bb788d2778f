import type { JsonlFileExporterOptions } from '../exporters/jsonl/jsonl-options.js';
import type { OtlpTraceExporterOptions } from '../exporters/otlp/otlp-exporter.js';
import type { PendingOptions } from '../pending/pending-options.js';
import type { ContentOptions } from '../spans/content.js';
import type { AgentTelemetryOptions } from './telemetry-options.js';

/**
 * The option names `createAgentTelemetry` knows, at the top and inside each
 * group. Typed as records of every key, so the compiler keeps them in step
 * with the option types.
 */
const TOP: Record<keyof AgentTelemetryOptions, true> = {
  jsonl: true,
  otlp: true,
  pending: true,
  otlpQueueSpans: true,
  otlpConcurrentExports: true,
  otlpExportSpans: true,
  otlpShutdownTimeoutMillis: true,
  serviceName: true,
  resourceAttributes: true,
  content: true,
  prices: true,
  batch: true,
  exporter: true,
  flushOnExit: true,
  handleSignals: true,
  env: true,
};
const JSONL: Record<keyof JsonlFileExporterOptions, true> = { path: true, layout: true, maxFileBytes: true, maxLineBytes: true, fsync: true, env: true };
const OTLP: Record<keyof OtlpTraceExporterOptions, true> = {
  protocol: true,
  url: true,
  headers: true,
  timeoutMillis: true,
  compression: true,
  concurrencyLimit: true,
  keepProcessAlive: true,
  certificate: true,
  clientCertificate: true,
  clientKey: true,
};
const PENDING: Record<keyof PendingOptions, true> = { path: true, deliverOnStart: true, deliverTimeoutMillis: true, deliverGraceMillis: true };
const CONTENT: Record<keyof ContentOptions, true> = { capture: true, maxLength: true, redactPatterns: true };
const BATCH: Record<keyof NonNullable<AgentTelemetryOptions['batch']>, true> = { maxExportBatchSize: true, scheduledDelayMillis: true };

/** Groups whose value is an options object (jsonl and otlp may also be a ready exporter, or false). */
const GROUPS: Record<string, Record<string, true>> = { jsonl: JSONL, otlp: OTLP, pending: PENDING, content: CONTENT, batch: BATCH };

function isPlainOptions(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // A ready SpanExporter in place of options is not checked.
  return typeof (value as { export?: unknown }).export !== 'function';
}

/** The option names that `createAgentTelemetry` does not know (`jsonl.dir`, `serviceNmae`), which it ignores. */
export function unknownOptionKeys(options: object): string[] {
  const unknown: string[] = [];
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(TOP, key)) {
      unknown.push(key);
      continue;
    }
    const known = GROUPS[key];
    const group = (options as Record<string, unknown>)[key];
    if (known && isPlainOptions(group)) {
      for (const inner of Object.keys(group)) if (!Object.hasOwn(known, inner)) unknown.push(`${key}.${inner}`);
    }
  }
  return unknown;
}
