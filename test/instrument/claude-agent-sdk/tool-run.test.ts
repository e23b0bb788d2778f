import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { expectedChats, expectedTools, reportedTotals } from './recorded-expectations.js';
import { byOp, collect, fakeOptions, parentId, streamMessages, tracedSdk } from './recorded-runs.js';

/**
 * A run with tool calls, a failing tool and an Explore subagent (a Task call),
 * through the SDK's real query() and a fake CLI playing the recorded stream.
 */
const recorded = streamMessages('tool-run');
const PROMPT = 'Why does the cart test fail?';

async function tracedRun(content?: { capture: boolean }) {
  const traced = tracedSdk(content);
  const messages = await collect(traced.sdk.query({ prompt: PROMPT, options: fakeOptions('tool-run') }));
  return { messages, spans: await traced.spans(), traced };
}

const id = (s: ReadableSpan) => s.spanContext().spanId;

describe('Claude Agent SDK: a run with tools and a subagent', () => {
  it('gives the caller the recorded messages, in order', async () => {
    const { messages } = await tracedRun();
    expect(messages).toEqual(recorded);
  });

  it('makes the span tree: the run, its chats and tools, the subagent under its Task call', async () => {
    const { spans } = await tracedRun();
    const roots = spans.filter((s) => parentId(s) === undefined);
    expect(roots.map((s) => s.name)).toEqual(['invoke_agent claude-code']);
    const root = roots[0]!;
    const init = recorded[0]!;
    expect(root.attributes['gen_ai.conversation.id']).toBe(init.session_id);
    expect(root.attributes['gen_ai.request.model']).toBe(init.model);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);

    const tools = expectedTools(recorded);
    const toolSpan = (callId: string) => spans.find((s) => s.attributes['gen_ai.tool.call.id'] === callId)!;
    for (const tool of tools) {
      const span = toolSpan(tool.callId);
      expect(span.name).toBe(`execute_tool ${tool.name}`);
      const under = tool.parentCall === undefined ? root : spans.find((s) => parentId(s) === id(toolSpan(tool.parentCall!)))!;
      expect(parentId(span)).toBe(id(under));
    }
    const subagents = byOp(spans, 'invoke_agent').filter((s) => s !== root);
    const task = tools.find((t) => t.name === 'Task')!;
    expect(subagents.map((s) => [s.name, parentId(s)])).toEqual([['invoke_agent Explore', id(toolSpan(task.callId))]]);
    expect(subagents[0]!.attributes['gen_ai.conversation.id']).toBe(`${String(init.session_id)}/agent-a4c91e2`);
  });

  it('reads each response once, with the usage of its last message, under its own agent', async () => {
    const { spans } = await tracedRun();
    const chats = byOp(spans, 'chat');
    const expected = expectedChats(recorded);
    expect(chats.map((s) => s.attributes['gen_ai.response.id']).sort()).toEqual(expected.map((c) => c.responseId).sort());
    const root = spans.find((s) => parentId(s) === undefined)!;
    const subagent = byOp(spans, 'invoke_agent').find((s) => s !== root)!;
    for (const want of expected) {
      const span = chats.find((s) => s.attributes['gen_ai.response.id'] === want.responseId)!;
      expect(span.name).toBe(`chat ${want.model}`);
      expect(parentId(span)).toBe(id(want.parentCall === undefined ? root : subagent));
      expect({
        input: span.attributes['gen_ai.usage.input_tokens'],
        output: span.attributes['gen_ai.usage.output_tokens'],
        cacheRead: span.attributes['gen_ai.usage.cache_read.input_tokens'] ?? 0,
        cacheCreation: span.attributes['gen_ai.usage.cache_creation.input_tokens'] ?? 0,
        finish: span.attributes['gen_ai.response.finish_reasons'],
      }).toEqual({ input: want.input, output: want.output, cacheRead: want.cacheRead, cacheCreation: want.cacheCreation, finish: [want.finishReason] });
      expect(span.attributes['gen_ai.usage.cost.source']).toBe('local');
    }
  });

  it('marks the failing tool and keeps the others successful', async () => {
    const { spans } = await tracedRun();
    for (const tool of expectedTools(recorded)) {
      const span = spans.find((s) => s.attributes['gen_ai.tool.call.id'] === tool.callId)!;
      expect(span.attributes['agent_otel.tool.success']).toBe(tool.success);
      expect(span.status.code).toBe(tool.success ? SpanStatusCode.UNSET : SpanStatusCode.ERROR);
      if (!tool.success) expect(span.attributes['error.type']).toBe('tool_error');
    }
    expect(expectedTools(recorded).filter((t) => t.success === false)).toHaveLength(1);
  });

  it('ends the run ok with the cost and tokens the result reports', async () => {
    const { spans } = await tracedRun();
    const root = spans.find((s) => parentId(s) === undefined)!;
    const totals = reportedTotals(recorded);
    expect(root.attributes['agent_otel.session.outcome']).toBe('ok');
    expect(root.attributes['agent_otel.session.reported.cost_usd']).toBe(totals.costUsd);
    expect(root.attributes['agent_otel.session.reported.input_tokens']).toBe(totals.input);
    expect(root.attributes['agent_otel.session.reported.output_tokens']).toBe(totals.output);
    // The recorded modelUsage covers the same calls as the responses: the sums agree.
    const chats = expectedChats(recorded);
    expect(root.attributes['agent_otel.usage.subtree.input_tokens']).toBe(chats.reduce((n, c) => n + c.input, 0));
  });

  it('keeps content out by default, and records the prompt and replies with capture on', async () => {
    const off = await tracedRun();
    for (const span of off.spans) {
      expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
      expect(span.attributes['gen_ai.output.messages']).toBeUndefined();
    }
    const on = await tracedRun({ capture: true });
    const first = expectedChats(recorded)[0]!;
    const chat = on.spans.find((s) => s.attributes['gen_ai.response.id'] === first.responseId)!;
    expect(String(chat.attributes['gen_ai.input.messages'])).toContain(PROMPT);
    const firstText = (recorded[1]!.message as { content: { text: string }[] }).content[0]!.text;
    expect(String(chat.attributes['gen_ai.output.messages'])).toContain(firstText);
  });

  it('records a streamed prompt (an AsyncIterable of user messages) as the run\'s prompt', async () => {
    const traced = tracedSdk({ capture: true });
    const sent: SDKUserMessage = { type: 'user', message: { role: 'user', content: PROMPT }, parent_tool_use_id: null, session_id: '' };
    async function* prompt(): AsyncGenerator<SDKUserMessage> {
      yield sent;
    }
    const messages = await collect(traced.sdk.query({ prompt: prompt(), options: fakeOptions('tool-run') }));
    expect(messages).toEqual(recorded);
    const spans = await traced.spans();
    const first = expectedChats(recorded)[0]!;
    const chat = spans.find((s) => s.attributes['gen_ai.response.id'] === first.responseId)!;
    expect(String(chat.attributes['gen_ai.input.messages'])).toContain(PROMPT);
    expect(spans.find((s) => parentId(s) === undefined)!.attributes['agent_otel.session.outcome']).toBe('ok');
  });
});
