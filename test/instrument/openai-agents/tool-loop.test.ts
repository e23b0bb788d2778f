import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionCall, message, scriptedChatCompletionsModel, scriptedResponsesModel, ScriptedModel, type ScriptedCompletion, type ScriptedResponse } from './agents-models.js';
import { children, names, op, roots, traceAgents } from './agents-harness.js';

const script = (): ScriptedResponse[] => [
  { id: 'resp_1', output: [functionCall('call_1', 'add', { a: 2, b: 3 })], usage: { input: 120, cached: 40, output: 25, reasoning: 9 } },
  { id: 'resp_2', output: [message('2 + 3 = 5')], usage: { input: 180, cached: 100, output: 12 } },
];

describe('@openai/agents: a run with a tool loop', () => {
  it('is one invoke_agent with a chat span per response and an execute_tool span per call, tokens as OpenAI reported them', async () => {
    const traced = traceAgents();
    const { Agent, run, tool } = traced.sdk;
    const add = tool({ name: 'add', description: 'adds', parameters: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => String(a + b) });
    const answers = script();
    const agent = new Agent({ name: 'calculator', instructions: 'add', model: scriptedResponsesModel(answers), tools: [add] });
    const expected = script();

    const result = await run(agent, 'what is 2 + 3?');
    expect(result.finalOutput).toBe('2 + 3 = 5');

    const spans = await traced.spans();
    const [root] = roots(spans);
    expect(roots(spans)).toHaveLength(1);
    expect(root!.name).toBe('invoke_agent calculator');
    expect(root!.attributes['agent_otel.session.outcome']).toBe('ok');
    // The SDK's own trace id, to find the same run in OpenAI's traces dashboard.
    expect(root!.attributes['agent_otel.openai_agents.trace_id']).toMatch(/^trace_[0-9a-f]{32}$/);
    expect(names(children(spans, root!))).toEqual(['chat gpt-4.1-mini', 'execute_tool add', 'chat gpt-4.1-mini']);
    expect(spans.every((s) => s.spanContext().traceId === root!.spanContext().traceId)).toBe(true);

    const chats = children(spans, root!).filter((s) => op(s) === 'chat');
    for (const [i, chat] of chats.entries()) {
      const want = expected[i]!;
      expect(chat.attributes['gen_ai.response.id']).toBe(want.id);
      expect(chat.attributes['gen_ai.response.model']).toBe('gpt-4.1-mini');
      expect(chat.attributes['gen_ai.provider.name']).toBe('openai');
      // OpenAI's input_tokens already counts the cached ones, as the conventions' input does.
      expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(want.usage.input);
      expect(chat.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(want.usage.cached);
      expect(chat.attributes['gen_ai.usage.output_tokens']).toBe(want.usage.output);
      expect(chat.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(want.usage.reasoning);
    }
    expect(chats.map((c) => c.attributes['gen_ai.response.finish_reasons'])).toEqual([['tool_call'], ['stop']]);

    const toolSpan = children(spans, root!).find((s) => op(s) === 'execute_tool')!;
    expect(toolSpan.attributes['gen_ai.tool.name']).toBe('add');
    expect(toolSpan.attributes['agent_otel.tool.success']).toBe(true);
    // Content capture is off: the arguments and the result stay out, their sizes do not.
    expect(toolSpan.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(toolSpan.attributes['agent_otel.tool.input.size']).toBeGreaterThan(0);
    expect(root!.attributes['agent_otel.usage.own.input_tokens']).toBe(expected[0]!.usage.input + expected[1]!.usage.input);
    await traced.telemetry.shutdown();
  });

  it('reads a custom model that opens no span of its own from the turn: tokens, no model name', async () => {
    const traced = traceAgents();
    const { Agent, run, tool } = traced.sdk;
    const add = tool({ name: 'add', description: 'adds', parameters: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => String(a + b) });
    const agent = new Agent({ name: 'calculator', model: new ScriptedModel(script()), tools: [add] });
    const expected = script();
    await run(agent, 'what is 2 + 3?');

    const spans = await traced.spans();
    const [root] = roots(spans);
    expect(names(children(spans, root!))).toEqual(['chat', 'execute_tool add', 'chat']);
    const chats = children(spans, root!).filter((s) => op(s) === 'chat');
    // The SDK's turn span counts input (cached included), output and cache reads, not reasoning.
    expect(chats.map((c) => [c.attributes['gen_ai.usage.input_tokens'], c.attributes['gen_ai.usage.cache_read.input_tokens'], c.attributes['gen_ai.usage.output_tokens']])).toEqual(
      expected.map((r) => [r.usage.input, r.usage.cached, r.usage.output]),
    );
    await traced.telemetry.shutdown();
  });

  it('reads the Chat Completions model from its generation spans: requested and served model, usage, finish reasons', async () => {
    const traced = traceAgents();
    const { Agent, run, tool } = traced.sdk;
    const add = tool({ name: 'add', description: 'adds', parameters: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => String(a + b) });
    const completions = (): ScriptedCompletion[] => [
      { id: 'chatcmpl_1', toolCall: { id: 'call_c', name: 'add', args: { a: 4, b: 4 } }, usage: { prompt: 90, cached: 64, completion: 14, reasoning: 6 } },
      { id: 'chatcmpl_2', text: '8', usage: { prompt: 120, completion: 2 } },
    ];
    const agent = new Agent({ name: 'calculator', model: scriptedChatCompletionsModel(completions()), tools: [add] });
    const result = await run(agent, 'what is 4 + 4?');
    expect(result.finalOutput).toBe('8');

    const spans = await traced.spans();
    const [root] = roots(spans);
    expect(names(children(spans, root!))).toEqual(['chat gpt-4o-mini', 'execute_tool add', 'chat gpt-4o-mini']);
    const chats = children(spans, root!).filter((s) => op(s) === 'chat');
    expect(
      chats.map((c) => [
        c.attributes['gen_ai.request.model'],
        c.attributes['gen_ai.response.id'],
        c.attributes['gen_ai.usage.input_tokens'],
        c.attributes['gen_ai.usage.cache_read.input_tokens'],
        c.attributes['gen_ai.usage.output_tokens'],
        c.attributes['gen_ai.usage.reasoning.output_tokens'],
        c.attributes['gen_ai.response.finish_reasons'],
      ]),
    ).toEqual(
      completions().map((c) => ['gpt-4o-mini', c.id, c.usage.prompt, c.usage.cached, c.usage.completion, c.usage.reasoning, [c.toolCall ? 'tool_calls' : 'stop']]),
    );
    await traced.telemetry.shutdown();
  });
});
