import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resolveTracesUrl } from '../config/otlp-endpoint.js';
import { InvalidConfigError } from '../errors.js';
import type { ExportLegOptions, ExportLegStats } from '../exporters/fanout/export-leg.js';
import { FanoutExporter } from '../exporters/fanout/fanout-exporter.js';
import { JsonlFileExporter } from '../exporters/jsonl/jsonl-file-exporter.js';
import type { JsonlFileExporterOptions } from '../exporters/jsonl/jsonl-options.js';
import { createOtlpTraceExporter, isOtlpConfigured, type OtlpTraceExporterOptions } from '../exporters/otlp/otlp-exporter.js';

export interface LiveSinksOptions {
  /** JSONL output: options, a ready exporter, or false. Default: on, in AGENT_OTEL_JSONL_PATH or ./agent-otel-traces/. */
  jsonl?: JsonlFileExporterOptions | SpanExporter | false;
  /** OTLP output: options, a ready exporter, or false. Default: on only when an OTEL_EXPORTER_OTLP_*ENDPOINT is set. */
  otlp?: OtlpTraceExporterOptions | SpanExporter | false;
  /** Spans the JSONL leg may hold before it drops and counts (default 65536). */
  jsonlQueueSpans?: number;
  /** Spans the OTLP leg may hold (default: OTEL_BSP_MAX_QUEUE_SIZE, then 2048). */
  otlpQueueSpans?: number;
  env?: Record<string, string | undefined>;
}

function isExporter(value: object): value is SpanExporter {
  return 'export' in value && typeof value.export === 'function';
}

/**
 * The live API's sinks: a JSONL leg and an OTLP leg, each with its own
 * bounded queue, so that a collector that is down or slow never delays the
 * file, nor the agent.
 */
export function createLiveSinks(options: LiveSinksOptions = {}): FanoutExporter {
  const env = options.env ?? process.env;
  const legs: ExportLegOptions[] = [];
  const jsonl = options.jsonl ?? {};
  if (jsonl !== false) {
    const exporter = isExporter(jsonl) ? jsonl : new JsonlFileExporter({ env, ...jsonl });
    legs.push({ name: 'jsonl', exporter, whenFull: 'drop', maxQueueSpans: options.jsonlQueueSpans ?? 65536, env });
  }
  // Configured from the environment: the URL is resolved here from `env` (the SDK would read process.env).
  const otlp = options.otlp ?? (isOtlpConfigured(env) ? { url: resolveTracesUrl(undefined, env) } : false);
  if (otlp !== false) {
    const exporter = isExporter(otlp) ? otlp : createOtlpTraceExporter(otlp);
    legs.push({ name: 'otlp', exporter, whenFull: 'drop', maxQueueSpans: options.otlpQueueSpans, env });
  }
  if (legs.length === 0) throw new InvalidConfigError('both the JSONL and the OTLP output are turned off: nothing to export to');
  return new FanoutExporter(legs);
}

export type SinkStats = Record<string, ExportLegStats>;
