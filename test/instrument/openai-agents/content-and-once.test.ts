import * as agentsCore from '@openai/agents-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrument } from '../../../src/instrument/instrument.js';
import { functionCall, message, scriptedResponsesModel } from './agents-models.js';
import { children, op, roots, traceAgents, type Traced } from './agents-harness.js';

async function runEcho(traced: Traced) {
  const { Agent, run, tool } = traced.sdk;
  const echo = tool({ name: 'echo', description: 'echoes', parameters: z.object({ text: z.string() }), execute: async ({ text }) => `echo: ${text}` });
  const model = scriptedResponsesModel([
    { id: 'resp_e1', output: [functionCall('call_e', 'echo', { text: 'hello there' })], usage: { input: 20, output: 4 } },
    { id: 'resp_e2', output: [message('all echoed')], usage: { input: 30, output: 3 } },
  ]);
  await run(new Agent({ name: 'echoer', model, tools: [echo] }), 'echo hello there');
  return traced.spans();
}

describe('@openai/agents: content, and each run traced once', () => {
  it('captures tool arguments, results and the response text only with capture on', async () => {
    const on = traceAgents({ capture: true });
    const spans = await runEcho(on);
    const [root] = roots(spans);
    const toolSpan = children(spans, root!).find((s) => op(s) === 'execute_tool')!;
    expect(JSON.parse(String(toolSpan.attributes['gen_ai.tool.call.arguments']))).toEqual({ text: 'hello there' });
    expect(toolSpan.attributes['gen_ai.tool.call.result']).toBe('echo: hello there');
    const last = children(spans, root!).find((s) => s.attributes['gen_ai.response.id'] === 'resp_e2')!;
    expect(String(last.attributes['gen_ai.output.messages'])).toContain('all echoed');
    await on.telemetry.shutdown();

    const off = traceAgents();
    const quiet = await runEcho(off);
    const everything = JSON.stringify(quiet.map((s) => s.attributes));
    expect(everything).not.toContain('hello there');
    expect(everything).not.toContain('all echoed');
    await off.telemetry.shutdown();
  });

  it('traces each run once when the SDK is instrumented twice, through @openai/agents and @openai/agents-core', async () => {
    const traced = traceAgents();
    instrument(agentsCore, { telemetry: traced.telemetry });
    instrument(traced.sdk, { telemetry: traced.telemetry });
    const spans = await runEcho(traced);
    expect(roots(spans)).toHaveLength(1);
    expect(spans.filter((s) => op(s) === 'chat')).toHaveLength(2);
    expect(spans.filter((s) => op(s) === 'execute_tool')).toHaveLength(1);
    await traced.telemetry.shutdown();
  });

  it('stays registered when the application replaces the SDK processors', async () => {
    const traced = traceAgents();
    const seen: string[] = [];
    const theirs = {
      onTraceStart: async () => {},
      onTraceEnd: async () => {},
      onSpanStart: async () => {},
      onSpanEnd: async (span: { spanData: { type: string } }) => void seen.push(span.spanData.type),
      shutdown: async () => {},
      forceFlush: async () => {},
    };
    traced.sdk.setTraceProcessors([theirs]);
    const spans = await runEcho(traced);
    expect(seen).toContain('function');
    expect(roots(spans)).toHaveLength(1);
    traced.sdk.setTraceProcessors([]);
    await traced.telemetry.shutdown();
  });

  it('records nothing for a run whose tracing the application turned off (tracingDisabled), and the run is unchanged', async () => {
    const traced = traceAgents();
    const { Agent, Runner } = traced.sdk;
    const runner = new Runner({ tracingDisabled: true });
    const result = await runner.run(new Agent({ name: 'private', model: scriptedResponsesModel([{ id: 'resp_p', output: [message('secret')], usage: { input: 1, output: 1 } }]) }), 'hi');
    expect(result.finalOutput).toBe('secret');
    expect(await traced.spans()).toEqual([]);
    await traced.telemetry.shutdown();
  });
});
