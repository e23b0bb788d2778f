import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionCall, message, scriptedResponsesModel } from './agents-models.js';
import { children, names, op, roots, traceAgents } from './agents-harness.js';

describe('@openai/agents: concurrent and streamed runs', () => {
  it('keeps two runs at once in two traces, each with its own calls', async () => {
    const traced = traceAgents();
    const { Agent, run, tool } = traced.sdk;
    const wait = tool({ name: 'wait', description: 'waits', parameters: z.object({ ms: z.number() }), execute: async ({ ms }) => (await sleep(ms), 'waited') });
    const agentFor = (name: string, input: number) =>
      new Agent({
        name,
        tools: [wait],
        model: scriptedResponsesModel([
          { id: `resp_${name}_1`, output: [functionCall(`call_${name}`, 'wait', { ms: 15 })], usage: { input, output: 1 }, before: () => sleep(5) },
          { id: `resp_${name}_2`, output: [message(`${name} done`)], usage: { input, output: 1 }, before: () => sleep(5) },
        ]),
      });
    const [a, b] = await Promise.all([run(agentFor('alpha', 100), 'go'), run(agentFor('beta', 7), 'go')]);
    expect([a.finalOutput, b.finalOutput]).toEqual(['alpha done', 'beta done']);

    const spans = await traced.spans();
    const rootSpans = roots(spans);
    expect(rootSpans.map((r) => r.name).sort()).toEqual(['invoke_agent alpha', 'invoke_agent beta']);
    expect(rootSpans[0]!.spanContext().traceId).not.toBe(rootSpans[1]!.spanContext().traceId);
    for (const root of rootSpans) {
      const name = root.name.split(' ')[1]!;
      const own = spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
      expect(own).toHaveLength(4);
      expect(names(children(spans, root))).toEqual(['chat gpt-4.1-mini', 'execute_tool wait', 'chat gpt-4.1-mini']);
      expect(children(spans, root).filter((s) => op(s) === 'chat').map((s) => s.attributes['gen_ai.response.id'])).toEqual([`resp_${name}_1`, `resp_${name}_2`]);
      expect(root.attributes['agent_otel.usage.own.input_tokens']).toBe(name === 'alpha' ? 200 : 14);
    }
    await traced.telemetry.shutdown();
  });

  it('traces a streamed run as it traces one awaited whole', async () => {
    const traced = traceAgents();
    const { Agent, run, tool } = traced.sdk;
    const lookup = tool({ name: 'lookup', description: 'looks up', parameters: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` });
    const agent = new Agent({
      name: 'streamer',
      tools: [lookup],
      model: scriptedResponsesModel([
        { id: 'resp_s1', output: [functionCall('call_s', 'lookup', { q: 'x' })], usage: { input: 64, cached: 32, output: 8, reasoning: 4 } },
        { id: 'resp_s2', output: [message('found it')], usage: { input: 90, output: 6 } },
      ]),
    });
    const result = await run(agent, 'find x', { stream: true });
    for await (const _event of result) void _event;
    await result.completed;
    expect(result.finalOutput).toBe('found it');

    const spans = await traced.spans();
    const [root] = roots(spans);
    expect(root!.name).toBe('invoke_agent streamer');
    expect(root!.attributes['agent_otel.session.outcome']).toBe('ok');
    expect(names(children(spans, root!))).toEqual(['chat gpt-4.1-mini', 'execute_tool lookup', 'chat gpt-4.1-mini']);
    const first = children(spans, root!).find((s) => s.attributes['gen_ai.response.id'] === 'resp_s1')!;
    expect([first.attributes['gen_ai.usage.input_tokens'], first.attributes['gen_ai.usage.cache_read.input_tokens'], first.attributes['gen_ai.usage.reasoning.output_tokens']]).toEqual([64, 32, 4]);
    await traced.telemetry.shutdown();
  });
});
