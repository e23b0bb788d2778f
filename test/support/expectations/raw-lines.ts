import { readFileSync } from 'node:fs';

/** One JSON line of a fixture as the test itself reads it (plain JSON.parse, 1-based line number). */
export interface RawLine {
  line: number;
  value: Record<string, unknown>;
}

export function isObj(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type ParsedLine = { line: number; ok: true; value: unknown } | { line: number; ok: false };

/** Every non-blank line of a file, 1-based, parsed with plain JSON.parse (`ok: false` when it is not JSON). */
function parsedLines(file: string): ParsedLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, i): ParsedLine[] => {
      if (text.trim() === '') return [];
      try {
        return [{ line: i + 1, ok: true, value: JSON.parse(text) as unknown }];
      } catch {
        // not JSON: the adapter must warn about it; the test checks that separately
        return [{ line: i + 1, ok: false }];
      }
    });
}

/** The lines of a JSONL file that parse as JSON objects; the others are left out. */
export function rawJsonLines(file: string): RawLine[] {
  return parsedLines(file).flatMap((p) => (p.ok && isObj(p.value) ? [{ line: p.line, value: p.value }] : []));
}

/** Line numbers of the non-blank lines that are not JSON. */
export function brokenJsonLines(file: string): number[] {
  return parsedLines(file).flatMap((p) => (p.ok ? [] : [p.line]));
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
