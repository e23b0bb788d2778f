/**
 * How the pages write figures; the page's script only shows these texts, so
 * each figure is formatted in one place.
 */

/** A duration: `850 ms`, `12.4 s`, `4m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** An offset from the trace's start: `+0 ms`, `+3.21 s`. */
export const formatOffset = (ms: number): string => `+${formatDuration(Math.max(0, ms))}`;

/** A token count, short: `950`, `12.3k`, `1.25M`. */
export function formatTokens(count: number): string {
  if (count < 1000) return String(Math.round(count));
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 2 : 1)}k`;
  return `${(count / 1_000_000).toFixed(2)}M`;
}

/** A count with thousands separators: `10,240`. */
export const formatCount = (count: number): string => Math.round(count).toLocaleString('en-US');

/** US dollars: two decimals from $1, three significant digits below (`$0.0123`), `$0` for nothing. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  const digits = Math.min(10, 2 - Math.floor(Math.log10(Math.abs(usd))));
  return `$${usd.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** An epoch-ms time as UTC, to the second: `2026-12-05 17:53:55 UTC`. */
export function formatTime(epochMs: number): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return '';
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
