import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/model/events.js';
import { SpanMapper, type MapperOptions } from '../../src/spans/mapper.js';
import type { SpanRecord } from '../../src/spans/span-record.js';
import type { MessagePart as Part } from '../support/spans/message-parts.js';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const S = 'sess-msg';
const start = (meta: Record<string, unknown> = {}): AgentEvent => ({ type: 'session.start', sessionId: S, time: T0, meta: { agent: 'a', model: 'm', ...meta } });
const at = (n: number) => ({ sessionId: S, time: T0 + n });

function run(events: AgentEvent[], options: MapperOptions = {}): SpanRecord[] {
  const mapper = new SpanMapper({ env: {}, ...options });
  return [...events.flatMap((e) => mapper.push(e)), ...mapper.finish()];
}

const json = (span: SpanRecord | undefined, key: string) => JSON.parse(String(span?.attributes[key])) as Array<{ role: string; parts: Part[]; finish_reason?: string }>;
const chat = (spans: SpanRecord[], responseId: string) => spans.find((s) => s.attributes['gen_ai.response.id'] === responseId);
const rootOf = (spans: SpanRecord[]) => spans.find((s) => !s.parentSpanContext)!;

/** A session as agents record it: prompt, response with reasoning, text and a call, the call's result, a second response. */
const conversation = (): AgentEvent[] => [
  start(),
  { type: 'message', ...at(1), role: 'system', content: 'You are terse.' },
  { type: 'message', ...at(2), role: 'user', content: 'list the files' },
  { type: 'reasoning', ...at(3), responseId: 'r1', content: 'use ls' },
  { type: 'message', ...at(4), role: 'assistant', responseId: 'r1', content: 'Listing.' },
  { type: 'tool.call', ...at(5), callId: 'c1', name: 'bash', input: { command: 'ls' }, responseId: 'r1' },
  // The result comes before the response's model.call (Claude Code writes it so): it is input of the next response.
  { type: 'tool.result', ...at(6), callId: 'c1', success: true, output: 'a.txt\nb.txt' },
  { type: 'model.call', ...at(7), responseId: 'r1', finishReasons: ['tool_use'] },
  { type: 'message', ...at(8), role: 'assistant', responseId: 'r2', content: 'Two files.' },
  { type: 'model.call', ...at(9), responseId: 'r2', finishReasons: ['end_turn'] },
];

