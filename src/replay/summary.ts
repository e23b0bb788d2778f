/** The counts a replay reports when it ends (or stops). */
export interface ReplaySummary {
  /** Input files taken. */
  files: number;
  /** Non-blank lines read (skipped ones included). */
  lines: number;
  /** Spans found in the lines read. */
  spans: number;
  /** HTTP requests made, retries included (in a dry run: requests that would be made). */
  requests: number;
  /** Requests that were retries. */
  retries: number;
  /** Uncompressed request body bytes of the batches sent (dry run: that would be sent). */
  bytes: number;
  /** Bytes put on the wire (after gzip). */
  wireBytes: number;
  /** Spans the endpoint accepted the request for but reported as rejected (`partialSuccess.rejectedSpans`). */
  rejected: number;
  /** Spans in batches the endpoint refused or that could not be delivered. */
  failed: number;
  /** Lines not sent: invalid JSON, torn last line, overlong, not trace data. */
  skippedLines: number;
  /** Warnings raised (see `warningCounts` for their codes). */
  warnings: number;
  warningCounts: Record<string, number>;
  /** Bytes not read again because the checkpoint says they were already acknowledged. */
  resumedBytes: number;
  dryRun: boolean;
  durationMs: number;
  /** Endpoint without credentials or query string. */
  endpoint?: string;
  checkpoint?: string;
}

export function emptySummary(dryRun: boolean): ReplaySummary {
  return {
    files: 0,
    lines: 0,
    spans: 0,
    requests: 0,
    retries: 0,
    bytes: 0,
    wireBytes: 0,
    rejected: 0,
    failed: 0,
    skippedLines: 0,
    warnings: 0,
    warningCounts: {},
    resumedBytes: 0,
    dryRun,
    durationMs: 0,
  };
}

/** A few human lines for the CLI. */
export function formatSummary(s: ReplaySummary): string {
  const verb = s.dryRun ? 'would send' : 'sent';
  const delivered = s.spans - s.rejected - s.failed;
  const lines = [
    `${s.dryRun ? 'dry run: ' : ''}${s.files} files, ${s.lines} lines, ${s.spans} spans; ${verb} ${s.requests} requests (${s.bytes} bytes${s.dryRun ? '' : `, ${s.wireBytes} on the wire`}), ${s.retries} retries`,
  ];
  if (!s.dryRun) lines.push(`delivered ${delivered} spans, rejected ${s.rejected}, failed ${s.failed}`);
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
