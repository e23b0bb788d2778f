import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Adapter, FormatName, SourceUnit } from '../adapters/adapter.js';
import { Diagnostics, type WarningSink } from '../core/diagnostics.js';
import { discover } from '../adapters/discover.js';
import { adapterFor, withUserAdapters } from '../adapters/registry.js';
import { readUnit } from '../adapters/read-unit.js';
import { redactUrlsIn } from '../config/endpoint-url.js';
import { describeError } from '../core/errors.js';
import { SpanMapper, type MapperOptions } from '../spans/mapper.js';
import { resolvePriceTable, type PriceTable } from '../cost/price-table.js';
import { summaryFrom, type ConvertSummary } from './convert-summary.js';
import { dropReport, pendingStats } from '../sinks/drop-report.js';
import { exportSpans } from '../exporters/export-result.js';

export interface ConvertOptions {
  /** Files and folders to read. */
  inputs: readonly string[];
  /** Where the spans go (e.g. a JSONL file exporter, or both sinks together). */
  exporter: SpanExporter;
  /** Skip detection and read every file as this format. */
  format?: FormatName;
  /** Adapters of your own, tried before the built-in ones; one named like a built-in format replaces it. */
  adapters?: readonly Adapter[];
  /** Mapper options: content capture, service name, resource attributes, limits. */
  mapper?: Omit<MapperOptions, 'warn'>;
  /**
   * The price table: a table, or the path of a prices file (genai-prices'
   * format); default `mapper.prices`, then AGENT_OTEL_PRICES, then the bundled
   * table. A file that cannot be used fails the call before any work.
   */
  prices?: PriceTable | string;
  /**
   * Spans per export call (default 256: converted spans average about 2 KB of
   * OTLP/JSON, so a batch stays well under the JSONL line limit of 1 MiB and is
   * not serialized whole only to be split).
   */
  batchSize?: number;
  /** Export calls in flight at once (default 4); reading waits when they are all busy. */
  maxInFlight?: number;
  /** Longest source line accepted, in bytes. */
  maxLineBytes?: number;
  /** Called for every warning as it happens. */
  onWarning?: WarningSink;
  /** Called after each unit. */
  onUnit?: (unit: SourceUnit, index: number, total: number) => void;
}

/**
 * Converts agent session files to spans: discovery, the format's adapter,
 * the one mapper, then the exporter. Streams unit by unit with bounded
 * memory; bad records become warnings and the rest is still converted. The
 * exporter is flushed but not shut down (the caller owns it).
 */
export async function convert(options: ConvertOptions): Promise<ConvertSummary> {
  const prices = resolvePriceTable(options.prices ?? options.mapper?.prices, options.mapper?.env ?? process.env);
  const diagnostics = new Diagnostics(1000, options.onWarning);
  const { warn } = diagnostics;
  const found = await discover(options.inputs, { format: options.format, adapters: options.adapters, warn });
  const batchSize = Math.max(1, options.batchSize ?? 256);
  let exportFailures = 0;
  const exportErrors: string[] = [];
  let batch: ReadableSpan[] = [];
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(1, options.maxInFlight ?? 4);
  const flush = async () => {
    if (batch.length === 0) return;
    const spans = batch;
    batch = [];
    const done = exportSpans(options.exporter, spans).then((result) => {
      inFlight.delete(done);
      if (result.code !== ExportResultCode.SUCCESS) {
        exportFailures += spans.length;
        // An exporter's message may quote its URL: never with the credentials in it.
        const message = result.error ? redactUrlsIn(describeError(result.error)) : 'export failed';
        if (exportErrors.length < 20 && !exportErrors.includes(message)) exportErrors.push(message);
      }
    });
    inFlight.add(done);
    // Backpressure: reading pauses while the exporter is busy with enough batches.
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  };
  const formats: Record<string, number> = {};
  const mapper = new SpanMapper({ ...options.mapper, prices, warn });
  // Sessions an adapter has read the last of end there, not at the end of the unit (a database of many sessions).
  const sessionsRead = (ids: readonly string[]) => {
    for (const id of ids) batch.push(...mapper.closeSession(id));
  };
  for (const [index, unit] of found.units.entries()) {
    const adapter = adapterFor(unit.format, withUserAdapters(options.adapters));
    formats[unit.format] = (formats[unit.format] ?? 0) + 1;
    if (!adapter) continue;
    mapper.format = unit.format;
    for await (const event of readUnit(adapter, unit, { warn, maxLineBytes: options.maxLineBytes, sessionsRead })) {
      const spans = mapper.push(event);
      if (spans.length > 0) batch.push(...spans);
      if (batch.length >= batchSize) await flush();
    }
    batch.push(...mapper.finish());
    if (batch.length >= batchSize) await flush();
    options.onUnit?.(unit, index, found.units.length);
  }
  await flush();
  await Promise.all(inFlight);
  await options.exporter.forceFlush?.();
  const { content } = mapper;
  return summaryFrom(
    mapper.stats,
    {
      files: found.files,
      units: found.units.length,
      formats,
      unrecognized: found.unrecognized,
      ignoredFiles: found.ignored,
      ignoredNames: found.ignoredNames,
      exportFailures,
      exportErrors,
      content: { truncated: content.truncated, redacted: content.redacted },
      drops: dropReport(mapper.stats, content, options.exporter),
      pending: pendingStats(options.exporter),
    },
    diagnostics,
  );
}
