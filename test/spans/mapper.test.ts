import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/model/events.js';
import { SpanMapper, type MapperOptions } from '../../src/spans/mapper.js';
import type { SpanRecord } from '../../src/spans/span-record.js';

const T0 = Date.UTC(2026, 9, 16, 20, 39, 50, 195) + 0.217457; // sub-millisecond on purpose
const S = 'sess-1';

function run(events: AgentEvent[], options: MapperOptions = {}): SpanRecord[] {
  const mapper = new SpanMapper(options);
  const spans = events.flatMap((e) => mapper.push(e));
  return [...spans, ...mapper.finish()];
}

const start = (sessionId = S, extra: Partial<Extract<AgentEvent, { type: 'session.start' }>['meta']> = {}, time = T0): AgentEvent => ({
  type: 'session.start',
  sessionId,
  time,
  meta: { agent: 'test-agent', agentVersion: '1.2.3', model: 'm-1', provider: 'anthropic', cwd: '/w', ...extra },
});
const call = (callId: string, name: string, time: number, sessionId = S): AgentEvent => ({ type: 'tool.call', sessionId, time, callId, name, input: { cmd: 'ls -la' } });
const result = (callId: string, time: number, success = true, extra: Record<string, unknown> = {}, sessionId = S): AgentEvent =>
  ({ type: 'tool.result', sessionId, time, callId, success, output: 'out', ...extra });

