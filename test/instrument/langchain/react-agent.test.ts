import { ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { response, ScriptedChatModel } from './scripted-chat-model.js';
import { byResponse, byToolCall, ofOperation, parentOf, traceOf, useTracedLangChain } from './traced-langchain.js';

/** A ReAct agent: the model asks for three tools (one works, one throws, one reports an error), then answers. */
function weatherAgent() {
  const first = { input: 1200, output: 80, cacheRead: 1000, cacheCreation: 50, reasoning: 30 };
  const second = { input: 1500, output: 12 };
  const model = new ScriptedChatModel(
    [
      response({
        id: 'resp-1',
        toolCalls: [
          { id: 'call-weather', name: 'weather', args: { city: 'Paris' } },
          { id: 'call-broken', name: 'broken', args: {} },
          { id: 'call-refuse', name: 'refuse', args: {} },
        ],
        usage: first,
        model: 'gpt-test-2026-01-01',
      }),
      response({ id: 'resp-2', text: 'Sunny in Paris.', usage: second, finishReason: 'stop' }),
    ],
    { model: 'gpt-test', provider: 'openai' },
  );
  const weather = tool(({ city }) => `sunny in ${city}`, { name: 'weather', description: 'the weather', schema: z.object({ city: z.string() }) });
  const broken = tool((): string => {
    throw new Error('weather station offline');
  }, { name: 'broken', description: 'always throws', schema: z.object({}) });
  const refuse = tool((_input: Record<string, never>, config: { toolCall?: { id?: string } }) => new ToolMessage({ content: 'not allowed here', tool_call_id: config.toolCall?.id ?? '', status: 'error' }), {
    name: 'refuse',
    description: 'reports an error without throwing',
    schema: z.object({}),
  });
  return { agent: createReactAgent({ llm: model, tools: [weather, broken, refuse], name: 'weather_agent' }), first, second };
}

describe('LangChain hook: a createReactAgent run', () => {
  const traced = useTracedLangChain();

  it('is one session: a root invoke_agent, a chat span per model call, an execute_tool span per tool call', async () => {
    const { telemetry, spans } = traced();
    const { agent, first, second } = weatherAgent();
    await agent.invoke({ messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const all = await spans();

    const roots = ofOperation(all, 'invoke_agent');
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(root.name).toBe('invoke_agent weather_agent');
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes['agent_otel.session.outcome']).toBe('ok');
    expect(ofOperation(all, 'chat')).toHaveLength(2);
    expect(ofOperation(all, 'execute_tool')).toHaveLength(3);
    for (const span of all) expect(traceOf(span)).toBe(traceOf(root));
    for (const span of all.filter((s) => s !== root)) expect(parentOf(all, span)).toBe(root);

    // Tokens as the model returned them: LangChain's input_tokens already counts the cache.
    const chat1 = byResponse(all, 'resp-1')!.attributes;
    expect(chat1['gen_ai.request.model']).toBe('gpt-test');
    expect(chat1['gen_ai.response.model']).toBe('gpt-test-2026-01-01');
    expect(chat1['gen_ai.provider.name']).toBe('openai');
    expect(chat1['gen_ai.usage.input_tokens']).toBe(first.input);
    expect(chat1['gen_ai.usage.output_tokens']).toBe(first.output);
    expect(chat1['gen_ai.usage.cache_read.input_tokens']).toBe(first.cacheRead);
    expect(chat1['gen_ai.usage.cache_creation.input_tokens']).toBe(first.cacheCreation);
    expect(chat1['gen_ai.usage.reasoning.output_tokens']).toBe(first.reasoning);
    expect(chat1['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    const chat2 = byResponse(all, 'resp-2')!.attributes;
    expect([chat2['gen_ai.usage.input_tokens'], chat2['gen_ai.usage.output_tokens']]).toEqual([second.input, second.output]);
    expect(chat2['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(root.attributes['agent_otel.usage.own.input_tokens']).toBe(first.input + second.input);

    // Tool outcomes: the call that worked, the one that threw, the one that reported an error.
    const ok = byToolCall(all, 'call-weather')!;
    expect([ok.name, ok.attributes['agent_otel.tool.success'], ok.status.code]).toEqual(['execute_tool weather', true, SpanStatusCode.UNSET]);
    const thrown = byToolCall(all, 'call-broken')!;
    expect([thrown.attributes['agent_otel.tool.success'], thrown.attributes['error.type'], thrown.status.code]).toEqual([false, 'tool_error', SpanStatusCode.ERROR]);
    const refused = byToolCall(all, 'call-refuse')!;
    expect([refused.attributes['agent_otel.tool.success'], refused.attributes['error.type']]).toEqual([false, 'tool_error']);
    expect(root.attributes['agent_otel.session.tool_failures']).toBe(2);

    // The tools ran between the two model calls.
    const end1 = byResponse(all, 'resp-1')!.endTime;
    const start2 = byResponse(all, 'resp-2')!.startTime;
    for (const span of ofOperation(all, 'execute_tool')) {
      expect(compare(span.startTime, end1)).toBeGreaterThanOrEqual(0);
      expect(compare(span.endTime, start2)).toBeLessThanOrEqual(0);
    }
    expect(telemetry.stats().rejected).toBe(0);
  });

  it('leaves content out by default: sizes only', async () => {
    const { spans } = traced();
    await weatherAgent().agent.invoke({ messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const all = await spans();
    for (const span of all) {
      expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
      expect(span.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    }
    expect(byResponse(all, 'resp-1')!.attributes['agent_otel.messages.input.size']).toBe(Buffer.byteLength('Weather in Paris?'));
  });
});

describe('LangChain hook: content capture on', () => {
  const traced = useTracedLangChain({ capture: true });

  it('puts the prompt, the answer, tool calls and tool results on the spans', async () => {
    const { spans } = traced();
    await weatherAgent().agent.invoke({ messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const all = await spans();
    const chat1 = byResponse(all, 'resp-1')!.attributes;
    expect(JSON.parse(chat1['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]);
    const output1 = JSON.parse(chat1['gen_ai.output.messages'] as string) as Array<{ parts: Array<{ type: string; id?: string; name?: string; arguments?: unknown }> }>;
    expect(output1[0]!.parts.filter((p) => p.type === 'tool_call').map((p) => [p.id, p.name])).toEqual([
      ['call-weather', 'weather'],
      ['call-broken', 'broken'],
      ['call-refuse', 'refuse'],
    ]);
    const input2 = JSON.parse(byResponse(all, 'resp-2')!.attributes['gen_ai.input.messages'] as string) as Array<{ role: string; parts: Array<{ id: string; response: unknown }> }>;
    expect(input2.map((m) => [m.role, m.parts[0]!.id])).toEqual([
      ['tool', 'call-weather'],
      ['tool', 'call-broken'],
      ['tool', 'call-refuse'],
    ]);
    expect(input2[0]!.parts[0]!.response).toBe('sunny in Paris');
    const output2 = JSON.parse(byResponse(all, 'resp-2')!.attributes['gen_ai.output.messages'] as string) as Array<{ parts: Array<{ content?: string }> }>;
    expect(output2[0]!.parts[0]!.content).toBe('Sunny in Paris.');
    expect(JSON.parse(byToolCall(all, 'call-weather')!.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({ city: 'Paris' });
  });
});

function compare(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}
