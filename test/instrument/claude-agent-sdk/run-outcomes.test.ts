import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withinRun } from '../../../src/instrument/run-context.js';
import { expectedChats, expectedTools, reportedTotals } from './recorded-expectations.js';
import { byOp, collect, fakeOptions, parentId, streamMessages, tracedSdk } from './recorded-runs.js';

const rootOf = (spans: Awaited<ReturnType<ReturnType<typeof tracedSdk>['spans']>>) => spans.find((s) => parentId(s) === undefined)!;

describe('Claude Agent SDK: how runs end', () => {
  it('a run stopped at its turn limit ends in error with the result\'s error and cost', async () => {
    const traced = tracedSdk();
    await collect(traced.sdk.query({ prompt: 'List the sources', options: fakeOptions('max-turns-run', { maxTurns: 1 }) }));
    const recorded = streamMessages('max-turns-run');
    const result = recorded.at(-1)!;
    const root = rootOf(await traced.spans());
    expect(root.attributes['agent_otel.session.outcome']).toBe('error');
    expect(root.attributes['error.type']).toBe('session_error');
    expect(root.status).toEqual({ code: SpanStatusCode.ERROR, message: (result.errors as string[])[0] });
    expect(root.attributes['agent_otel.session.end_reason']).toBe(result.subtype);
    expect(root.attributes['agent_otel.session.reported.cost_usd']).toBe(reportedTotals(recorded).costUsd);
  });

  it('interrupt() ends the run interrupted, its running tool cancelled', async () => {
    const traced = tracedSdk();
    const q = traced.sdk.query({ prompt: 'Run the e2e suite', options: fakeOptions('interrupted-run') });
    const seen: string[] = [];
    for await (const message of q) {
      seen.push(message.type);
      if (message.type === 'assistant') await q.interrupt();
    }
    expect(seen).toEqual(streamMessages('interrupted-run').map((m) => m.type));
    const spans = await traced.spans();
    const root = rootOf(spans);
    expect(root.attributes['agent_otel.session.outcome']).toBe('interrupted');
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    const [tool] = expectedTools(streamMessages('interrupted-run'));
    const span = spans.find((s) => s.attributes['gen_ai.tool.call.id'] === tool!.callId)!;
    expect([span.attributes['agent_otel.tool.success'], span.attributes['error.type']]).toEqual([false, 'cancelled']);
  });

  it('an aborted run ends interrupted, its tool in flight marked interrupted, and the caller gets the SDK\'s error', async () => {
    const traced = tracedSdk();
    const abortController = new AbortController();
    const q = traced.sdk.query({ prompt: 'Run the e2e suite', options: fakeOptions('interrupted-run', { abortController }) });
    const run = (async () => {
      for await (const message of q) if (message.type === 'assistant') abortController.abort();
    })();
    await expect(run).rejects.toThrow(/abort/i);
    const spans = await traced.spans();
    expect(rootOf(spans).attributes['agent_otel.session.outcome']).toBe('interrupted');
    const tool = byOp(spans, 'execute_tool')[0]!;
    expect(tool.attributes['agent_otel.tool.interrupted']).toBe(true);
    // The response that asked for the tool was complete: it is still recorded.
    expect(byOp(spans, 'chat').map((s) => s.attributes['gen_ai.response.id'])).toEqual(expectedChats(streamMessages('interrupted-run')).map((c) => c.responseId));
  });

  it('a run whose CLI dies ends in error with the SDK\'s error, which the caller gets unchanged', async () => {
    const traced = tracedSdk();
    const q = traced.sdk.query({ prompt: 'Look at the cart', options: fakeOptions('crashed-run') });
    let thrown: unknown;
    try {
      await collect(q);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const spans = await traced.spans();
    const root = rootOf(spans);
    expect(root.attributes['agent_otel.session.outcome']).toBe('error');
    expect(root.status).toEqual({ code: SpanStatusCode.ERROR, message: (thrown as Error).message });
    const [chat] = expectedChats(streamMessages('crashed-run'));
    expect(byOp(spans, 'chat').map((s) => [s.attributes['gen_ai.response.id'], s.attributes['gen_ai.usage.output_tokens']])).toEqual([[chat!.responseId, chat!.output]]);
  });

  it('two runs at once stay in two traces, each with its own spans', async () => {
    const traced = tracedSdk();
    const ids = ['5a0e4c1d-2b3f-4a5e-8d6c-7f8091a2b3c4', '6b1f5d2e-3c4a-4b6f-9e7d-8091a2b3c4d5'];
    await Promise.all(ids.map((sessionId) => collect(traced.sdk.query({ prompt: 'Why?', options: fakeOptions('tool-run', { sessionId }) }))));
    const spans = await traced.spans();
    const recorded = streamMessages('tool-run');
    const perRun = expectedChats(recorded).length + expectedTools(recorded).length + 2; // chats, tools, the run and its subagent
    const traces = new Map<string, typeof spans>();
    for (const span of spans) traces.set(span.spanContext().traceId, [...(traces.get(span.spanContext().traceId) ?? []), span]);
    expect(traces.size).toBe(2);
    const conversations = [...traces.values()].map((trace) => rootOf(trace).attributes['gen_ai.conversation.id']).sort();
    expect(conversations).toEqual([...ids].sort());
    for (const trace of traces.values()) {
      expect(trace).toHaveLength(perRun);
      const inTrace = new Set(trace.map((s) => s.spanContext().spanId));
      for (const span of trace) if (parentId(span) !== undefined) expect(inTrace.has(parentId(span)!)).toBe(true);
    }
  });

  it('a run started inside a traced tool call nests under that call', async () => {
    const traced = tracedSdk();
    const outer = traced.telemetry.startSession({ agent: 'planner', sessionId: 'planner-1' });
    const call = outer.startToolCall('ask_claude', { question: 'Why?' }, { callId: 'call-ask-1' });
    await withinRun({ session: outer, agent: 'planner', toolCallId: call.callId }, () =>
      collect(traced.sdk.query({ prompt: 'Why?', options: fakeOptions('tool-run') })),
    );
    call.end({ success: true });
    outer.end();
    const spans = await traced.spans();
    const toolSpan = spans.find((s) => s.attributes['gen_ai.tool.call.id'] === 'call-ask-1')!;
    const run = byOp(spans, 'invoke_agent').find((s) => s.attributes['gen_ai.agent.name'] === 'claude-code')!;
    expect(parentId(run)).toBe(toolSpan.spanContext().spanId);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  });
});