describe('chat spans: messages in the conventions\' JSON', () => {
  it('puts system instructions, input and output on each chat span, a tool result after the response that asked for it', () => {
    const spans = run(conversation(), { content: { capture: true } });
    const r1 = chat(spans, 'r1');
    expect(JSON.parse(String(r1?.attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'You are terse.' }]);
    expect(json(r1, 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'list the files' }] }]);
    expect(json(r1, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'use ls' },
          { type: 'text', content: 'Listing.' },
          { type: 'tool_call', id: 'c1', name: 'bash', arguments: { command: 'ls' } },
        ],
        finish_reason: 'tool_use',
      },
    ]);
    const r2 = chat(spans, 'r2');
    expect(json(r2, 'gen_ai.input.messages')).toEqual([{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'a.txt\nb.txt' }] }]);
    expect(json(r2, 'gen_ai.output.messages')[0]?.parts).toEqual([{ type: 'text', content: 'Two files.' }]);
    expect(r2?.attributes['gen_ai.system_instructions']).toBeUndefined();
    // Everything found a chat span: nothing on the root.
    expect(rootOf(spans).attributes['gen_ai.input.messages']).toBeUndefined();
    expect(rootOf(spans).attributes['agent_otel.messages.input.count']).toBeUndefined();
  });

  it('with capture off: counts and sizes, no message attribute, no text, no message events', () => {
    const spans = run(conversation());
    const written = JSON.stringify(spans.map((s) => ({ a: s.attributes, e: s.events })));
    for (const text of ['You are terse', 'list the files', 'use ls', 'Listing.', 'a.txt', 'Two files']) expect(written).not.toContain(text);
    expect(written).not.toMatch(/gen_ai\.(input|output)\.messages|gen_ai\.system_instructions|gen_ai\.(user|assistant|system|tool)\.message/);
    const r1 = chat(spans, 'r1')!;
    expect(r1.attributes).toMatchObject({
      'agent_otel.messages.input.count': 1,
      'agent_otel.messages.input.size': Buffer.byteLength('list the files'),
      'agent_otel.messages.output.size': Buffer.byteLength('use ls') + Buffer.byteLength('Listing.') + Buffer.byteLength('{"command":"ls"}'),
      'agent_otel.messages.system.size': Buffer.byteLength('You are terse.'),
    });
    expect(chat(spans, 'r2')!.attributes['agent_otel.messages.input.size']).toBe(Buffer.byteLength('a.txt\nb.txt'));
  });

  it('redacts secrets inside the messages, in text, arguments and responses', () => {
    const key = 'sk-ant-api03-' + 'Q'.repeat(40);
    const gh = 'ghp_' + 'a1B2'.repeat(10);
    const spans = run(
      [
        start(),
        { type: 'message', ...at(1), role: 'user', content: `deploy with ${key}` },
        { type: 'tool.call', ...at(2), callId: 'c1', name: 'bash', input: { env: { TOKEN: gh }, argv: ['--key', key] }, responseId: 'r1' },
        { type: 'model.call', ...at(3), responseId: 'r1' },
        { type: 'tool.result', ...at(4), callId: 'c1', success: true, output: { printed: `token ${gh}` } },
        { type: 'model.call', ...at(5), responseId: 'r2' },
      ],
      { content: { capture: true } },
    );
    const written = JSON.stringify(spans.map((s) => s.attributes));
    expect(written).not.toContain(key);
    expect(written).not.toContain(gh);
    expect(json(chat(spans, 'r1'), 'gen_ai.input.messages')[0]?.parts[0]?.content).toBe('deploy with [REDACTED:anthropic_key]');
    expect(json(chat(spans, 'r1'), 'gen_ai.output.messages')[0]?.parts[0]?.arguments).toEqual({
      env: { TOKEN: '[REDACTED:github_token]' },
      argv: ['--key', '[REDACTED:anthropic_key]'],
    });
    expect(json(chat(spans, 'r2'), 'gen_ai.input.messages')[0]?.parts[0]?.response).toEqual({ printed: 'token [REDACTED:github_token]' });
    expect(chat(spans, 'r1')?.attributes['agent_otel.content.redacted']).toBe(3);
  });

  it.each([200, 600, 2000])('cuts long messages to %i characters and keeps them valid JSON, saying what was cut', (max) => {
    const long = (c: string, n: number) => c.repeat(n);
    const events: AgentEvent[] = [start()];
    for (let i = 0; i < 30; i++) events.push({ type: 'message', ...at(i + 1), role: i % 2 ? 'user' : 'tool', content: `m${i} ${long('x', 300 + i * 50)}` });
    events.push({ type: 'message', ...at(40), role: 'assistant', responseId: 'r1', content: long('"quoted\\"\n', 500) });
    events.push({ type: 'model.call', ...at(41), responseId: 'r1' });
    const mapper = new SpanMapper({ env: {}, content: { capture: true, maxLength: max } });
    const spans = [...events.flatMap((e) => mapper.push(e)), ...mapper.finish()];
    const r1 = chat(spans, 'r1')!;
    for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages']) {
      const value = String(r1.attributes[key]);
      expect(value.length).toBeLessThanOrEqual(max);
      expect(Array.isArray(JSON.parse(value) as unknown)).toBe(true);
    }
    const output = json(r1, 'gen_ai.output.messages')[0]!.parts[0]!.content!;
    const [, cut] = /…\[truncated (\d+) chars\]$/.exec(output) ?? [];
    // What was kept and what the marker says was cut add up to the text's length.
    expect(output.indexOf('…[truncated') + Number(cut)).toBe(long('"quoted\\"\n', 500).length);
    const input = json(r1, 'gen_ai.input.messages');
    const parts = input.flatMap((m) => m.parts);
    const dropped = parts.find((p) => /^…\[\d+ parts truncated\]$/.test(p.content ?? ''));
    const kept = parts.filter((p) => p !== dropped).length;
    expect(kept + Number(/(\d+)/.exec(dropped?.content ?? '0')?.[1] ?? 0)).toBe(30);
    expect(r1.attributes['agent_otel.content.truncated']).toBe(2);
    expect(mapper.stats.valuesTruncated).toBe(0); // the span's own value limit had nothing left to cut
  });

  it('turns assistant text with no response id into history when new input follows it', () => {
    const spans = run(
      [
        start(),
        { type: 'message', ...at(1), role: 'user', content: 'hi' },
        { type: 'model.call', ...at(2), responseId: 'r1' },
        { type: 'message', ...at(3), role: 'assistant', content: 'Hello! (recorded after the call)' },
        { type: 'message', ...at(4), role: 'user', content: 'bye' },
        { type: 'model.call', ...at(5), responseId: 'r2', content: 'Bye.' },
      ],
      { content: { capture: true } },
    );
    expect(json(chat(spans, 'r2'), 'gen_ai.input.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello! (recorded after the call)' }] },
      { role: 'user', parts: [{ type: 'text', content: 'bye' }] },
    ]);
    expect(json(chat(spans, 'r2'), 'gen_ai.output.messages')[0]?.parts).toEqual([{ type: 'text', content: 'Bye.' }]);
  });

  it('puts what no chat span took on the root (a source that records no model calls)', () => {
    const spans = run(
      [start(), { type: 'message', ...at(1), role: 'user', content: 'q' }, { type: 'message', ...at(2), role: 'assistant', content: 'a' }],
      { content: { capture: true } },
    );
    const root = rootOf(spans);
    expect(json(root, 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'q' }] }]);
    // The schema requires a finish reason: with none recorded and no tool call, `stop`.
    expect(json(root, 'gen_ai.output.messages')).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'a' }], finish_reason: 'stop' }]);
  });
});

