import type { ReportResult } from './report.js';
import type { ReportRow } from './report-row.js';

/** The CSV columns: the --json row keys, durations flattened as `toolDurationMs.p50` and so on. */
export const CSV_COLUMNS = [
  'key',
  'sessions',
  'subagents',
  'calls',
  'inputTokens',
  'uncachedInputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'outputTokens',
  'reasoningTokens',
  'costUsd',
  'unpricedCalls',
  'toolCalls',
  'toolFailures',
  'failureRate',
  'toolDurationMs.p50',
  'toolDurationMs.p95',
  'toolDurationMs.max',
] as const;

const SESSION_COLUMNS = ['agent', 'start'] as const;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function values(row: ReportRow, bySession: boolean): Array<string | number | null | undefined> {
  const d = row.toolDurationMs;
  const out: Array<string | number | null | undefined> = [
    row.key,
    row.sessions,
    row.subagents,
    row.calls,
    row.inputTokens,
    row.uncachedInputTokens,
    row.cacheReadTokens,
    row.cacheWriteTokens,
    row.outputTokens,
    row.reasoningTokens,
    row.costUsd,
    row.unpricedCalls,
    row.toolCalls,
    row.toolFailures,
    row.failureRate,
    d?.p50,
    d?.p95,
    d?.max,
  ];
  return bySession ? [...out, row.agent, row.start] : out;
}

/**
 * The report as CSV (RFC 4180, `\n` line ends): a header, one line per row,
 * then the total (key `total`). Empty cells are nulls: no cost known, no tool
 * calls. With --by session, `agent` and `start` are added at the end.
 */
export function reportCsv(result: ReportResult): string {
  const bySession = result.by === 'session';
  const header = bySession ? [...CSV_COLUMNS, ...SESSION_COLUMNS] : [...CSV_COLUMNS];
  const lines = [header.join(','), ...[...result.rows, result.total].map((row) => values(row, bySession).map(cell).join(','))];
  return `${lines.join('\n')}\n`;
}
