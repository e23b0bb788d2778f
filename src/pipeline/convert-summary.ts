import type { Warning } from '../adapters/diagnostics.js';
import type { MapperStats } from '../spans/mapper-stats.js';

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
  subagentsLinked: number;
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
  content: { truncated: number; redacted: number };
}

export function summaryFrom(
  stats: MapperStats,
  base: Pick<ConvertSummary, 'files' | 'units' | 'formats' | 'unrecognized' | 'ignoredFiles' | 'exportFailures' | 'exportErrors' | 'content'>,
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
    // Subagents whose parent is missing convert as sessions of their own; the adapter reports each.
    subagents: stats.subagents + (warnings.counts.get('subagent_unlinked') ?? 0),
    subagentsLinked: stats.subagentsLinked,
    subagentsUnlinked: stats.subagentsUnlinked + (warnings.counts.get('subagent_unlinked') ?? 0),
    warnings: warnings.total,
    warningsByCode: Object.fromEntries(warnings.counts),
    warningList: warnings.kept,
  };
}
