import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { shrinkSpan } from '../../src/exporters/jsonl/shrink-span.js';
import { recordSpans } from '../support/spans/sdk-spans.js';

const size = (span: ReadableSpan) => JsonTraceSerializer.serializeRequest([span])!.byteLength;

const required = {
  'gen_ai.operation.name': 'execute_tool',
  'gen_ai.conversation.id': 'session-1',
  'gen_ai.tool.name': 'Bash',
  'gen_ai.tool.call.id': 'toolu_1',
  'agent_otel.tool.success': false,
  'agent_otel.tool.duration_ms': 1234.5,
  'error.type': 'exit_code',
};

function bigSpan(): ReadableSpan {
  return recordSpans([
    {
      name: 'execute_tool Bash',
      startNs: 1_000_000_000n,
      endNs: 2_000_000_000n,
      attributes: { ...required, 'gen_ai.tool.call.result': 'x'.repeat(20_000), 'agent_otel.tool.kind': 'shell' },
      events: Array.from({ length: 40 }, (_, i) => ({ name: 'agent_otel.lifecycle', timeNs: 1_500_000_000n + BigInt(i), attributes: { 'agent_otel.content': 'y'.repeat(200) } })),
    },
  ])[0]!;
}

describe('shrinkSpan', () => {
  it.each([
    { limit: 16_000, what: 'the large value alone', events: 40 },
    { limit: 4_000, what: 'the large value, then events', events: -1 },
  ])('drops $what to fit in $limit bytes and keeps what says what the span is', ({ limit, events }) => {
    const span = bigSpan();
    expect(size(span)).toBeGreaterThan(limit);
    const shrunk = shrinkSpan(span, limit, size)!;
    expect(shrunk).toBeDefined();
    expect(size(shrunk.span)).toBeLessThanOrEqual(limit);
    for (const [key, value] of Object.entries(required)) expect(shrunk.span.attributes[key]).toBe(value);
    expect(shrunk.span.attributes['gen_ai.tool.call.result']).toBeUndefined();
    expect(shrunk.span.attributes['agent_otel.truncated']).toBe(true);
    if (events >= 0) expect(shrunk.span.events).toHaveLength(events);
    else expect(shrunk.span.events.length).toBeLessThan(40);
    expect(shrunk.span.droppedEventsCount).toBe(40 - shrunk.span.events.length);
    // Small attributes go last: with events left to drop, the tool kind is still there.
    expect(shrunk.span.attributes['agent_otel.tool.kind']).toBe('shell');
  });

  it('gives up (undefined) when even the kept attributes do not fit', () => {
    expect(shrinkSpan(bigSpan(), 300, size)).toBeUndefined();
  });
});
