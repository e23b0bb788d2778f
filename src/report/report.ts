import type { WarningSink } from '../core/diagnostics.js';
import type { FormatName } from '../adapters/adapter.js';
import type { PriceTable } from '../cost/price-table.js';
import { readSpans } from '../traces/read-spans.js';
import type { ReadSummary } from '../traces/trace-span.js';
import { ReportAggregator, type ReportGrouping } from './report-aggregator.js';
import { reportNotes } from './report-notes.js';
import type { ReportRow } from './report-row.js';
import { SKETCH_RELATIVE_ERROR } from './quantile-sketch.js';

export interface ReportOptions {
  /** agent-otel JSONL files or folders, or raw agent logs and folders (told apart by content). */
  inputs: readonly string[];
  /** The grouping of the rows (default `day`). */
  by?: ReportGrouping;
  /** Count only spans that start at or after this time (epoch ms) and before `until`. */
  since?: number;
  until?: number;
  /** IANA time zone of the day, week and month buckets (default `UTC`). */
  timeZone?: string;
  /** Called for every warning (a bad line names its file and line). */
  onWarning?: WarningSink;
  /** For raw agent logs, as `convert` takes them. */
  format?: FormatName;
  prices?: PriceTable | string;
  env?: Record<string, string | undefined>;
}

/** A report, as `agent-otel report --json` prints it (keys documented in docs/report.md). */
export interface ReportResult {
  by: ReportGrouping;
  /** The zone of the time buckets (`UTC` unless --tz). */
  timeZone: string;
  /** The filter, as ISO 8601 instants, when given. */
  since?: string;
  until?: string;
  rows: ReportRow[];
  total: ReportRow;
  /** False when no chat span carries any cost information: costUsd is null everywhere. */
  hasCost: boolean;
  /** Models of calls that have no cost (sorted). */
  unpricedModels: string[];
  /** How the duration quantiles are computed. */
  quantiles: { method: 'sketch'; relativeError: number };
  /** Plain-language notes on what the figures leave out. */
  notes: string[];
  /** What was read. */
  read: ReadSummary;
  /** Spans left out by --since / --until. */
  filteredSpans: number;
}

/**
 * Reads spans (streaming, see readSpans) and adds them up by day, week,
 * month, session, agent, model or tool. Memory holds one row per key, never
 * the spans. Each span counts at its own start time.
 */
export async function report(options: ReportOptions): Promise<ReportResult> {
  const by = options.by ?? 'day';
  const timeZone = options.timeZone ?? 'UTC';
  const aggregator = new ReportAggregator(by, timeZone);
  const since = options.since ?? -Infinity;
  const until = options.until ?? Infinity;
  let filteredSpans = 0;
  const read = await readSpans(
    options.inputs,
    (span) => {
      if (span.startMs < since || span.startMs >= until) filteredSpans++;
      else aggregator.add(span);
    },
    {
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      ...(options.format ? { format: options.format } : {}),
      ...(options.prices !== undefined ? { prices: options.prices } : {}),
      ...(options.env ? { env: options.env } : {}),
    },
  );
  const { rows, total } = aggregator.result();
  const unpricedModels = [...aggregator.unpricedModels].sort();
  return {
    by,
    timeZone,
    ...(options.since !== undefined ? { since: new Date(options.since).toISOString() } : {}),
    ...(options.until !== undefined ? { until: new Date(options.until).toISOString() } : {}),
    rows,
    total,
    hasCost: aggregator.hasCost,
    unpricedModels,
    quantiles: { method: 'sketch', relativeError: SKETCH_RELATIVE_ERROR },
    notes: reportNotes({ by, total, hasCost: aggregator.hasCost, unpricedModels, otherSpans: aggregator.otherSpans, filteredSpans }),
    read,
    filteredSpans,
  };
}
