/**
 * Times in the canonical model are milliseconds since the Unix epoch, as a
 * float so that sources with micro- or nanosecond timestamps keep sub-millisecond
 * precision (a double holds ~0.25 µs at today's epoch).
 */
export type EpochMillis = number;

const FRACTION = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an RFC 3339 / ISO 8601 timestamp, keeping all fractional digits
 * (`Date.parse` keeps only milliseconds). Also accepts epoch seconds or
 * milliseconds as numbers. Returns undefined for anything it cannot read.
 */
export function parseTimestamp(value: unknown): EpochMillis | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    // Heuristic: values below 1e11 are seconds (1e11 s is the year 5138).
    return value < 1e11 ? value * 1000 : value;
  }
  if (typeof value !== 'string' || value.length < 10 || value.length > 64) return undefined;
  return parseUtcZ(value) ?? parseText(value);
}

/** parseTimestamp of a string, through the general pattern. */
export function parseText(value: string): EpochMillis | undefined {
  const m = FRACTION.exec(value.trim());
  if (!m) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  const [, base, fraction = '', zone = 'Z'] = m;
  const whole = Date.parse(`${base}${zone.toUpperCase() === 'Z' ? 'Z' : normalizeZone(zone)}`);
  if (Number.isNaN(whole)) return undefined;
  const frac = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  return whole + frac;
}

/** Midnight (UTC) of the dates seen, by `YYYY-MM-DD`; cleared when it holds many. */
const midnights = new Map<string, number>();

/** The number of `count` digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The common form, `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with a real date and
 * time, read without the pattern and with one `Date.parse` per day: agents
 * write one or more per record. Gives what `parseText` gives for it, and
 * undefined for anything else (parseText decides then).
 */
function parseUtcZ(v: string): EpochMillis | undefined {
  const n = v.length;
  if (n < 20 || v.charCodeAt(n - 1) !== 0x5a || v.charCodeAt(10) !== 0x54) return undefined;
  if (v.charCodeAt(4) !== 0x2d || v.charCodeAt(7) !== 0x2d || v.charCodeAt(13) !== 0x3a || v.charCodeAt(16) !== 0x3a) return undefined;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const hour = digitsAt(v, 11, 2);
  const minute = digitsAt(v, 14, 2);
  const second = digitsAt(v, 17, 2);
  // Days past the month's end are left to Date.parse, which carries them into the next month.
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let fraction = 0;
  if (n > 20) {
    const separator = v.charCodeAt(19);
    if ((separator !== 0x2e && separator !== 0x2c) || n === 21) return undefined;
    for (let i = 20; i < n - 1; i++) if (v.charCodeAt(i) < 0x30 || v.charCodeAt(i) > 0x39) return undefined;
    fraction = Number(`0.${v.slice(20, n - 1)}`) * 1000;
  }
  const date = v.slice(0, 10);
  let midnight = midnights.get(date);
  if (midnight === undefined) {
    midnight = Date.parse(`${date}T00:00:00Z`);
    if (midnights.size >= 4096) midnights.clear();
    midnights.set(date, midnight);
  }
  return midnight + ((hour * 60 + minute) * 60 + second) * 1000 + fraction;
}

function normalizeZone(zone: string): string {
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** Like parseTimestamp, for formats whose times are always RFC 3339 strings: anything else is no time. */
export function parseIsoTimestamp(value: unknown): EpochMillis | undefined {
  return typeof value === 'string' ? parseTimestamp(value) : undefined;
}
