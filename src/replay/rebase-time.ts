import { isRecord } from '../core/json-lines.js';

/**
 * `--rebase-time`: shifts every span of a replay by one constant so that the
 * latest span end becomes "now", keeping all durations and relative times.
 * OTLP/JSON times are int64 nanoseconds (strings, or numbers in some writers);
 * they are handled as BigInt so no nanosecond is lost.
 */

const NANOS_KEY = /"(startTimeUnixNano|endTimeUnixNano|timeUnixNano)"(\s*:\s*)(\d+)/g;

/**
 * Quotes numeric nanosecond fields (`"startTimeUnixNano":1700000000000000001`)
 * so `JSON.parse` keeps all their digits. Inside a JSON string a `"` is always
 * escaped, so the pattern cannot match text within attribute values.
 */
export function quoteNanos(text: string): string {
  return text.replace(NANOS_KEY, '"$1"$2"$3"');
}

/** Parses a line for rebasing: like `JSON.parse`, but nanosecond numbers stay exact. */
export function parseKeepingNanos(text: string): unknown {
  return JSON.parse(quoteNanos(text));
}

export function toNanos(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

function* spansOf(value: { resourceSpans: unknown[] }): Generator<Record<string, unknown>> {
  for (const rs of value.resourceSpans) {
    if (!isRecord(rs) || !Array.isArray(rs['scopeSpans'])) continue;
    for (const ss of rs['scopeSpans']) {
      if (!isRecord(ss) || !Array.isArray(ss['spans'])) continue;
      for (const span of ss['spans']) if (isRecord(span)) yield span;
    }
  }
}

/** The latest `endTimeUnixNano` of a `TracesData` value (undefined without spans). Zero (unset) ends are ignored. */
export function latestEnd(value: { resourceSpans: unknown[] }): bigint | undefined {
  let latest: bigint | undefined;
  for (const span of spansOf(value)) {
    const end = toNanos(span['endTimeUnixNano']);
    if (end !== undefined && end > 0n && (latest === undefined || end > latest)) latest = end;
  }
  return latest;
}

/** The shift that moves `latest` to `nowNanos`. */
export function rebaseShift(latest: bigint, nowNanos: bigint): bigint {
  return nowNanos - latest;
}

/** Current time in epoch nanoseconds (millisecond precision). */
export function nowNanos(nowMs: number = Date.now()): bigint {
  return BigInt(Math.round(nowMs)) * 1_000_000n;
}

function shiftField(record: Record<string, unknown>, key: string, shift: bigint): void {
  const value = toNanos(record[key]);
  if (value === undefined || value === 0n) return;
  const shifted = value + shift;
  record[key] = (shifted < 0n ? 0n : shifted).toString();
}

/**
 * Shifts span starts and ends and span event times of a `TracesData` value in
 * place by `shift` nanoseconds. Unset (zero) times stay unset.
 */
export function shiftTimes(value: { resourceSpans: unknown[] }, shift: bigint): void {
  if (shift === 0n) return;
  for (const span of spansOf(value)) {
    shiftField(span, 'startTimeUnixNano', shift);
    shiftField(span, 'endTimeUnixNano', shift);
    const events = span['events'];
    if (!Array.isArray(events)) continue;
    for (const event of events) if (isRecord(event)) shiftField(event, 'timeUnixNano', shift);
  }
}
