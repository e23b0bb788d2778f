import { parseTimestamp } from '../model/time.js';
import type { WarningSink } from '../core/diagnostics.js';

/** A time read from a record, or reused from the previous one (`exact: false`). */
export interface Stamp {
  time: number;
  exact: boolean;
}

/**
 * Times of records in reading order: a record without a usable timestamp gets
 * the previous record's time, marked inexact. Undefined only when nothing
 * before it had a time either.
 */
export class Clock {
  private last: number | undefined;

  constructor(start?: number) {
    this.last = start;
  }

  at(raw: unknown): Stamp | undefined {
    const time = parseTimestamp(raw);
    if (time !== undefined) {
      this.last = time;
      return { time, exact: true };
    }
    return this.last === undefined ? undefined : { time: this.last, exact: false };
  }

  /**
   * `at` for a record that cannot be placed without a time: when neither it
   * nor any record before it has one, it is reported (see `reportMissingTime`)
   * and undefined returned, so the caller skips it.
   */
  atOrReport(raw: unknown, where: { file: string; line: number }, warn: WarningSink, lacks: string): Stamp | undefined {
    const stamp = this.at(raw);
    if (!stamp) reportMissingTime(where, warn, lacks);
    return stamp;
  }

  /** A time of a nested record (a thought, a tool call) that does not move the clock. */
  peek(raw: unknown, fallback: Stamp): Stamp {
    const time = parseTimestamp(raw);
    return time === undefined ? { time: fallback.time, exact: false } : { time, exact: true };
  }

  get latest(): number | undefined {
    return this.last;
  }
}

/** `timeExact: false` when the time was inferred, nothing when it was read. */
export function exactness(stamp: Stamp): { timeExact?: false } {
  return stamp.exact ? {} : { timeExact: false };
}

/**
 * A record skipped because it has no time and none came before it: code
 * `missing_time`, naming file and line. `lacks` says what is missing
 * (`record has no recorded_at`).
 */
export function reportMissingTime(where: { file: string; line: number }, warn: WarningSink, lacks: string): void {
  warn({ code: 'missing_time', file: where.file, line: where.line, message: `${lacks} and none came before it; skipped` });
}
