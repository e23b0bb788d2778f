import { UsageError } from '../core/errors.js';

export type TimeUnit = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Calendar fields of an instant in a time zone (UTC unless named). */
type Fields = { year: number; month: number; day: number };

/**
 * The calendar bucket of an instant: `2026-12-05` (day), `2026-W49` (ISO
 * week, Monday first), `2026-12` (month), in UTC by default or in an IANA
 * time zone. With a zone, the local date is looked up once per quarter hour
 * of time seen (zone offsets are whole quarter hours, so a local midnight is
 * always on a quarter-hour boundary) and kept in a cache that is emptied when
 * it grows.
 */
export class TimeBuckets {
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly cache = new Map<number, Fields>();

  constructor(
    readonly unit: TimeUnit,
    readonly timeZone = 'UTC',
  ) {
    if (timeZone === 'UTC') return;
    try {
      this.format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new UsageError(`--tz takes an IANA time zone name (Europe/Paris, America/New_York) or UTC, not "${timeZone}"`);
    }
  }

  key(ms: number): string {
    const f = this.fields(ms);
    if (this.unit === 'day') return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
    if (this.unit === 'month') return `${f.year}-${pad(f.month)}`;
    return isoWeek(f);
  }

  private fields(ms: number): Fields {
    if (!this.format) {
      const d = new Date(ms);
      return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    }
    const slot = Math.floor(ms / (HOUR_MS / 4));
    let f = this.cache.get(slot);
    if (!f) {
      const parts = this.format.formatToParts(new Date(ms));
      const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      f = { year: get('year'), month: get('month'), day: get('day') };
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(slot, f);
    }
    return f;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 week of a calendar date: `YYYY-Www`, the year being the week's (the year of its Thursday). */
export function isoWeek({ year, month, day }: Fields): string {
  const date = Date.UTC(year, month - 1, day);
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date + (3 - weekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS / 7) + 1;
  return `${weekYear}-W${pad(week)}`;
}