const nanos = (t: [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
const ms = (t: [number, number]) => Number(nanos(t)) / 1e6;
const byName = (spans: SpanRecord[], prefix: string) => spans.filter((s) => s.name.startsWith(prefix));
const root = (spans: SpanRecord[]) => {
  const r = spans.filter((s) => !s.parentSpanContext);
  expect(r).toHaveLength(1);
  return r[0]!;
};

describe('SpanMapper: one trace per session', () => {
  it('makes a root invoke_agent span and children under it, all in one trace', () => {
    const spans = run([
      start(),
      { type: 'message', sessionId: S, time: T0 + 1, role: 'user', content: 'hello' },
      { type: 'model.call', sessionId: S, time: T0 + 900, startTime: T0 + 2, responseId: 'r1', usage: { input: 10, output: 5 } },
      call('c1', 'bash', T0 + 1000),
      result('c1', T0 + 3500),
      { type: 'session.end', sessionId: S, time: T0 + 4000, outcome: 'ok' },
    ]);
    const r = root(spans);
    expect(r.name).toBe('invoke_agent test-agent');
    expect(r.kind).toBe(SpanKind.INTERNAL);
    expect(r.attributes['gen_ai.operation.name']).toBe('invoke_agent');
    expect(r.attributes['gen_ai.conversation.id']).toBe(S);
    expect(r.attributes['gen_ai.agent.name']).toBe('test-agent');
    const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    for (const s of spans.filter((x) => x !== r)) expect(s.parentSpanContext?.spanId).toBe(r.spanContext().spanId);
    const chat = byName(spans, 'chat')[0]!;
    expect(chat.name).toBe('chat m-1');
    expect(chat.kind).toBe(SpanKind.CLIENT);
    const tool = byName(spans, 'execute_tool')[0]!;
    expect(tool.name).toBe('execute_tool bash');
    expect(tool.kind).toBe(SpanKind.INTERNAL);
    // The root spans its whole session, with times from the records.
    expect(ms(r.startTime)).toBeCloseTo(T0, 3);
    expect(ms(r.endTime)).toBeCloseTo(T0 + 4000, 3);
  });

  it('derives ids deterministically from agent, session and the thing a span stands for', () => {
    const events = [start(), call('c1', 'bash', T0 + 1), result('c1', T0 + 2)];
    const a = run(events);
    const b = run(events);
    expect(a.map((s) => s.spanContext().spanId)).toEqual(b.map((s) => s.spanContext().spanId));
    const expectedTrace = (agent: string, session: string) =>
      createHash('sha256').update('agent-otel/trace').update('\0').update(agent).update('\0').update(session).update('\0').digest('hex').slice(0, 32);
    expect(a[0]!.spanContext().traceId).toBe(expectedTrace('test-agent', S));
    const other = run([start('sess-2'), call('c1', 'bash', T0 + 1, 'sess-2'), result('c1', T0 + 2, true, {}, 'sess-2')]);
    expect(other[0]!.spanContext().traceId).not.toBe(a[0]!.spanContext().traceId);
    expect(new Set([...a, ...other].map((s) => s.spanContext().spanId)).size).toBe(4);
  });

  it('puts the session on the resource: service.name = agent, version, cwd, git', () => {
    const spans = run([start(S, { git: { branch: 'main', commit: 'abc123' }, os: 'linux', arch: 'x64' })]);
    const attrs = root(spans).resource.attributes;
    expect(attrs['service.name']).toBe('test-agent');
    expect(attrs['service.version']).toBe('1.2.3');
    expect(attrs['agent_otel.cwd']).toBe('/w');
    expect(attrs['vcs.ref.head.name']).toBe('main');
    expect(attrs['vcs.ref.head.revision']).toBe('abc123');
    expect(attrs['os.type']).toBe('linux');
    const renamed = run([start()], { serviceName: 'my-agent' });
    expect(root(renamed).resource.attributes['service.name']).toBe('my-agent');
  });
});

describe('SpanMapper: chat spans', () => {
  it.each([
    { name: 'cache counted apart (Anthropic)', usage: { input: 100, output: 7, cacheRead: 50, cacheCreation: 25, inputIncludesCache: false }, input: 175 },
    { name: 'cache included (OpenAI, Gemini)', usage: { input: 100, output: 7, cacheRead: 50, inputIncludesCache: true }, input: 100 },
    { name: 'no cache figures', usage: { input: 3, output: 4 }, input: 3 },
  ])('input tokens include cached tokens: $name', ({ usage, input }) => {
    const spans = run([start(), { type: 'model.call', sessionId: S, time: T0 + 10, usage }]);
    const chat = byName(spans, 'chat')[0]!;
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(input);
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBe(usage.output);
    expect(chat.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(usage.cacheRead);
    // Only chat spans carry gen_ai.usage.*: the root has its roll-ups under agent_otel.usage.*.
    expect(root(spans).attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(root(spans).attributes['agent_otel.usage.own.input_tokens']).toBe(input);
    expect(root(spans).attributes['agent_otel.usage.subtree.input_tokens']).toBe(input);
  });

  it('counts a response seen twice once', () => {
    const mc: AgentEvent = { type: 'model.call', sessionId: S, time: T0 + 10, responseId: 'msg_1', usage: { input: 5, output: 5 } };
    const spans = run([start(), mc, { ...mc, time: T0 + 11 }]);
    expect(byName(spans, 'chat')).toHaveLength(1);
    expect(root(spans).attributes['agent_otel.usage.own.output_tokens']).toBe(5);
  });

  it.each([
    { name: 'start time', extra: { startTime: T0 + 4 }, start: T0 + 4, source: 'timestamps' },
    { name: 'latency', extra: { latencyMs: 250 }, start: T0 + 1000 - 250, source: 'latency' },
    { name: 'neither', extra: {}, start: T0 + 1000, source: 'none' },
  ])('times a chat span from its $name', ({ extra, start: expectedStart, source }) => {
    const spans = run([start(), { type: 'model.call', sessionId: S, time: T0 + 1000, ...extra }]);
    const chat = byName(spans, 'chat')[0]!;
    expect(ms(chat.startTime)).toBeCloseTo(expectedStart, 3);
    expect(ms(chat.endTime)).toBeCloseTo(T0 + 1000, 3);
    expect(chat.attributes['agent_otel.duration.source']).toBe(source);
  });

  it('carries model, response id, finish reasons, cost, latency, retries and context', () => {
    const spans = run([
      start(),
      {
        type: 'model.call', sessionId: S, time: T0 + 10, responseId: 'r9', responseModel: 'm-2', finishReasons: ['tool_use'],
        costUsd: 0.25, latencyMs: 9, timeToFirstTokenMs: 3, retries: 2, contextUsed: 1000, contextMax: 200000, usage: { input: 1, output: 1, reasoning: 4 },
      },
    ]);
    const a = byName(spans, 'chat')[0]!.attributes;
    expect(a).toMatchObject({
      'gen_ai.response.id': 'r9', 'gen_ai.response.model': 'm-2', 'gen_ai.request.model': 'm-1', 'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.cost': 0.25, 'gen_ai.usage.cost.amount': 0.25, 'gen_ai.usage.cost.currency': 'USD', 'gen_ai.usage.cost.source': 'provider',
      'gen_ai.response.time_to_first_chunk': 0.003, 'agent_otel.chat.retries': 2,
      'agent_otel.chat.context.used_tokens': 1000, 'agent_otel.chat.context.max_tokens': 200000, 'gen_ai.usage.reasoning.output_tokens': 4,
    });
    expect(a['gen_ai.response.finish_reasons']).toEqual(['tool_use']);
  });
});

describe('SpanMapper: tool spans', () => {
  it('starts at the call record and ends at the result record; success and duration as attributes', () => {
    const spans = run([start(), call('c1', 'Read', T0 + 100.5), result('c1', T0 + 2264.984)]);
    const tool = byName(spans, 'execute_tool')[0]!;
    expect(ms(tool.startTime)).toBeCloseTo(T0 + 100.5, 3);
    expect(ms(tool.endTime)).toBeCloseTo(T0 + 2264.984, 3);
    expect(tool.attributes['agent_otel.tool.duration_ms']).toBeCloseTo(2164.484, 3);
    expect(tool.attributes['agent_otel.tool.success']).toBe(true);
    expect(tool.attributes['gen_ai.tool.call.id']).toBe('c1');
    expect(tool.attributes['gen_ai.tool.name']).toBe('Read');
    expect(tool.attributes['agent_otel.tool.kind']).toBe('file_read');
    expect(tool.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('marks a failed call ERROR with a low-cardinality error.type', () => {
    const spans = run([start(), call('c1', 'bash', T0 + 1), result('c1', T0 + 2, false, { errorType: 'exit_code', exitCode: 2 })]);
    const tool = byName(spans, 'execute_tool')[0]!;
    expect(tool.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool.attributes['error.type']).toBe('exit_code');
    expect(tool.attributes['agent_otel.tool.success']).toBe(false);
    expect(tool.attributes['agent_otel.tool.exit_code']).toBe(2);
    expect(root(spans).attributes['agent_otel.session.tool_failures']).toBe(1);
  });

  it.each([
    { name: 'a recorded duration with a call', events: [call('c1', 'x', T0 + 10), result('c1', T0 + 10, true, { durationMs: 1500 })], start: T0 + 10, end: T0 + 1510, source: 'recorded' },
    { name: 'only the end and a duration', events: [result('c1', T0 + 5000, true, { durationMs: 1500, name: 'x' })], start: T0 + 3500, end: T0 + 5000, source: 'recorded' },
    { name: 'only the end', events: [result('c1', T0 + 5000, true, { name: 'x' })], start: T0 + 5000, end: T0 + 5000, source: 'none' },
  ])('times a tool span from $name', ({ events, start: s, end, source }) => {
    const spans = run([start(), ...events]);
    const tool = byName(spans, 'execute_tool')[0]!;
    expect(ms(tool.startTime)).toBeCloseTo(s, 3);
    expect(ms(tool.endTime)).toBeCloseTo(end, 3);
    expect(tool.attributes['agent_otel.duration.source']).toBe(source);
  });

  it('ends a call with no result where the session records end, and says it was interrupted', () => {
    const spans = run([start(), call('c1', 'bash', T0 + 10), { type: 'message', sessionId: S, time: T0 + 777, role: 'assistant', content: 'x' }]);
    const tool = byName(spans, 'execute_tool')[0]!;
    expect(ms(tool.endTime)).toBeCloseTo(T0 + 777, 3);
    expect(tool.attributes['agent_otel.tool.interrupted']).toBe(true);
    expect(tool.attributes['error.type']).toBe('interrupted');
    expect(root(spans).attributes['agent_otel.session.outcome']).toBe('interrupted');
  });

  it('reports a second result for the same call and keeps the first', () => {
    const warnings: string[] = [];
    const spans = run([start(), call('c1', 'x', T0 + 1), result('c1', T0 + 2), result('c1', T0 + 3, false)], { warn: (w) => warnings.push(w.code) });
    expect(byName(spans, 'execute_tool')).toHaveLength(1);
    expect(byName(spans, 'execute_tool')[0]!.attributes['agent_otel.tool.success']).toBe(true);
    expect(warnings).toContain('duplicate_tool_result');
  });
});

describe('SpanMapper: subagents', () => {
  const child = 'sess-1/agent-a';
  const subagentEvents = (): AgentEvent[] => [
    start(child, { agentName: 'explorer', parent: { sessionId: S, toolCallId: 'task-1' } }, T0 + 20),
    { type: 'model.call', sessionId: child, time: T0 + 30, usage: { input: 40, output: 4 } },
    call('sub-c1', 'grep', T0 + 31, child),
    result('sub-c1', T0 + 35, true, {}, child),
  ];
  const parentEvents = (): AgentEvent[] => [
    start(),
    { type: 'model.call', sessionId: S, time: T0 + 5, usage: { input: 100, output: 10 } },
    call('task-1', 'Task', T0 + 10),
  ];

  it('nests a subagent under the tool span that launched it, in the same trace', () => {
    const spans = run([...parentEvents(), ...subagentEvents(), result('task-1', T0 + 50), { type: 'session.end', sessionId: S, time: T0 + 60, outcome: 'ok' }]);
    const task = spans.find((s) => s.attributes['gen_ai.tool.call.id'] === 'task-1')!;
    const sub = spans.find((s) => s.name === 'invoke_agent explorer')!;
    expect(sub.parentSpanContext?.spanId).toBe(task.spanContext().spanId);
    expect(sub.spanContext().traceId).toBe(task.spanContext().traceId);
    expect(sub.attributes['agent_otel.subagent']).toBe(true);
    const subChildren = spans.filter((s) => s.parentSpanContext?.spanId === sub.spanContext().spanId);
    expect(subChildren.map((s) => s.name).sort()).toEqual(['chat m-1', 'execute_tool grep']);
    // Totals roll up: the root has its own and the subagent's, the Task span the subagent's.
    expect(root(spans).attributes['agent_otel.usage.subtree.input_tokens']).toBe(140);
    expect(root(spans).attributes['agent_otel.usage.own.input_tokens']).toBe(100);
    expect(task.attributes['agent_otel.usage.subtree.input_tokens']).toBe(40);
    expect(task.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(root(spans).attributes['agent_otel.session.subagents']).toBe(1);
  });

  it('links a subagent converted apart from its parent to the same trace and tool span', () => {
    const parentSpans = run([...parentEvents(), result('task-1', T0 + 50)]);
    const childSpans = run(subagentEvents());
    const task = parentSpans.find((s) => s.attributes['gen_ai.tool.call.id'] === 'task-1')!;
    const sub = childSpans.find((s) => s.name === 'invoke_agent explorer')!;
    expect(sub.spanContext().traceId).toBe(task.spanContext().traceId);
    expect(sub.parentSpanContext?.spanId).toBe(task.spanContext().spanId);
  });

  it('says how each subagent was placed, and counts it by where it went', () => {
    const warmup = 'sess-1/agent-w';
    const orphan = 'gone/agent-o';
    const mapper = new SpanMapper();
    const events: AgentEvent[] = [
      ...parentEvents(),
      ...subagentEvents(),
      start(warmup, { parent: { sessionId: S } }, T0 - 5),
      { type: 'model.call', sessionId: warmup, time: T0 - 2, usage: { input: 7, output: 1 } },
      result('task-1', T0 + 50),
      start(orphan, { parent: { sessionId: 'gone', missing: true } }, T0 + 70),
      start('elsewhere/agent-e', { parent: { sessionId: 'elsewhere', toolCallId: 'c-9' } }, T0 + 80),
    ];
    const spans = [...events.flatMap((e) => mapper.push(e)), ...mapper.finish()];
    const agent = (id: string) => spans.find((x) => x.name.startsWith('invoke_agent') && x.attributes['gen_ai.conversation.id'] === id)!;
    const parentRoot = agent(S);
    expect(agent(child).attributes['agent_otel.parent.placement']).toBe('launched_by_call');
    expect(agent(warmup).attributes['agent_otel.parent.placement']).toBe('session_root');
    expect(agent(warmup).parentSpanContext?.spanId).toBe(parentRoot.spanContext().spanId);
    // The warmup started before the session's first record: the root widens to cover it, and counts its tokens.
    expect(ms(parentRoot.startTime)).toBeCloseTo(T0 - 5, 3);
    expect(parentRoot.attributes['agent_otel.usage.subtree.input_tokens']).toBe(100 + 40 + 7);
    const o = agent(orphan);
    expect([o.attributes['agent_otel.parent.placement'], o.attributes['agent_otel.parent.conversation_id'], o.parentSpanContext]).toEqual([
      'orphan',
      'gone',
      undefined,
    ]);
    expect(o.spanContext().traceId).not.toBe(run([start('gone')]).at(-1)!.spanContext().traceId);
    // A parent that is not converted here: its spans are not written, so it counts as without its parent.
    expect(mapper.stats.toJSON()).toMatchObject({ subagents: 4, subagentsLinked: 1, subagentsUnderSession: 1, subagentsUnlinked: 2 });
  });
});

describe('SpanMapper: events and content', () => {
  const secret = 'sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const events = (): AgentEvent[] => [
    start(),
    { type: 'message', sessionId: S, time: T0 + 1, role: 'user', content: `use key ${secret} please` },
    call('c1', 'bash', T0 + 2),
    result('c1', T0 + 3, true, { output: 'x'.repeat(10_000) }),
    { type: 'permission', sessionId: S, time: T0 + 4, tool: 'bash', granted: false },
    { type: 'error', sessionId: S, time: T0 + 5, message: `API error with ${secret}` },
  ];

  it('keeps content out of spans by default: sizes only', () => {
    const spans = run(events());
    const all = JSON.stringify(spans.map((s) => ({ a: s.attributes, e: s.events })));
    expect(all).not.toContain('use key');
    expect(all).not.toContain('ls -la');
    expect(all).not.toContain(secret);
    const r = root(spans);
    // No model call took them: the prompt, the call and its result are the root's input (three messages).
    expect(r.attributes['agent_otel.messages.input.count']).toBe(3);
    expect(r.attributes['agent_otel.messages.input.size']).toBe(
      Buffer.byteLength(`use key ${secret} please`) + Buffer.byteLength(JSON.stringify({ cmd: 'ls -la' })) + 10_000,
    );
    expect(r.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(byName(spans, 'execute_tool')[0]!.attributes['agent_otel.tool.output.size']).toBe(10_000);
  });

  it('captures content on request, redacting secrets and recording truncation', () => {
    const spans = run(events(), { content: { capture: true, maxLength: 160 } });
    const all = JSON.stringify(spans.map((s) => ({ a: s.attributes, e: s.events })));
    expect(all).not.toContain(secret);
    expect(all).toContain('[REDACTED:anthropic_key]');
    const input = JSON.parse(String(root(spans).attributes['gen_ai.input.messages'])) as { role: string; parts: { content?: string }[] }[];
    // Too long for 160 characters: the call and its 10 000-character result are dropped, and a part says so.
    expect(input).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'use key [REDACTED:anthropic_key] please' },
          { type: 'text', content: '…[2 parts truncated]' },
        ],
      },
    ]);
    const tool = byName(spans, 'execute_tool')[0]!;
    expect(String(tool.attributes['gen_ai.tool.call.result']).length).toBeLessThan(200);
    expect(tool.attributes['agent_otel.content.truncated']).toBe(1);
    expect(tool.attributes['gen_ai.tool.call.arguments']).toBe('{"cmd":"ls -la"}');
  });

  it('puts permission decisions and errors on the session span with their source times, and no message events', () => {
    const spans = run(events());
    const names = root(spans).events.map((e) => e.name);
    expect(names).toEqual(['agent_otel.permission', 'exception']);
    const exception = root(spans).events[1]!;
    expect(String(exception.attributes?.['exception.message'])).toContain('[REDACTED:anthropic_key]');
    expect(ms(exception.time)).toBeCloseTo(T0 + 5, 3);
  });

  it('caps events per span and counts what it dropped', () => {
    const many: AgentEvent[] = Array.from({ length: 12 }, (_, i) => ({ type: 'permission', sessionId: S, time: T0 + i, granted: true }));
    const r = root(run([start(), ...many], { maxEventsPerSpan: 5 }));
    expect(r.events).toHaveLength(5);
    expect(r.droppedEventsCount).toBe(7);
  });

  it('attaches response events to their chat span when it arrives', () => {
    const spans = run([
      start(),
      { type: 'cost', sessionId: S, time: T0 + 1, responseId: 'r1', costUsd: 0.5 },
      { type: 'model.call', sessionId: S, time: T0 + 3, responseId: 'r1' },
    ]);
    expect(byName(spans, 'chat')[0]!.events.map((e) => e.name)).toEqual(['agent_otel.cost']);
    expect(root(spans).events).toHaveLength(0);
  });
});

describe('SpanMapper: session end', () => {
  it.each([
    { outcome: 'ok' as const, code: SpanStatusCode.UNSET },
    { outcome: 'error' as const, code: SpanStatusCode.ERROR },
    { outcome: 'interrupted' as const, code: SpanStatusCode.UNSET },
  ])('records outcome $outcome', ({ outcome, code }) => {
    const r = root(run([start(), { type: 'session.end', sessionId: S, time: T0 + 9, outcome, error: 'boom' }]));
    expect(r.attributes['agent_otel.session.outcome']).toBe(outcome);
    expect(r.attributes['agent_otel.session.end_recorded']).toBe(true);
    expect(r.status.code).toBe(code);
  });

  it('ends a session with no end record at its last record', () => {
    const r = root(run([start(), { type: 'message', sessionId: S, time: T0 + 1234, role: 'user' }]));
    expect(r.attributes['agent_otel.session.end_recorded']).toBe(false);
    expect(ms(r.endTime)).toBeCloseTo(T0 + 1234, 3);
  });
});
