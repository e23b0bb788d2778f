import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionCall, message, scriptedResponsesModel, ScriptedModel } from './agents-models.js';
import { children, names, op, roots, traceAgents } from './agents-harness.js';

const usage = { input: 50, output: 5 };

describe('@openai/agents: failures', () => {
  it('marks a tool that throws as failed, and the run goes on (the SDK hands the model an error text)', async () => {
    const traced = traceAgents();
    const { Agent, run, tool } = traced.sdk;
    const flaky = tool({ name: 'flaky', description: 'fails', parameters: z.object({}), execute: async () => { throw new Error('disk full'); } });
    const model = scriptedResponsesModel([
      { id: 'resp_a', output: [functionCall('call_f', 'flaky', {})], usage },
      { id: 'resp_b', output: [message('it failed')], usage },
    ]);
    const result = await run(new Agent({ name: 'worker', model, tools: [flaky] }), 'go');
    expect(result.finalOutput).toBe('it failed');

    const spans = await traced.spans();
    const [root] = roots(spans);
    const toolSpan = children(spans, root!).find((s) => op(s) === 'execute_tool')!;
    expect(toolSpan.attributes['agent_otel.tool.success']).toBe(false);
    expect(toolSpan.attributes['error.type']).toBe('tool_error');
    expect(toolSpan.status.code).toBe(2);
    expect(root!.attributes['agent_otel.session.tool_failures']).toBe(1);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('ok');
    await traced.telemetry.shutdown();
  });

  it('ends the session with the error a model throws, the failed model call included', async () => {
    const traced = traceAgents();
    const { Agent, run } = traced.sdk;
    const model = scriptedResponsesModel([{ id: 'resp_x', output: [], usage, error: new Error('model service down') }]);
    await expect(run(new Agent({ name: 'worker', model }), 'go')).rejects.toThrow('model service down');

    const spans = await traced.spans();
    const [root] = roots(spans);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('error');
    expect(root!.status.code).toBe(2);
    expect(root!.status.message ?? '').toContain('model service down');
    const chat = children(spans, root!).find((s) => op(s) === 'chat')!;
    expect(chat.status.code).toBe(2);
    expect(chat.status.message ?? '').toContain('model service down');
    await traced.telemetry.shutdown();
  });

  it('ends the session of a custom model that throws with the error, on a failed chat span', async () => {
    const traced = traceAgents();
    const { Agent, run } = traced.sdk;
    await expect(run(new Agent({ name: 'worker', model: new ScriptedModel([{ id: 'r', output: [], usage, error: new Error('no route to model') }]) }), 'go')).rejects.toThrow('no route to model');

    const spans = await traced.spans();
    const [root] = roots(spans);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('error');
    expect(names(children(spans, root!))).toEqual(['chat']);
    expect(children(spans, root!)[0]!.status.code).toBe(2);
    await traced.telemetry.shutdown();
  });

  it('ends a run cancelled through its AbortSignal as interrupted, not failed', async () => {
    const traced = traceAgents();
    const { Agent, run } = traced.sdk;
    const controller = new AbortController();
    const model = scriptedResponsesModel([{ id: 'resp_c', output: [message('too late')], usage, before: () => controller.abort() }]);
    await expect(run(new Agent({ name: 'worker', model }), 'go', { signal: controller.signal })).rejects.toThrow(/abort/i);

    const spans = await traced.spans();
    const [root] = roots(spans);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('interrupted');
    expect(root!.attributes['agent_otel.session.end_reason']).toBe('cancelled');
    await traced.telemetry.shutdown();
  });
});
