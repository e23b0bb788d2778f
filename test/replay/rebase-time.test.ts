import { describe, expect, it } from 'vitest';
import { latestEnd, nowNanos, parseKeepingNanos, quoteNanos, rebaseShift, shiftTimes } from '../../src/replay/rebase-time.js';

// Nanosecond values beyond 2^53: JSON.parse alone would round them.
const START = '1714557600123456789';
const END = '1714557601987654321';
const EVENT = '1714557600999999999';
const LATER_END = '1714557700000000001';

const line = `{"resourceSpans":[{"scopeSpans":[{"spans":[
  {"spanId":"a","startTimeUnixNano":${START},"endTimeUnixNano":${END},"events":[{"name":"e","timeUnixNano":${EVENT}}]},
  {"spanId":"b","startTimeUnixNano":"${START}","endTimeUnixNano":"${LATER_END}","attributes":[{"key":"k","value":{"stringValue":"\\"endTimeUnixNano\\":5"}}]},
  {"spanId":"c","startTimeUnixNano":"0","endTimeUnixNano":"0"}
]}]}]}`.replace(/\n\s*/g, '');

type Span = { startTimeUnixNano: string; endTimeUnixNano: string; events?: Array<{ timeUnixNano: string }>; attributes?: unknown };
const spansOf = (value: unknown): Span[] =>
  (value as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Span[] }> }> }).resourceSpans[0]!.scopeSpans[0]!.spans;

describe('rebase time', () => {
  it('quoteNanos quotes numeric nanosecond fields only (not text inside strings)', () => {
    const quoted = quoteNanos(line);
    expect(quoted).toContain(`"startTimeUnixNano":"${START}"`);
    expect(quoted).toContain(`"timeUnixNano":"${EVENT}"`);
    expect(quoted).toContain('\\"endTimeUnixNano\\":5'); // inside an attribute value: untouched
    expect(() => JSON.parse(quoted) as unknown).not.toThrow();
  });

  it('finds the latest end without losing digits', () => {
    const value = parseKeepingNanos(line) as { resourceSpans: unknown[] };
    expect(latestEnd(value)).toBe(BigInt(LATER_END));
  });

  it('shifts starts, ends and event times by now - latest end; unset times stay unset', () => {
    const nowMs = Date.parse('2026-03-04T05:06:07.089Z');
    // Computed here independently: now in ns minus the latest end.
    const expectedShift = BigInt(nowMs) * 1_000_000n - BigInt(LATER_END);
    expect(rebaseShift(BigInt(LATER_END), nowNanos(nowMs))).toBe(expectedShift);

    const value = parseKeepingNanos(line) as { resourceSpans: unknown[] };
    shiftTimes(value, expectedShift);
    const [a, b, c] = spansOf(value);
    expect(a!.startTimeUnixNano).toBe((BigInt(START) + expectedShift).toString());
    expect(a!.endTimeUnixNano).toBe((BigInt(END) + expectedShift).toString());
    expect(a!.events![0]!.timeUnixNano).toBe((BigInt(EVENT) + expectedShift).toString());
    expect(b!.endTimeUnixNano).toBe(`${nowMs}000000`); // the latest end is now
    expect(c!.startTimeUnixNano).toBe('0');
    expect(c!.endTimeUnixNano).toBe('0');
    // Durations are unchanged.
    expect(BigInt(a!.endTimeUnixNano) - BigInt(a!.startTimeUnixNano)).toBe(BigInt(END) - BigInt(START));
  });
});
