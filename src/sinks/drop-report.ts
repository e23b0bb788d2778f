import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { FanoutExporter } from '../exporters/fanout/fanout-exporter.js';
import { JsonlFileExporter } from '../exporters/jsonl/jsonl-file-exporter.js';
import { PendingJournal, type PendingStats } from '../pending/pending-journal.js';
import type { LimitCounts } from '../spans/span-limits.js';

/** Everything cut, dropped or redacted on the way out, in one place (CLI summary, live API stats). */
export interface DropReport extends LimitCounts {
  /** Captured content cut to the content length limit. */
  contentTruncated: number;
  /** Secrets replaced by `[REDACTED:<rule>]`. */
  secretsRedacted: number;
  /** JSONL: spans shrunk to fit one line (`agent_otel.truncated=true`), and spans too large for a line even then. */
  jsonlSpansShrunk: number;
  jsonlSpansDropped: number;
  /** Spans a sink refused because its queue was full, by sink. */
  queueDropped: Record<string, number>;
}

function legs(exporter: SpanExporter | undefined): FanoutExporter['legs'] {
  return exporter instanceof FanoutExporter ? exporter.legs : [];
}

/** Gathers the mapper's counts and the sinks' (a FanoutExporter's legs, a JSONL file exporter). */
export function dropReport(limits: LimitCounts, content: { truncated: number; redacted: number }, exporter?: SpanExporter): DropReport {
  const files = [exporter, ...legs(exporter).map((leg) => leg.exporter)].filter((e) => e instanceof JsonlFileExporter);
  const report: DropReport = {
    valuesTruncated: limits.valuesTruncated,
    attributesDropped: limits.attributesDropped,
    eventsDropped: limits.eventsDropped,
    eventAttributesDropped: limits.eventAttributesDropped,
    contentTruncated: content.truncated,
    secretsRedacted: content.redacted,
    jsonlSpansShrunk: 0,
    jsonlSpansDropped: 0,
    queueDropped: Object.fromEntries(legs(exporter).map((leg) => [leg.name, leg.stats().dropped])),
  };
  for (const file of files) {
    const stats = file.stats();
    report.jsonlSpansShrunk += stats.spansTruncated;
    report.jsonlSpansDropped += stats.spansDropped;
  }
  return report;
}

/** The pending journal's counts, when an OTLP leg of `exporter` has one. */
export function pendingStats(exporter?: SpanExporter): PendingStats | undefined {
  return pendingJournalOf(exporter)?.stats();
}

/** Delivers what the OTLP leg's pending folder holds now (see PendingJournal.redeliver); nothing without one. */
export function redeliverPending(exporter?: SpanExporter): Promise<void> {
  return pendingJournalOf(exporter)?.redeliver() ?? Promise.resolve();
}

function pendingJournalOf(exporter?: SpanExporter): PendingJournal | undefined {
  const journal = legs(exporter).find((leg) => leg.journal instanceof PendingJournal)?.journal;
  return journal instanceof PendingJournal ? journal : undefined;
}
