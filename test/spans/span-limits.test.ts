import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/model/events.js';
import { cutText } from '../../src/spans/content.js';
import { SpanMapper } from '../../src/spans/mapper.js';
import { DEFAULT_SPAN_LIMITS, resolveSpanLimits, type SpanLimits } from '../../src/spans/span-limits.js';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const S = 'limits-1';

function convert(events: AgentEvent[], mapper: SpanMapper) {
  const spans = events.flatMap((e) => mapper.push(e));
  return [...spans, ...mapper.finish()];
}

describe('resolveSpanLimits: option, then the span variable, then the general one, then the default', () => {
  it.each<[string, Partial<SpanLimits>, Record<string, string>, Partial<SpanLimits>]>([
    ['defaults', {}, {}, DEFAULT_SPAN_LIMITS],
    ['general value length', {}, { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '50' }, { attributeValueLengthLimit: 50 }],
    ['span value length wins', {}, { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '50', OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '70' }, { attributeValueLengthLimit: 70 }],
    ['general count', {}, { OTEL_ATTRIBUTE_COUNT_LIMIT: '9' }, { attributeCountLimit: 9 }],
    ['span count wins', {}, { OTEL_ATTRIBUTE_COUNT_LIMIT: '9', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '11' }, { attributeCountLimit: 11 }],
    ['events', {}, { OTEL_SPAN_EVENT_COUNT_LIMIT: '3' }, { eventCountLimit: 3 }],
    ['event attributes', {}, { OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '2' }, { eventAttributeCountLimit: 2 }],
    ['option wins', { attributeCountLimit: 5 }, { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '11' }, { attributeCountLimit: 5 }],
    ['unusable variable: default', {}, { OTEL_SPAN_EVENT_COUNT_LIMIT: 'many' }, { eventCountLimit: DEFAULT_SPAN_LIMITS.eventCountLimit }],
    ['negative variable: default', {}, { OTEL_ATTRIBUTE_COUNT_LIMIT: '-1' }, { attributeCountLimit: DEFAULT_SPAN_LIMITS.attributeCountLimit }],
  ])('%s', (_name, options, env, expected) => {
    expect(resolveSpanLimits(options, env)).toMatchObject(expected);
  });

  it('refuses an unusable option', () => {
    expect(() => resolveSpanLimits({ eventCountLimit: -2 }, {})).toThrow(/whole numbers/);
  });
});

describe('cutText', () => {
  it.each([
    ['short', 10],
    ['x'.repeat(100), 40],
    ['x'.repeat(100_000), 64],
    ['😀'.repeat(50), 30],
  ])('keeps %#: at most the limit, marker included', (text, max) => {
    const cut = cutText(text, max);
    expect(cut.length).toBeLessThanOrEqual(max);
    if (text.length <= max) expect(cut).toBe(text);
    else {
      const kept = cut.slice(0, cut.indexOf('…'));
      expect(text.startsWith(kept)).toBe(true);
      expect(cut).toContain(`[truncated ${text.length - kept.length} chars]`);
      expect(/[\ud800-\udbff]$/.test(kept)).toBe(false); // no half surrogate pair
    }
  });
});

describe('SpanMapper applies the span limits', () => {
  const start: AgentEvent = { type: 'session.start', sessionId: S, time: T0, meta: { agent: 'a', attributes: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`extra_${i}`, i])) } };

  it('cuts long values (not only content) and records the cuts on the span', () => {
    const longName = `tool_${'n'.repeat(300)}`;
    const mapper = new SpanMapper({ env: {}, limits: { attributeValueLengthLimit: 64 } });
    const spans = convert(
      [
        start,
        { type: 'tool.call', sessionId: S, time: T0 + 1, callId: 'c1', name: longName },
        { type: 'tool.result', sessionId: S, time: T0 + 2, callId: 'c1', success: true },
      ],
      mapper,
    );
    const tool = spans.find((s) => s.name.startsWith('execute_tool'))!;
    const value = String(tool.attributes['gen_ai.tool.name']);
    expect(value.length).toBeLessThanOrEqual(64);
    expect(longName.startsWith(value.slice(0, value.indexOf('…')))).toBe(true);
    expect(tool.attributes['agent_otel.content.truncated']).toBe(1);
    for (const span of spans) {
      for (const v of Object.values(span.attributes)) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(64);
    }
    expect(mapper.stats.valuesTruncated).toBeGreaterThanOrEqual(1);
  });

  it('drops attributes past the count limit and counts them on the span and in the stats', () => {
    const unlimited = Object.keys(convert([start], new SpanMapper({ env: {} }))[0]!.attributes);
    expect(unlimited.length).toBeGreaterThan(40);
    const mapper = new SpanMapper({ env: { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '20' } });
    const root = convert([start], mapper)[0]!;
    expect(Object.keys(root.attributes)).toEqual(unlimited.slice(0, 20)); // the first ones set are kept
    expect(root.droppedAttributesCount).toBe(unlimited.length - 20);
    expect(mapper.stats.attributesDropped).toBe(unlimited.length - 20);
  });

  it('caps events per span and attributes per event from the environment', () => {
    const mapper = new SpanMapper({ env: { OTEL_SPAN_EVENT_COUNT_LIMIT: '3', OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '2' } });
    const messages: AgentEvent[] = Array.from({ length: 7 }, (_, i) => ({
      type: 'permission',
      sessionId: S,
      time: T0 + i,
      granted: true,
      tool: 'bash',
      source: { file: 'f', line: i + 1 },
    }));
    const [root] = convert([start, ...messages], mapper);
    expect(root!.events).toHaveLength(3);
    expect(root!.droppedEventsCount).toBe(4);
    for (const event of root!.events) {
      // the decision, the tool and the source line were set: the first two are kept.
      expect(Object.keys(event.attributes ?? {})).toEqual(['agent_otel.permission.granted', 'gen_ai.tool.name']);
      expect(event.droppedAttributesCount).toBe(1);
    }
    expect(mapper.stats).toMatchObject({ eventsDropped: 4, eventAttributesDropped: 3 });
  });

  it('keeps cut content within the content limit, so the value limit does not cut it again', () => {
    const mapper = new SpanMapper({ env: {}, content: { capture: true, maxLength: 100 } });
    const spans = convert(
      [
        start,
        { type: 'tool.call', sessionId: S, time: T0 + 1, callId: 'c1', name: 'Read', input: 'i'.repeat(500) },
        { type: 'tool.result', sessionId: S, time: T0 + 2, callId: 'c1', success: true, output: 'o'.repeat(5000) },
      ],
      mapper,
    );
    const tool = spans.find((s) => s.name.startsWith('execute_tool'))!;
    expect(String(tool.attributes['gen_ai.tool.call.result'])).toMatch(/^o+…\[truncated \d+ chars\]$/);
    expect(String(tool.attributes['gen_ai.tool.call.result']).length).toBeLessThanOrEqual(100);
    expect(tool.attributes['agent_otel.content.truncated']).toBe(2);
    // No chat span took the call: the root's input messages hold it too, cut as well.
    const root = spans.find((s) => s.name.startsWith('invoke_agent'))!;
    expect(String(root.attributes['gen_ai.input.messages']).length).toBeLessThanOrEqual(100);
    expect(root.attributes['agent_otel.content.truncated']).toBe(1);
    expect(mapper.content.truncated).toBe(3);
    expect(mapper.stats.valuesTruncated).toBe(0);
  });
});
