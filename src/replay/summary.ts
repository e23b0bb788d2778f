import type { LineRange } from './batch-builder.js';

/** Refused ranges listed in a summary; the rest are counted. */
export const MAX_LISTED_RANGES = 20;

/** Lines of one file the endpoint refused (1-based, inclusive). */
export interface RefusedLines {
  file: string;
  firstLine: number;
  lastLine: number;
}

/**
 * The counts a replay reports when it ends (or stops). Every span read ends
 * in exactly one of `delivered`, `rejected`, `refused`, `failed`, `unsent`
 * (outside a dry run).
 */
export interface ReplaySummary {
  /** Input files taken. */
  files: number;
  /** Non-blank lines read (skipped ones included). */
  lines: number;
  /** Spans found in the lines read. */
  spans: number;
  /** Spans the endpoint acknowledged: in accepted requests, less those it reported as rejected. */
  delivered: number;
  /** HTTP requests made, retries included (in a dry run: requests that would be made). */
  requests: number;
  /** Requests that were retries. */
  retries: number;
  /** Uncompressed request body bytes of the batches sent, once per batch (dry run: that would be sent). */
  bytes: number;
  /** Bytes put on the wire (after gzip), retries included. */
  wireBytes: number;
  /** Spans the endpoint accepted the request for but reported as rejected (`partialSuccess.rejectedSpans`). */
  rejected: number;
  /** Spans in requests the endpoint refused (a 400, a 500): not acknowledged, sent again by the next run. */
  refused: number;
  /** Spans in requests that got no final answer because the replay stopped (retries exhausted, network failure, 401/403/404...). */
  failed: number;
  /** Spans read but not sent because the replay stopped or was interrupted first. */
  unsent: number;
  /** Where the refused spans are: the first ranges of lines (MAX_LISTED_RANGES). */
  refusedLines: RefusedLines[];
  /** Refused ranges in all (those listed and the others). */
  refusedRanges: number;
  /** Lines not sent: invalid JSON, torn last line, overlong, not trace data. */
  skippedLines: number;
  /** Warnings raised (see `warningCounts` for their codes). */
  warnings: number;
  warningCounts: Record<string, number>;
  /** Bytes not read again because the checkpoint says they were already acknowledged. */
  resumedBytes: number;
  dryRun: boolean;
  durationMs: number;
  /** Endpoint without credentials (user, password, secret query values). */
  endpoint?: string;
  checkpoint?: string;
}

export function emptySummary(dryRun: boolean): ReplaySummary {
  return {
    files: 0,
    lines: 0,
    spans: 0,
    delivered: 0,
    requests: 0,
    retries: 0,
    bytes: 0,
    wireBytes: 0,
    rejected: 0,
    refused: 0,
    failed: 0,
    unsent: 0,
    refusedLines: [],
    refusedRanges: 0,
    skippedLines: 0,
    warnings: 0,
    warningCounts: {},
    resumedBytes: 0,
    dryRun,
    durationMs: 0,
  };
}

/** Whether every span read was acknowledged whole: none rejected, refused, failed or left unsent. */
export function allDelivered(s: ReplaySummary): boolean {
  return s.rejected + s.refused + s.failed + s.unsent === 0;
}

/** Notes ranges of lines the endpoint refused in the summary (the first ones listed, all counted). */
export function noteRefused(summary: ReplaySummary, ranges: readonly LineRange[]): void {
  for (const r of ranges) {
    summary.refusedRanges++;
    if (summary.refusedLines.length < MAX_LISTED_RANGES) summary.refusedLines.push({ file: r.file, firstLine: r.line, lastLine: r.endLine - 1 });
  }
}

/** What to do about refused spans, as plain replay says it. */
function resendAdvice(s: ReplaySummary): string {
  return s.checkpoint
    ? 'they are not acknowledged: fix what the endpoint objected to (see the warnings), then run the same replay again to send only these lines'
    : 'fix what the endpoint objected to (see the warnings), then run the replay again (without a checkpoint, every line is sent again)';
}

/** A few human lines for the CLI; `refusedAdvice` replaces the advice about refused spans. */
export function formatSummary(s: ReplaySummary, options: { refusedAdvice?: string } = {}): string {
  const verb = s.dryRun ? 'would send' : 'sent';
  const lines = [
    `${s.dryRun ? 'dry run: ' : ''}${s.files} files, ${s.lines} lines, ${s.spans} spans; ${verb} ${s.requests} requests (${s.bytes} bytes${s.dryRun ? '' : `, ${s.wireBytes} on the wire`}), ${s.retries} retries`,
  ];
  if (!s.dryRun) {
    lines.push(
      `delivered ${s.delivered} spans; not delivered: ${s.rejected} rejected in partial successes, ${s.refused} refused, ${s.failed} failed, ${s.unsent} not sent`,
    );
  }
  if (s.refusedRanges > 0) {
    const listed = s.refusedLines.map((r) => (r.firstLine === r.lastLine ? `${r.file}:${r.firstLine}` : `${r.file}:${r.firstLine}-${r.lastLine}`));
    const more = s.refusedRanges > listed.length ? ` and ${s.refusedRanges - listed.length} more` : '';
    lines.push(`refused lines ${listed.join(', ')}${more}`);
    lines.push(`  ${options.refusedAdvice ?? resendAdvice(s)}`);
  }
  if (s.skippedLines > 0 || s.warnings > 0) {
    const codes = Object.entries(s.warningCounts)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ');
    lines.push(`skipped ${s.skippedLines} lines; ${s.warnings} warnings${codes ? ` (${codes})` : ''}`);
  }
  if (s.resumedBytes > 0) lines.push(`resumed: ${s.resumedBytes} bytes already acknowledged were not read again`);
  if (s.endpoint) lines.push(`endpoint ${s.endpoint}`);
  if (s.checkpoint) lines.push(`checkpoint ${s.checkpoint}`);
  return lines.join('\n');
}
