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

function normalizeZone(zone: string): string {
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** Like parseTimestamp, for formats whose times are always RFC 3339 strings: anything else is no time. */
export function parseIsoTimestamp(value: unknown): EpochMillis | undefined {
  return typeof value === 'string' ? parseTimestamp(value) : undefined;
}
