import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startRunSession, withinRun } from '../../../src/instrument/run-context.js';
import { functionCall, message, scriptedResponsesModel } from './agents-models.js';
import { children, names, roots, traceAgents } from './agents-harness.js';

const usage = { input: 30, output: 3 };
const only = (spans: ReadableSpan[]) => {
  expect(spans).toHaveLength(1);
  return spans[0]!;
};

describe('@openai/agents: handoffs and agents used as tools', () => {
  it('nests the agent a handoff transfers to under the handoff, in the same trace', async () => {
    const traced = traceAgents();
    const { Agent, run } = traced.sdk;
    const refunds = new Agent({ name: 'refunds', model: scriptedResponsesModel([{ id: 'resp_r', output: [message('refunded')], usage }]) });
    const billing = new Agent({ name: 'billing', handoffs: [refunds], model: scriptedResponsesModel([{ id: 'resp_b', output: [functionCall('call_h2', 'transfer_to_refunds', {})], usage }]) });
    const triage = new Agent({ name: 'triage', handoffs: [billing], model: scriptedResponsesModel([{ id: 'resp_t', output: [functionCall('call_h1', 'transfer_to_billing', {})], usage }]) });
    const result = await run(triage, 'I want my money back');
    expect(result.finalOutput).toBe('refunded');

    const spans = await traced.spans();
    const root = only(roots(spans));
    expect(root.name).toBe('invoke_agent triage');
    expect(names(children(spans, root))).toEqual(['chat gpt-4.1-mini', 'execute_tool handoff']);
    const toBilling = children(spans, root)[1]!;
    const billingSpan = only(children(spans, toBilling));
    expect(billingSpan.name).toBe('invoke_agent billing');
    expect(billingSpan.attributes['agent_otel.subagent']).toBe(true);
    expect(names(children(spans, billingSpan))).toEqual(['chat gpt-4.1-mini', 'execute_tool handoff']);
    const refundsSpan = only(children(spans, children(spans, billingSpan)[1]!));
    expect(refundsSpan.name).toBe('invoke_agent refunds');
    expect(names(children(spans, refundsSpan))).toEqual(['chat gpt-4.1-mini']);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);

    const handoffs = spans.flatMap((s) => s.events).filter((e) => e.name === 'agent_otel.handoff');
    expect(handoffs.map((e) => [e.attributes?.['agent_otel.handoff.from'], e.attributes?.['agent_otel.handoff.to']]).sort()).toEqual([
      ['billing', 'refunds'],
      ['triage', 'billing'],
    ]);
    // The run's tokens add up over the agents it went through.
    expect(root.attributes['agent_otel.usage.subtree.input_tokens']).toBe(3 * usage.input);
    await traced.telemetry.shutdown();
  });

  it('nests the run of an agent used as a tool under the tool call that started it', async () => {
    const traced = traceAgents();
    const { Agent, run } = traced.sdk;
    const researcher = new Agent({ name: 'researcher', model: scriptedResponsesModel([{ id: 'resp_in', output: [message('42')], usage: { input: 11, output: 2 } }]) });
    const lead = new Agent({
      name: 'lead',
      tools: [researcher.asTool({ toolName: 'research', toolDescription: 'looks things up' })],
      model: scriptedResponsesModel([
        { id: 'resp_o1', output: [functionCall('call_r', 'research', { input: 'the answer' })], usage },
        { id: 'resp_o2', output: [message('the answer is 42')], usage },
      ]),
    });
    const result = await run(lead, 'what is the answer?');
    expect(result.finalOutput).toBe('the answer is 42');

    const spans = await traced.spans();
    const root = only(roots(spans));
    expect(root.name).toBe('invoke_agent lead');
    expect(names(children(spans, root))).toEqual(['chat gpt-4.1-mini', 'execute_tool research', 'chat gpt-4.1-mini']);
    const research = children(spans, root).find((s) => s.name === 'execute_tool research')!;
    expect(research.attributes['agent_otel.tool.success']).toBe(true);
    const inner = only(children(spans, research));
    expect(inner.name).toBe('invoke_agent researcher');
    expect(inner.attributes['agent_otel.parent.placement']).toBe('launched_by_call');
    expect(names(children(spans, inner))).toEqual(['chat gpt-4.1-mini']);
    expect(children(spans, inner)[0]!.attributes['gen_ai.usage.input_tokens']).toBe(11);
    expect(research.attributes['agent_otel.usage.subtree.input_tokens']).toBe(11);
    await traced.telemetry.shutdown();
  });

  it('nests a run of another SDK, started inside a function tool, under that tool call', async () => {
    const traced = traceAgents();
    const { Agent, run, tool } = traced.sdk;
    // What every SDK hook does when a run starts: startRunSession reads the run in progress.
    const delegate = tool({
      name: 'delegate',
      description: 'asks a helper built on another SDK',
      parameters: z.object({}),
      execute: async () => {
        const helper = startRunSession(traced.telemetry, 'helper');
        helper.startModelCall({ model: 'helper-model' }).end({ usage: { input: 5, output: 1 } });
        helper.end();
        return 'helped';
      },
    });
    const model = scriptedResponsesModel([
      { id: 'resp_d1', output: [functionCall('call_d', 'delegate', {})], usage },
      { id: 'resp_d2', output: [message('done')], usage },
    ]);
    await run(new Agent({ name: 'boss', model, tools: [delegate] }), 'go');

    const spans = await traced.spans();
    const root = only(roots(spans));
    const call = children(spans, root).find((s) => s.name === 'execute_tool delegate')!;
    const helper = only(children(spans, call));
    expect(helper.name).toBe('invoke_agent helper');
    expect(names(children(spans, helper))).toEqual(['chat helper-model']);
    expect(call.attributes['agent_otel.usage.subtree.input_tokens']).toBe(5);
    await traced.telemetry.shutdown();
  });

  it('nests a run started inside another SDK\'s traced tool call under that call', async () => {
    const traced = traceAgents();
    const { Agent, run } = traced.sdk;
    // What another SDK's hook does around a tool it executes.
    const outer = startRunSession(traced.telemetry, 'outer-sdk-agent');
    const call = outer.startToolCall('ask_openai_agent', {}, { kind: 'sub_agent' });
    const agent = new Agent({ name: 'inner', model: scriptedResponsesModel([{ id: 'resp_i', output: [message('inner answer')], usage }]) });
    await withinRun({ session: outer, agent: 'outer-sdk-agent', toolCallId: call.callId }, () => run(agent, 'hi'));
    call.end({ success: true });
    outer.end();

    const spans = await traced.spans();
    const root = only(roots(spans));
    expect(root.name).toBe('invoke_agent outer-sdk-agent');
    const inner = only(children(spans, only(children(spans, root))));
    expect(inner.name).toBe('invoke_agent inner');
    expect(names(children(spans, inner))).toEqual(['chat gpt-4.1-mini']);
    await traced.telemetry.shutdown();
  });

  it('fails the agent that was running when the run failed after a handoff, and the run', async () => {
    const traced = traceAgents();
    const { Agent, run } = traced.sdk;
    const billing = new Agent({ name: 'billing', model: scriptedResponsesModel([{ id: 'resp_bx', output: [], usage, error: new Error('billing model down') }]) });
    const triage = new Agent({ name: 'triage', handoffs: [billing], model: scriptedResponsesModel([{ id: 'resp_tx', output: [functionCall('call_hx', 'transfer_to_billing', {})], usage }]) });
    await expect(run(triage, 'refund')).rejects.toThrow('billing model down');

    const spans = await traced.spans();
    const root = only(roots(spans));
    const billingSpan = spans.find((s) => s.name === 'invoke_agent billing')!;
    expect([root.attributes['agent_otel.session.outcome'], billingSpan.attributes['agent_otel.session.outcome']]).toEqual(['error', 'error']);
    expect(billingSpan.status.message ?? '').toContain('billing model down');
    await traced.telemetry.shutdown();
  });

  it('builds the same tree when the run opens no task and turn spans (tracing.includeTaskAndTurnSpans: false)', async () => {
    const traced = traceAgents();
    const { Agent, Runner } = traced.sdk;
    const billing = new Agent({ name: 'billing', model: scriptedResponsesModel([{ id: 'resp_nb', output: [message('billed')], usage }]) });
    const triage = new Agent({ name: 'triage', handoffs: [billing], model: scriptedResponsesModel([{ id: 'resp_nt', output: [functionCall('call_nh', 'transfer_to_billing', {})], usage }]) });
    const result = await new Runner({ tracing: { includeTaskAndTurnSpans: false } }).run(triage, 'refund');
    expect(result.finalOutput).toBe('billed');

    const spans = await traced.spans();
    const root = only(roots(spans));
    expect(root.name).toBe('invoke_agent triage');
    expect(names(children(spans, root))).toEqual(['chat gpt-4.1-mini', 'execute_tool handoff']);
    const billingSpan = only(children(spans, children(spans, root)[1]!));
    expect(billingSpan.name).toBe('invoke_agent billing');
    expect(names(children(spans, billingSpan))).toEqual(['chat gpt-4.1-mini']);
    await traced.telemetry.shutdown();
  });
});
