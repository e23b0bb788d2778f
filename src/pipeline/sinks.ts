import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { InvalidConfigError } from '../errors.js';
import { FanoutExporter } from '../exporters/fanout/fanout-exporter.js';
import type { ExportLegOptions } from '../exporters/fanout/export-leg.js';
import { JsonlFileExporter } from '../exporters/jsonl/jsonl-file-exporter.js';
import type { JsonlFileExporterOptions } from '../exporters/jsonl/jsonl-options.js';
import { createOtlpTraceExporter, type OtlpTraceExporterOptions } from '../exporters/otlp/otlp-exporter.js';

export interface BatchSinksOptions {
  /** JSONL output (file or folder); false for none. */
  jsonl: JsonlFileExporterOptions | false;
  /** OTLP/HTTP export; false for none. */
  otlp: OtlpTraceExporterOptions | false;
}

export interface BatchSinks {
  exporter: SpanExporter;
  jsonl?: JsonlFileExporter;
}

/**
 * The sinks of a batch job (convert): each leg waits for room instead of
 * dropping, so every span reaches every configured sink or is reported as
 * failed; a slow leg only delays itself, up to its queue size.
 */
export function createBatchSinks(options: BatchSinksOptions): BatchSinks {
  const legs: ExportLegOptions[] = [];
  let jsonl: JsonlFileExporter | undefined;
  if (options.jsonl !== false) {
    jsonl = new JsonlFileExporter(options.jsonl);
    legs.push({ name: 'jsonl', exporter: jsonl, whenFull: 'block', maxQueueSpans: 8192 });
  }
  if (options.otlp !== false) {
    legs.push({ name: 'otlp', exporter: createOtlpTraceExporter(options.otlp), whenFull: 'block', maxQueueSpans: 8192 });
  }
  if (legs.length === 0) throw new InvalidConfigError('no output: turn on the JSONL output, OTLP, or both');
  return { exporter: new FanoutExporter(legs), jsonl };
}
