import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseSince } from '../../src/core/since.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const SECOND = 1000;
const HOUR = 3600 * SECOND;

describe('parseSince', () => {
  it.each([
    ['90s', 90 * SECOND],
    ['30m', 30 * 60 * SECOND],
    ['12h', 12 * HOUR],
    ['1.5h', 1.5 * HOUR],
    ['7d', 7 * 24 * HOUR],
    ['2w', 14 * 24 * HOUR],
    [' 30M ', 30 * 60 * SECOND],
    ['10 m', 10 * 60 * SECOND],
  ])('a duration %j goes back from now', (text, back) => {
    expect(parseSince(text, NOW)).toBe(NOW - back);
  });

  it.each([
    ['2026-12-01', Date.UTC(2026, 11, 1)],
    ['2026-06-01T08:30:00Z', Date.UTC(2026, 5, 1, 8, 30)],
    ['2026-06-01T08:30:00+02:00', Date.UTC(2026, 5, 1, 6, 30)],
  ])('a date %j is that time', (text, at) => {
    expect(parseSince(text, NOW)).toBe(at);
  });

  it.each(['yesterday', '10', '-5m', '5y', '', '2026-13-45', '12/01/2026', 'm'])('%j is a usage error naming the value', (text) => {
    let error: unknown;
    try {
      parseSince(text, NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('AGENT_OTEL_USAGE');
    expect((error as Error).message).toContain(`"${text}"`);
  });

  it('names the option it was given for', () => {
    expect(() => parseSince('soon', NOW, '--until')).toThrow(/^--until takes a duration/);
    expect(() => parseSince('soon', NOW)).toThrow(/^--since takes a duration/);
  });
});
