import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatTime, formatTokens } from '../../src/view/format.js';

describe('the pages’ figures', () => {
  it('durations from fractions of a millisecond to hours', () => {
    expect([0, 0.25, 850, 1234, 12_345, 245_000, 3_725_000].map(formatDuration)).toEqual(['0 ms', '0.25 ms', '850 ms', '1.23 s', '12.3 s', '4m 05s', '1h 02m']);
  });

  it('tokens short, cost in dollars with three significant digits below a dollar', () => {
    expect([950, 1234, 12_345, 1_250_000].map(formatTokens)).toEqual(['950', '1.23k', '12.3k', '1.25M']);
    expect([0, 0.0123, 0.5, 0.000475, 12.345].map(formatCost)).toEqual(['$0', '$0.0123', '$0.50', '$0.000475', '$12.35']);
  });

  it('times in UTC to the second, nothing for an unknown time', () => {
    expect(formatTime(Date.UTC(2026, 1, 12, 15, 0, 7, 900))).toBe('2026-02-12 15:00:07 UTC');
    expect(formatTime(0)).toBe('');
  });
});
