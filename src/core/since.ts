import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A point in time given on the command line (`--since`, `--until`): a
 * duration back from `now` (`90s`, `30m`, `12h`, `7d`, `2w`) or a date
 * (`2026-12-01`, ISO 8601; a date alone is its midnight UTC). `option` names
 * the option in the error.
 */
export function parseSince(text: string, now: number, option = '--since'): number {
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim());
  if (duration) return now - Number(duration[1]) * (UNITS[duration[2]!.toLowerCase()] ?? 0);
  const date = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim()) && Number.isFinite(date)) return date;
  throw new UsageError(`${option} takes a duration (30m, 12h, 7d) or a date (2026-12-01), not "${text}"`);
}
