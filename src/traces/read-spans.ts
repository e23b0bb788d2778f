import type { Warning, WarningSink } from '../core/diagnostics.js';
import { isRecord, readJsonLines } from '../core/json-lines.js';
import type { FormatName } from '../adapters/adapter.js';
import type { PriceTable } from '../cost/price-table.js';
import { decodeTracesData } from './otlp-json.js';
import { readRawSpans } from './raw-spans.js';
import { sortTraceInputs } from './trace-inputs.js';
import type { ReadSummary, TraceSpan } from './trace-span.js';

export interface ReadSpansOptions {
  /** Called for every warning (a bad line: its file and line); reading goes on. */
  onWarning?: WarningSink;
  /** Longest JSONL line accepted, in bytes (default 64 MiB). */
  maxLineBytes?: number;
  /** For raw agent logs: read every file as this format. */
  format?: FormatName;
  /** For raw agent logs: the price table or prices file (as `convert`). */
  prices?: PriceTable | string;
  /** For raw agent logs: the environment the mapper reads (default process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * Reads spans back, streaming: agent-otel JSONL files (files, or folders of
 * them) line by line, and raw agent logs through `convert`'s adapters and
 * mapper; each input is told apart by its content. `onSpan` gets every span
 * as it is read, so a caller that keeps only aggregates reads any size in
 * bounded memory. A bad line is a warning naming its file and line, never an
 * error; a missing input is an error (as in `convert`).
 */
export async function readSpans(
  paths: readonly string[],
  onSpan: (span: TraceSpan) => void,
  options: ReadSpansOptions = {},
): Promise<ReadSummary> {
  const summary: ReadSummary = { spans: 0, traceFiles: 0, lines: 0, rawInputs: 0, units: 0, warnings: 0 };
  const warn = (warning: Warning): void => {
    summary.warnings++;
    options.onWarning?.(warning);
  };
  const count = (span: TraceSpan): void => {
    summary.spans++;
    onSpan(span);
  };
  const inputs = await sortTraceInputs(paths, warn);
  for (const file of inputs.traceFiles) {
    summary.traceFiles++;
    const lineOptions = options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes };
    for await (const { value, line } of readJsonLines(file, warn, lineOptions)) {
      summary.lines++;
      if (!isRecord(value) || !Array.isArray(value['resourceSpans'])) {
        warn({ code: 'not_traces', file, line, message: 'not OTLP trace data (no resourceSpans array); skipped' });
        continue;
      }
      const skipped = decodeTracesData(value, count);
      if (skipped > 0) warn({ code: 'span_without_ids', file, line, message: `${skipped} span(s) without trace or span id; skipped` });
    }
  }
  if (inputs.rawInputs.length > 0) {
    summary.rawInputs = inputs.rawInputs.length;
    const converted = await readRawSpans(inputs.rawInputs, count, {
      warn,
      ...(options.format ? { format: options.format } : {}),
      ...(options.prices !== undefined ? { prices: options.prices } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    summary.units = converted.units;
  }
  return summary;
}
