import { readFileSync } from 'node:fs';

/** One JSON line of a fixture as the test itself reads it (plain JSON.parse, 1-based line number). */
export interface RawLine {
  line: number;
  value: Record<string, unknown>;
}

/** The lines of a JSONL file that parse as JSON objects; the others are left out. */
export function rawJsonLines(file: string): RawLine[] {
  const out: RawLine[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          out.push({ line: i + 1, value: value as Record<string, unknown> });
        }
      } catch {
        // not JSON: the adapter must warn about it; the test checks that separately
      }
    });
  return out;
}

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/**
 * Splits an RFC 3339 time into whole milliseconds and the fraction of a second
 * in nanoseconds, so that differences keep all nine digits.
 */
export function isoParts(ts: string): { wholeMs: number; nanos: number } {
  const m = ISO.exec(ts);
  if (!m) throw new Error(`not an RFC 3339 time: ${ts}`);
  const [, base, fraction = '', zone] = m;
  return { wholeMs: Date.parse(`${base}${zone}`), nanos: Number(fraction.padEnd(9, '0').slice(0, 9)) };
}

/** `b - a` in milliseconds, from the digits of two RFC 3339 times. */
export function isoDiffMs(a: string, b: string): number {
  const pa = isoParts(a);
  const pb = isoParts(b);
  return pb.wholeMs - pa.wholeMs + (pb.nanos - pa.nanos) / 1e6;
}

/** An RFC 3339 time as epoch milliseconds (fractional). */
export function isoMs(ts: string): number {
  const p = isoParts(ts);
  return p.wholeMs + p.nanos / 1e6;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