describe('session.id and user.id', () => {
  it('gives a subagent\'s spans the top session\'s id, the id of the trace they are in', () => {
    const sub = 'sess-sub';
    const spans = run([
      start(),
      { type: 'tool.call', ...at(1), callId: 'task', name: 'Task' },
      { type: 'session.start', sessionId: sub, time: T0 + 2, meta: { agent: 'a', parent: { sessionId: S, toolCallId: 'task' } } },
      { type: 'model.call', sessionId: sub, time: T0 + 3, responseId: 'rs' },
      { type: 'tool.result', ...at(4), callId: 'task', success: true },
    ]);
    const subSpans = spans.filter((s) => s.attributes['gen_ai.conversation.id'] === sub);
    expect(subSpans.length).toBe(2);
    for (const span of spans) expect(span.attributes['session.id']).toBe(S);
    // Converted without its parent, a subagent still names the parent's session.
    const alone = run([{ type: 'session.start', sessionId: sub, time: T0, meta: { agent: 'a', parent: { sessionId: S, missing: true } } }]);
    expect(alone[0]?.attributes['session.id']).toBe(S);
  });

  it('puts session.id on every span that carries gen_ai.conversation.id, and user.id where the source knows the user', () => {
    const spans = run([start({ userId: 'dev@example.com' }), ...conversation().slice(1)]);
    expect(spans.length).toBeGreaterThan(2);
    for (const span of spans) {
      expect(span.attributes['gen_ai.conversation.id']).toBe(S);
      expect(span.attributes['session.id']).toBe(S);
      expect(span.attributes['user.id']).toBe('dev@example.com');
    }
    for (const span of run(conversation())) expect(span.attributes['user.id']).toBeUndefined();
  });

  it('sets the schema URL of the conventions used on the scope and the resource', () => {
    for (const span of run(conversation())) {
      expect(span.instrumentationScope.schemaUrl).toBe('https://opentelemetry.io/schemas/1.43.0');
      expect(span.resource.schemaUrl).toBe('https://opentelemetry.io/schemas/1.43.0');
    }
  });
});
