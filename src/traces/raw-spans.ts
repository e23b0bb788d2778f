import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { WarningSink } from '../core/diagnostics.js';
import type { FormatName } from '../adapters/adapter.js';
import type { PriceTable } from '../cost/price-table.js';
import { SUCCESS } from '../exporters/export-result.js';
import { encodeSpanLines } from '../exporters/jsonl/span-lines.js';
import { DEFAULT_MAX_LINE_BYTES } from '../exporters/jsonl/jsonl-options.js';
import { convert } from '../pipeline/convert.js';
import type { ConvertSummary } from '../pipeline/convert-summary.js';
import { decodeTracesData } from './otlp-json.js';
import type { TraceSpan } from './trace-span.js';

export interface RawReadOptions {
  warn: WarningSink;
  /** Read every file as this format (as `convert --format`). */
  format?: FormatName;
  /** Price table or prices file, as `convert` takes it. */
  prices?: PriceTable | string;
  /** Mapper environment (AGENT_OTEL_PRICES and the like); default process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * An exporter that turns each batch into the very lines the JSONL exporter
 * would write (same encoder, same line limit, same shrinking of oversized
 * spans) and decodes them at once: spans read from raw logs are those a
 * `convert` to JSONL followed by a read of the file gives.
 */
class SpanCallbackExporter implements SpanExporter {
  constructor(private readonly onSpan: (span: TraceSpan) => void) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const decoder = new TextDecoder();
    for (const line of encodeSpanLines(spans, DEFAULT_MAX_LINE_BYTES).lines) decodeTracesData(JSON.parse(decoder.decode(line)), this.onSpan);
    resultCallback(SUCCESS);
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Reads agent logs with `convert` (its discovery, adapters and mapper) and hands over each span as it is made. */
export function readRawSpans(inputs: readonly string[], onSpan: (span: TraceSpan) => void, options: RawReadOptions): Promise<ConvertSummary> {
  return convert({
    inputs,
    exporter: new SpanCallbackExporter(onSpan),
    onWarning: options.warn,
    ...(options.format ? { format: options.format } : {}),
    ...(options.prices !== undefined ? { prices: options.prices } : {}),
    ...(options.env ? { mapper: { env: options.env } } : {}),
  });
}
