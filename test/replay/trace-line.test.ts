import { describe, expect, it } from 'vitest';
import { countSpans, parseTraceLine, resourceSpansInner } from '../../src/replay/trace-line.js';
import { makeTraceLines } from '../support/spans/trace-lines.js';

describe('parseTraceLine', () => {
  const { lines } = makeTraceLines({ traces: 2, spansPerTrace: 4, spansPerLine: 3 });

  it('has input to test (8 spans over 3 lines)', () => {
    expect(lines).toHaveLength(3);
  });

  it.each(lines.map((line, i) => [i, line] as const))('line %i: counts spans and keeps the array text as written', (_i, line) => {
    const parsed = parseTraceLine(line);
    if (!parsed.ok) throw new Error(parsed.reason);
    const plain = JSON.parse(line) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> };
    const expected = plain.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length;
    expect(parsed.line.spans).toBe(expected);
    // The inner text is a substring of the line, and re-wrapped it is the same array.
    expect(line.includes(parsed.line.inner)).toBe(true);
    expect(JSON.parse(`[${parsed.line.inner}]`)).toEqual(plain.resourceSpans);
  });

  it('merging inner texts of several lines gives one valid TracesData with all spans', () => {
    const inners = lines.map((line) => {
      const parsed = parseTraceLine(line);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.line.inner;
    });
    const merged = JSON.parse(`{"resourceSpans":[${inners.join(',')}]}`) as { resourceSpans: unknown[] };
    expect(countSpans(merged)).toBe(8);
  });

  const bad: Array<[string, string, 'json' | 'shape']> = [
    ['not JSON', '{"resourceSpans":[', 'json'],
    ['an array', '[1,2]', 'shape'],
    ['logs data', '{"resourceLogs":[]}', 'shape'],
    ['resourceSpans not an array', '{"resourceSpans":{}}', 'shape'],
  ];
  it.each(bad)('refuses %s', (_name, text, kind) => {
    const parsed = parseTraceLine(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.kind).toBe(kind);
  });

  it('with keys besides resourceSpans, serializes just the array', () => {
    const text = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01"}]}]}],"extra":["]"]}';
    const parsed = parseTraceLine(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(JSON.parse(`[${parsed.line.inner}]`)).toEqual([{ scopeSpans: [{ spans: [{ spanId: '01' }] }] }]);
    expect(parsed.line.spans).toBe(1);
  });

  it('an empty resourceSpans array has no spans and an empty inner text', () => {
    const parsed = parseTraceLine('{ "resourceSpans" : [ ] }');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.line.spans).toBe(0);
    expect(parsed.line.inner.trim()).toBe('');
  });

  it('resourceSpansInner slices between the first [ and the last ]', () => {
    expect(resourceSpansInner('{"resourceSpans":[{"a":"[x]"}]}')).toBe('{"a":"[x]"}');
    expect(resourceSpansInner('{}')).toBeUndefined();
  });
});
