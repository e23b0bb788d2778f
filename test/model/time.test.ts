import { describe, expect, it } from 'vitest';
import { parseText, parseTimestamp } from '../../src/model/time.js';

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Milliseconds of a UTC date and time, computed without parsing any text. */
function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

describe('parseTimestamp', () => {
  it('reads RFC 3339 UTC times with every fractional digit, as computed from their fields', () => {
    const rand = prng(7);
    for (let i = 0; i < 5000; i++) {
      const y = 1970 + Math.floor(rand() * 130);
      const mo = 1 + Math.floor(rand() * 12);
      const d = 1 + Math.floor(rand() * 28);
      const h = Math.floor(rand() * 24);
      const mi = Math.floor(rand() * 60);
      const s = Math.floor(rand() * 60);
      const digits = Math.floor(rand() * 10);
      const fraction = digits === 0 ? '' : String(Math.floor(rand() * 10 ** digits)).padStart(digits, '0');
      const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction ? `.${fraction}` : ''}Z`;
      const expected = utcMillis(y, mo, d, h, mi, s) + (fraction ? Number(`0.${fraction}`) * 1000 : 0);
      expect(parseTimestamp(text), text).toBe(expected);
    }
  });

  it('gives what the general pattern gives for texts near the common form', () => {
    const rand = prng(11);
    const samples = [
      '2024-02-29T12:00:00Z', // leap day
      '2023-02-29T12:00:00Z', // no such day
      '2100-02-29T00:00:00Z', // not a leap year
      '2000-02-29T00:00:00Z', // a leap year
      '2026-04-31T00:00:00Z',
      '2026-12-31T23:59:59.999999999Z',
      '2026-12-31T24:00:00Z',
      '2026-12-31T23:59:60Z',
      '2026-12-31T23:60:00Z',
      '2026-00-10T10:00:00Z',
      '2026-13-10T10:00:00Z',
      '2026-01-00T10:00:00Z',
      '2026-01-10t10:00:00z',
      '2026-01-10 10:00:00Z',
      '2026-01-10T10:00:00.Z',
      '2026-01-10T10:00:00,5Z',
      '2026-01-10T10:00:00.12345678901234567890Z',
      '2026-01-10T10:00:00.1a3Z',
      '2026-01-10T10:00:00+02:00',
      ' 2026-01-10T10:00:00Z',
      '2026-01-10T10:00:00Z ',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '2026-1-10T10:00:00Z',
      '2026-01-10T1:00:00.5Z',
    ];
    const chars = '0123456789-:T.,Z +tz';
    for (let i = 0; i < 5000; i++) {
      // One or two characters of a valid time changed at random.
      const base = [...'2026-06-15T08:30:45.123Z'];
      for (let k = 0; k < 1 + Math.floor(rand() * 2); k++) base[Math.floor(rand() * base.length)] = chars[Math.floor(rand() * chars.length)]!;
      samples.push(base.join(''));
    }
    for (const text of samples) expect(parseTimestamp(text), text).toBe(parseText(text));
  });

  it('leaves out what is not a time', () => {
    expect(parseTimestamp('2026-02-30T00:00:00Z')).toBe(parseText('2026-02-30T00:00:00Z'));
    expect(parseTimestamp('yesterday at noon')).toBeUndefined();
    expect(parseTimestamp(undefined)).toBeUndefined();
  });
});
