/** Figures of repeated runs: median with min and max, and formatting for the tables. */

export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[n - 1] ?? NaN, runs: values };
}

/** Applies `fn` to median, min and max (e.g. time -> throughput; min and max swap when `fn` decreases). */
export function mapSummary(s, fn) {
  const a = fn(s.min);
  const b = fn(s.max);
  return { median: fn(s.median), min: Math.min(a, b), max: Math.max(a, b), runs: s.runs.map(fn) };
}

export function fmt(n, digits = 0) {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `12.3 (11.9–12.8)` */
export function fmtSummary(s, digits = 0, unit = '') {
  return `${fmt(s.median, digits)}${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

export const MIB = 1024 * 1024;

export function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return n;
}

/** The p-th percentile (0-100) by nearest rank: a value that was measured. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
