/** Compact figures for report tables: a column of numbers stays narrow whatever their size. */

/** 1,234 below 100,000; then 123.4k, 12.35M, 1.235G. */
export function compactCount(n: number): string {
  if (n < 100_000) return Math.round(n).toLocaleString('en-US');
  for (const [size, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (n >= size) {
      const v = n / size;
      return `${v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3)}${suffix}`;
    }
  }
  return String(n);
}

/** $1,234.56; under a dollar four decimals ($0.0123); a row with unpriced calls gets a `*`. */
export function usd(value: number | null, unpriced = false): string {
  if (value === null) return '';
  const text = value >= 1 ? `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : `$${value.toFixed(4)}`;
  return unpriced ? `${text}*` : text;
}

export const percent = (rate: number | null): string => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`);

/** 850ms, 12.3s, 4.5m, 1.2h. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

/** Text cut to `width` characters, the last one an ellipsis when cut. */
export function ellipsis(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`;
}

/** Words wrapped to lines of at most `width` characters (a longer word is cut). */
export function wrap(text: string, width: number | undefined): string[] {
  if (width === undefined || text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const w = ellipsis(word, width);
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
