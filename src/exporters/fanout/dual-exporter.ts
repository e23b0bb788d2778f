import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { InvalidConfigError } from '../../errors.js';
import { JsonlFileExporter } from '../jsonl/jsonl-file-exporter.js';
import type { JsonlFileExporterOptions } from '../jsonl/jsonl-options.js';
import { createOtlpTraceExporter, isOtlpConfigured, type OtlpTraceExporterOptions } from '../otlp/otlp-exporter.js';
import type { ExportLegOptions } from './export-leg.js';
import { FanoutExporter } from './fanout-exporter.js';

export interface DualExporterOptions {
  /** The `jsonl` leg: exporter options, a ready exporter, or false to leave it out. Default: on. */
  jsonl?: JsonlFileExporterOptions | SpanExporter | false;
  /** The `otlp` leg: exporter options, a ready exporter, or false. Default: on when isOtlpConfigured(). */
  otlp?: OtlpTraceExporterOptions | SpanExporter | false;
  /** Queue settings of the `otlp` leg (the `jsonl` leg blocks instead of dropping). */
  otlpLeg?: Pick<ExportLegOptions, 'maxQueueSpans' | 'exportTimeoutMillis'>;
}

function isExporter(value: object): value is SpanExporter {
  return 'export' in value && typeof value.export === 'function';
}

/**
 * The usual fan-out: a `jsonl` leg that never drops (it waits for queue room)
 * and an `otlp` leg that drops, counts and reports when its endpoint cannot
 * keep up. Either can be left out; not both.
 */
export function createDualExporter(options: DualExporterOptions = {}): FanoutExporter {
  const legs: ExportLegOptions[] = [];
  const jsonl = options.jsonl ?? {};
  if (jsonl !== false) {
    legs.push({ name: 'jsonl', exporter: isExporter(jsonl) ? jsonl : new JsonlFileExporter(jsonl), whenFull: 'block' });
  }
  const otlp = options.otlp ?? (isOtlpConfigured() ? {} : false);
  if (otlp !== false) {
    legs.push({ ...options.otlpLeg, name: 'otlp', exporter: isExporter(otlp) ? otlp : createOtlpTraceExporter(otlp), whenFull: 'drop' });
  }
  if (legs.length === 0) throw new InvalidConfigError('both the JSONL and the OTLP exporter are turned off: nothing to export to');
  return new FanoutExporter(legs);
}
