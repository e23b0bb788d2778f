import * as callbacksManager from '@langchain/core/callbacks/manager';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { END, interrupt, MemorySaver, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { handlerOf, isCallbackManagerClass } from '../../../src/instrument/langchain/callback-manager-patch.js';
import { response, ScriptedChatModel } from './scripted-chat-model.js';
import { byResponse, ofOperation, parentOf, traceOf, useTracedLangChain } from './traced-langchain.js';

/** A graph of one node that asks the model. */
function oneCallGraph(model: ScriptedChatModel | FakeListChatModel) {
  return new StateGraph(MessagesAnnotation)
    .addNode('ask', async (state, config) => ({ messages: [await model.invoke(state.messages, config)] }))
    .addEdge(START, 'ask')
    .addEdge('ask', END)
    .compile({ name: 'one_call' });
}

/** Runs still held by the hook: none once every run has ended. */
function runsInFlight(): number {
  const cls = callbacksManager.CallbackManager;
  return isCallbackManagerClass(cls) ? (handlerOf(cls)?.tracker.size ?? -1) : -1;
}

describe('LangChain hook: how runs end', () => {
  const traced = useTracedLangChain();

  it('a thrown error: the session ends with outcome error, the model call in flight gets the error', async () => {
    const { spans } = traced();
    const graph = oneCallGraph(new ScriptedChatModel([new Error('model service down')]));
    await expect(graph.invoke({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow('model service down');
    const all = await spans();
    const [root] = ofOperation(all, 'invoke_agent');
    expect(root!.attributes['agent_otel.session.outcome']).toBe('error');
    expect(root!.attributes['error.type']).toBe('session_error');
    expect(root!.status.code).toBe(SpanStatusCode.ERROR);
    const [chat] = ofOperation(all, 'chat');
    expect(chat!.attributes['error.type']).toBe('model_error');
    expect(chat!.status.code).toBe(SpanStatusCode.ERROR);
    expect(parentOf(all, chat!)).toBe(root);
    expect(runsInFlight()).toBe(0);
  });

  it('a cancelled run (AbortSignal): the session is interrupted, reason cancelled; the model call in flight ends with an error', async () => {
    const { spans } = traced();
    const graph = oneCallGraph(new ScriptedChatModel([response({ id: 'never', text: 'too late' })], { delayMs: 30_000 }));
    const controller = new AbortController();
    const run = graph.invoke({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(run).rejects.toThrow();
    const all = await spans();
    const [root] = ofOperation(all, 'invoke_agent');
    expect(root!.attributes['agent_otel.session.outcome']).toBe('interrupted');
    expect(root!.attributes['agent_otel.session.end_reason']).toBe('cancelled');
    const [chat] = ofOperation(all, 'chat');
    expect(chat!.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat!.attributes['gen_ai.response.id']).toBeUndefined();
    expect(runsInFlight()).toBe(0);
  });

  it('two runs at once stay two sessions in two traces', async () => {
    const { spans } = traced();
    const agentFor = (name: string) =>
      createReactAgent({
        llm: new ScriptedChatModel([response({ id: `resp-${name}`, text: name, usage: { input: 10, output: 2 } })], { delayMs: 20 }),
        tools: [],
        name,
      });
    await Promise.all([agentFor('alpha').invoke({ messages: [{ role: 'user', content: 'a' }] }), agentFor('beta').invoke({ messages: [{ role: 'user', content: 'b' }] })]);
    const all = await spans();
    const roots = ofOperation(all, 'invoke_agent');
    expect(roots.map((r) => r.name).sort()).toEqual(['invoke_agent alpha', 'invoke_agent beta']);
    expect(new Set(roots.map(traceOf)).size).toBe(2);
    for (const name of ['alpha', 'beta']) {
      const chat = byResponse(all, `resp-${name}`)!;
      expect(parentOf(all, chat)!.name).toBe(`invoke_agent ${name}`);
    }
    expect(runsInFlight()).toBe(0);
  });

  it("a plain chain (prompt | LangChain's FakeListChatModel) is a session; a bare model call is one of its own", async () => {
    const { spans } = traced();
    const model = new FakeListChatModel({ responses: ['first answer', 'second answer'] });
    const chain = ChatPromptTemplate.fromMessages([['system', 'Be brief.'], ['human', '{question}']]).pipe(model);
    await chain.invoke({ question: 'why?' });
    await model.invoke('alone');
    const all = await spans();
    const roots = ofOperation(all, 'invoke_agent');
    expect(roots).toHaveLength(2);
    const chats = ofOperation(all, 'chat');
    expect(chats).toHaveLength(2);
    // Each chat span under its own session's root; the chain's got the system and the user message.
    const chainRoot = roots.find((r) => r.name === 'invoke_agent RunnableSequence')!;
    const chainChat = chats.find((c) => parentOf(all, c) === chainRoot)!;
    expect(chainChat.attributes['agent_otel.messages.input.count']).toBe(1);
    expect(chainChat.attributes['agent_otel.messages.system.size']).toBe(Buffer.byteLength('Be brief.'));
    const bare = chats.find((c) => c !== chainChat)!;
    expect(parentOf(all, bare)!.name).toBe('invoke_agent FakeListChatModel');
    expect(traceOf(bare)).not.toBe(traceOf(chainChat));
    // A fake model names no provider: LangChain's default ls_provider (the class name) is not taken for one.
    expect(bare.attributes['gen_ai.provider.name']).toBeUndefined();
    expect(runsInFlight()).toBe(0);
  });
});

describe('LangChain hook: streaming', () => {
  const traced = useTracedLangChain();

  it('a streamed model call records its time to the first chunk, within the span', async () => {
    const { spans } = traced();
    const model = new FakeListChatModel({ responses: ['streamed answer'] });
    let text = '';
    for await (const chunk of await model.stream('hi')) text += String(chunk.content);
    expect(text).toBe('streamed answer');
    const [chat] = ofOperation(await spans(), 'chat');
    const ttfc = chat!.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttfc).toBeGreaterThanOrEqual(0);
    expect(ttfc).toBeLessThanOrEqual(chat!.duration[0] + chat!.duration[1] / 1e9);
  });
});

describe('LangChain hook: a graph that pauses for a human', () => {
  const traced = useTracedLangChain();

  it('interrupt(): the run returns, its session is interrupted with reason interrupt', async () => {
    const { spans } = traced();
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('approve', () => {
        const answer: unknown = interrupt('approve?');
        return { messages: [{ role: 'user', content: String(answer) }] };
      })
      .addEdge(START, 'approve')
      .addEdge('approve', END)
      .compile({ name: 'approval', checkpointer: new MemorySaver() });
    const result = await graph.invoke({ messages: [{ role: 'user', content: 'deploy' }] }, { configurable: { thread_id: 'thread-7' } });
    expect(result).toHaveProperty('__interrupt__');
    const [root] = ofOperation(await spans(), 'invoke_agent');
    expect(root!.attributes['agent_otel.session.outcome']).toBe('interrupted');
    expect(root!.attributes['agent_otel.session.end_reason']).toBe('interrupt');
    expect(runsInFlight()).toBe(0);
  });
});
