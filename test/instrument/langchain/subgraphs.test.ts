import * as callbacksManager from '@langchain/core/callbacks/manager';
import * as runnables from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { Command, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrument } from '../../../src/instrument/instrument.js';
import { response, ScriptedChatModel } from './scripted-chat-model.js';
import { byResponse, byToolCall, ofOperation, parentOf, traceOf, useTracedLangChain } from './traced-langchain.js';

/** A research agent of its own, used inside the outer run. */
function researcher() {
  return createReactAgent({
    llm: new ScriptedChatModel([response({ id: 'inner-resp', text: 'found it', usage: { input: 40, output: 4 } })]),
    tools: [],
    name: 'researcher',
  });
}

describe('LangChain hook: subgraphs', () => {
  const traced = useTracedLangChain();

  it('a compiled graph used as a node is a subagent session under the outer session', async () => {
    const { spans } = traced();
    const outer = new StateGraph(MessagesAnnotation)
      .addNode('plan', async (state, config) => ({
        messages: [await new ScriptedChatModel([response({ id: 'outer-resp', text: 'plan', usage: { input: 20, output: 3 } })]).invoke(state.messages, config)],
      }))
      .addNode('research', researcher())
      .addEdge(START, 'plan')
      .addEdge('plan', 'research')
      .addEdge('research', END)
      .compile({ name: 'planner' });
    await outer.invoke({ messages: [{ role: 'user', content: 'find it' }] });
    const all = await spans();

    const roots = ofOperation(all, 'invoke_agent');
    expect(roots.map((r) => r.name).sort()).toEqual(['invoke_agent planner', 'invoke_agent researcher']);
    const top = roots.find((r) => r.name === 'invoke_agent planner')!;
    const sub = roots.find((r) => r.name === 'invoke_agent researcher')!;
    expect(parentOf(all, sub)).toBe(top);
    expect(sub.attributes['agent_otel.subagent']).toBe(true);
    expect(sub.attributes['agent_otel.parent.placement']).toBe('session_root');
    expect(parentOf(all, byResponse(all, 'outer-resp')!)).toBe(top);
    expect(parentOf(all, byResponse(all, 'inner-resp')!)).toBe(sub);
    for (const span of all) expect(traceOf(span)).toBe(traceOf(top));
    expect(top.attributes['agent_otel.usage.subtree.input_tokens']).toBe(20 + 40);
  });

  it('a graph run inside a tool (an agent used as a tool) nests under that tool call', async () => {
    const { spans } = traced();
    const ask = tool(async ({ question }, config) => {
      const result = await researcher().invoke({ messages: [{ role: 'user', content: question }] }, config);
      return String(result.messages.at(-1)?.content);
    }, { name: 'ask_researcher', description: 'asks the researcher', schema: z.object({ question: z.string() }) });
    const supervisor = createReactAgent({
      llm: new ScriptedChatModel([
        response({ id: 'sup-1', toolCalls: [{ id: 'call-ask', name: 'ask_researcher', args: { question: 'where?' } }], usage: { input: 30, output: 5 } }),
        response({ id: 'sup-2', text: 'done', usage: { input: 50, output: 1 } }),
      ]),
      tools: [ask],
      name: 'supervisor',
    });
    await supervisor.invoke({ messages: [{ role: 'user', content: 'go' }] });
    const all = await spans();

    const call = byToolCall(all, 'call-ask')!;
    const sub = ofOperation(all, 'invoke_agent').find((r) => r.name === 'invoke_agent researcher')!;
    expect(parentOf(all, sub)).toBe(call);
    expect(sub.attributes['agent_otel.parent.placement']).toBe('launched_by_call');
    expect(parentOf(all, byResponse(all, 'inner-resp')!)).toBe(sub);
    expect(parentOf(all, call)!.name).toBe('invoke_agent supervisor');
    expect(call.attributes['agent_otel.tool.success']).toBe(true);
    expect(sub.attributes['agent_otel.usage.subtree.input_tokens']).toBe(40);
  });

  it('instrumenting twice (both entry points, as register and instrument() together do) traces each run once', async () => {
    const { telemetry, spans } = traced();
    instrument(callbacksManager, { telemetry });
    instrument(runnables, { telemetry });
    await researcher().invoke({ messages: [{ role: 'user', content: 'once' }] });
    const all = await spans();
    expect(ofOperation(all, 'invoke_agent')).toHaveLength(1);
    expect(ofOperation(all, 'chat')).toHaveLength(1);
  });
});

describe('LangChain hook: a handoff out of a subgraph', () => {
  const traced = useTracedLangChain();

  it('Command.PARENT ends the subgraph session ok, reason handoff, and the outer run goes on', async () => {
    const { spans } = traced();
    const handingOff = new StateGraph(MessagesAnnotation)
      .addNode('decide', () => new Command({ graph: Command.PARENT, goto: 'billing', update: { messages: [{ role: 'assistant', content: 'to billing' }] } }))
      .addEdge(START, 'decide')
      .compile({ name: 'triage' });
    const outer = new StateGraph(MessagesAnnotation)
      .addNode('triage', handingOff, { ends: ['billing'] })
      .addNode('billing', () => ({ messages: [{ role: 'assistant', content: 'billing here' }] }))
      .addEdge(START, 'triage')
      .addEdge('billing', END)
      .compile({ name: 'desk' });
    const result = await outer.invoke({ messages: [{ role: 'user', content: 'refund' }] });
    expect(result.messages.at(-1)?.content).toBe('billing here');
    const roots = ofOperation(await spans(), 'invoke_agent');
    const triage = roots.find((r) => r.name === 'invoke_agent triage')!;
    const desk = roots.find((r) => r.name === 'invoke_agent desk')!;
    expect([triage.attributes['agent_otel.session.outcome'], triage.attributes['agent_otel.session.end_reason']]).toEqual(['ok', 'handoff']);
    expect(desk.attributes['agent_otel.session.outcome']).toBe('ok');
  });
});
