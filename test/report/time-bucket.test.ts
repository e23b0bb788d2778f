import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { TimeBuckets } from '../../src/report/time-bucket.js';

describe('TimeBuckets', () => {
  it.each([
    // Known ISO weeks: 2026-01-01 is a Thursday (week 1 of 2026), 2027-01-01 a Friday (week 53 of 2026),
    // 2024-12-30 a Monday (week 1 of 2025), 2026-12-05 a Saturday.
    ['2026-01-01T00:00:00Z', '2026-01-01', '2026-W01', '2026-01'],
    ['2027-01-01T12:00:00Z', '2027-01-01', '2026-W53', '2027-01'],
    ['2024-12-30T08:00:00Z', '2024-12-30', '2025-W01', '2024-12'],
    ['2026-12-05T23:59:59Z', '2026-12-05', '2026-W49', '2026-12'],
    ['2026-12-07T00:00:00Z', '2026-12-07', '2026-W50', '2026-12'],
  ])('%s is day %s, week %s, month %s in UTC', (iso, day, week, month) => {
    const ms = Date.parse(iso);
    expect(new TimeBuckets('day').key(ms)).toBe(day);
    expect(new TimeBuckets('week').key(ms)).toBe(week);
    expect(new TimeBuckets('month').key(ms)).toBe(month);
  });

  it('uses the local date of a named time zone', () => {
    const ms = Date.parse('2026-12-31T23:30:00Z');
    expect(new TimeBuckets('day', 'Europe/Paris').key(ms)).toBe('2027-01-01');
    expect(new TimeBuckets('month', 'Europe/Paris').key(ms)).toBe('2027-01');
    expect(new TimeBuckets('day', 'America/New_York').key(ms)).toBe('2026-12-31');
    // Kathmandu is UTC+05:45: its midnight is on a quarter hour.
    expect(new TimeBuckets('day', 'Asia/Kathmandu').key(Date.parse('2026-06-01T18:14:59Z'))).toBe('2026-06-01');
    expect(new TimeBuckets('day', 'Asia/Kathmandu').key(Date.parse('2026-06-01T18:15:00Z'))).toBe('2026-06-02');
  });

  it('refuses an unknown zone as bad usage', () => {
    expect(() => new TimeBuckets('day', 'Mars/Olympus')).toThrow(UsageError);
  });
});
