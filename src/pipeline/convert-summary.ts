import type { Warning } from '../core/diagnostics.js';
import type { CostSummary } from '../spans/cost-tally.js';
import type { MapperStats } from '../spans/mapper-stats.js';
import type { PendingStats } from '../pending/pending-journal.js';
import type { DropReport } from '../sinks/drop-report.js';

/** What a conversion did: the figures the CLI prints and the library returns. */
export interface ConvertSummary {
  files: number;
  units: number;
  /** Units per source format. */
  formats: Record<string, number>;
  sessions: number;
  failedSessions: number;
  spans: number;
  modelCalls: number;
  toolCalls: number;
  toolFailures: number;
  interruptedToolCalls: number;
  subagents: number;
  /** Subagents under the tool call that launched them. */
  subagentsLinked: number;
  /** Subagents whose launching call is unknown: under their parent session's root. */
  subagentsUnderSession: number;
  /** Subagents whose parent session is not converted in the same run: orphans in a trace of their own (or parent elsewhere). */
  subagentsUnlinked: number;
  /** Spans an exporter reported as not exported. */
  exportFailures: number;
  exportErrors: string[];
  warnings: number;
  warningsByCode: Record<string, number>;
  /** The first warnings in full (file, line, reason). */
  warningList: Warning[];
  unrecognized: string[];
  /** Files that were not agent data at all (README, images, ...). */
  ignoredFiles: number;
  /** The first of them by name (at most 100). */
  ignoredNames: string[];
  content: { truncated: number; redacted: number };
  /** Cost of the model calls: total, by agent and by model, unpriced calls by model. */
  cost: CostSummary;
  /** Everything cut, dropped or redacted on the way out (span limits, content, JSONL line cap, full queues). */
  drops: DropReport;
  /** What OTLP has not delivered, kept in the pending folder for later (with OTLP on and a JSONL folder). */
  pending?: PendingStats;
}

export function summaryFrom(
  stats: MapperStats,
  base: Pick<ConvertSummary, 'files' | 'units' | 'formats' | 'unrecognized' | 'ignoredFiles' | 'ignoredNames' | 'exportFailures' | 'exportErrors' | 'content' | 'drops' | 'pending'>,
  warnings: { total: number; counts: Map<string, number>; kept: Warning[] },
): ConvertSummary {
  return {
    ...base,
    sessions: stats.sessions,
    failedSessions: stats.failedSessions,
    spans: stats.spans,
    modelCalls: stats.modelCalls,
    toolCalls: stats.toolCalls,
    toolFailures: stats.toolFailures,
    interruptedToolCalls: stats.interruptedToolCalls,
    // Counted by the mapper from the placement it made, not from the adapters' reports.
    subagents: stats.subagents,
    subagentsLinked: stats.subagentsLinked,
    subagentsUnderSession: stats.subagentsUnderSession,
    subagentsUnlinked: stats.subagentsUnlinked,
    cost: stats.cost.summary(),
    warnings: warnings.total,
    warningsByCode: Object.fromEntries(warnings.counts),
    warningList: warnings.kept,
  };
}
