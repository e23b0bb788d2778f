import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/exporters/otlp/backoff.js';
import { parseRetryAfter } from '../../src/exporters/otlp/retry-after.js';
import { isRetryableStatus, statusAction, type StatusAction } from '../../src/exporters/otlp/retryable.js';

describe('statusAction / isRetryableStatus', () => {
  const table: Array<[number, StatusAction]> = [
    [200, 'success'],
    [202, 'success'],
    [204, 'success'],
    [400, 'reject'],
    [401, 'stop'],
    [403, 'stop'],
    [404, 'stop'],
    [405, 'stop'],
    [408, 'reject'],
    [413, 'stop'],
    [415, 'stop'],
    [422, 'reject'],
    [429, 'retry'],
    [500, 'reject'],
    [501, 'reject'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [505, 'reject'],
    [301, 'reject'],
  ];
  it.each(table)('HTTP %i -> %s', (status, action) => {
    expect(statusAction(status)).toBe(action);
    expect(isRetryableStatus(status)).toBe(action === 'retry');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-02T03:04:05Z');
  const table: Array<[string, string | string[] | undefined, number | undefined]> = [
    ['absent', undefined, undefined],
    ['empty', '', undefined],
    ['seconds', '7', 7000],
    ['zero seconds', '0', 0],
    ['seconds with spaces', ' 3 ', 3000],
    ['HTTP date in 10 s', 'Thu, 02 Jan 2025 03:04:15 GMT', 10_000],
    ['HTTP date in the past', 'Thu, 02 Jan 2025 03:00:00 GMT', 0],
    ['first of repeated headers', ['2', '9'], 2000],
    ['negative number', '-5', undefined],
    ['fraction', '1.5', undefined],
    ['garbage', 'soon', undefined],
  ];
  it.each(table)('%s', (_name, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0.2 };
  // [retry, random, expected]: base = min(max, 100 * 2^(retry-1)); delay = base * (0.8 + 0.4 * random)
  const table: Array<[number, number, number]> = [
    [1, 0.5, 100],
    [1, 0, 80],
    [1, 0.999, Math.round(100 * (0.8 + 0.4 * 0.999))],
    [2, 0.5, 200],
    [3, 0.5, 400],
    [4, 0.5, 800],
    [5, 0.5, 1000],
    [9, 0, 800],
  ];
  it.each(table)('retry %i with random %f -> %i ms', (retry, random, expected) => {
    expect(backoffDelay(retry, options, () => random)).toBe(expected);
  });

  it('stays within ±jitter of the capped base with the real random source', () => {
    for (let retry = 1; retry < 12; retry++) {
      const base = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.initialMs * DEFAULT_BACKOFF.multiplier ** (retry - 1));
      const delay = backoffDelay(retry, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(base * (1 - DEFAULT_BACKOFF.jitter)));
      expect(delay).toBeLessThanOrEqual(Math.ceil(base * (1 + DEFAULT_BACKOFF.jitter)));
    }
  });
});
