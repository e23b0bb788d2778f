import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Env } from '../config/env.js';
import { InvalidConfigError } from '../core/errors.js';
import { JsonlFileExporter } from '../exporters/jsonl/jsonl-file-exporter.js';
import type { JsonlFileExporterOptions } from '../exporters/jsonl/jsonl-options.js';
import { createOtlpTraceExporter, isOtlpConfigured, type OtlpTraceExporterOptions } from '../exporters/otlp/otlp-exporter.js';
import { createPendingJournal, type PendingOptions } from '../pending/pending-options.js';
import type { ExportLegOptions } from '../exporters/fanout/export-leg.js';
import { FanoutExporter } from '../exporters/fanout/fanout-exporter.js';

/** Queue settings of one leg. */
export type LegSettings = Pick<
  ExportLegOptions,
  'maxQueueSpans' | 'exportTimeoutMillis' | 'whenFull' | 'shutdownTimeoutMillis' | 'maxConcurrentExports' | 'maxExportSpans' | 'settleOnJournal' | 'passThrough'
>;

export interface DualExporterOptions {
  /** The `jsonl` leg: exporter options, a ready exporter, or false to leave it out. Default: on. */
  jsonl?: JsonlFileExporterOptions | SpanExporter | false;
  /**
   * The `otlp` leg: exporter options, a ready exporter, or false. Default: on
   * when an OTEL_EXPORTER_OTLP_*ENDPOINT variable is set in `env`.
   */
  otlp?: OtlpTraceExporterOptions | SpanExporter | false;
  /**
   * Queue of the `jsonl` leg. Default: none for agent-otel's own JSONL exporter
   * (`passThrough`: it takes every batch at once, bounds its own memory and
   * never drops); a ready exporter waits for room (`block`), never drops.
   */
  jsonlLeg?: LegSettings;
  /** Queue of the `otlp` leg. Default: drops, counts and reports when full (`drop`). */
  otlpLeg?: LegSettings;
  /**
   * What the `otlp` leg has not delivered (failed, timed out, dropped, still
   * queued at the shutdown deadline, in flight when the process died) is kept
   * in `pending/` inside the JSONL output folder, and delivered in the
   * background at the next start or by `agent-otel pending deliver`. False
   * turns that off. Without agent-otel's own JSONL output there is no folder
   * for it unless `pending.path` names one.
   */
  pending?: PendingOptions | false;
  /** Environment to read instead of `process.env`. */
  env?: Env;
}

/** True for a ready exporter, false for an options object. */
export function isExporter(value: object): value is SpanExporter {
  return 'export' in value && typeof value.export === 'function';
}

/**
 * The two sinks behind one exporter: a `jsonl` leg and an `otlp` leg, each
 * with its own bounded queue, so a collector that is down or slow never
 * delays or loses the file's spans. Either leg can be left out; not both.
 */
export function createDualExporter(options: DualExporterOptions = {}): FanoutExporter {
  const env = options.env ?? process.env;
  const legs: ExportLegOptions[] = [];
  const jsonl = options.jsonl ?? {};
  let file: JsonlFileExporter | undefined;
  if (jsonl !== false) {
    const exporter = isExporter(jsonl) ? jsonl : new JsonlFileExporter({ env, ...jsonl });
    if (exporter instanceof JsonlFileExporter) file = exporter;
    // agent-otel's own JSONL exporter bounds its memory and never drops: it takes every batch at once.
    legs.push({ whenFull: 'block', passThrough: file !== undefined, ...options.jsonlLeg, name: 'jsonl', exporter, env });
  }
  // Configured from the environment when no option is given (every setting is read from `env`).
  const otlp = options.otlp ?? (isOtlpConfigured(env) ? {} : false);
  if (otlp !== false) {
    const exporter = isExporter(otlp) ? otlp : createOtlpTraceExporter(otlp, env);
    const journal = createPendingJournal({ pending: options.pending, jsonl: file, otlp: isExporter(otlp) ? undefined : otlp, env });
    legs.push({ whenFull: 'drop', ...options.otlpLeg, name: 'otlp', exporter, env, journal });
  }
  if (legs.length === 0) throw new InvalidConfigError('both the JSONL and the OTLP output are turned off: nothing to export to');
  return new FanoutExporter(legs);
}
