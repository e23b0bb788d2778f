import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { childrenOf, expectedTokens, mockModel, op, roots, tokensOf, tracedAi, type Reply } from './ai-test-kit.js';

const { ai, memory, spans } = tracedAi();

const ask = (id: string, call: string, toolName: string, input: unknown, tokens = { input: 10, output: 4 }): Reply => ({ id, calls: [{ id: call, tool: toolName, input }], tokens, finish: 'tool-calls' });
const answer = (id: string, text: string, tokens = { input: 12, output: 3 }): Reply => ({ id, text, tokens, finish: 'stop' });

const echo = tool({ inputSchema: z.object({ text: z.string() }), execute: async ({ text }) => text.toUpperCase() });

describe('ai: ToolLoopAgent', () => {
  it('makes a session of each generate, named after the agent, with its steps and tools', async () => {
    memory.reset();
    const replies = [ask('a-1', 'c-1', 'echo', { text: 'hi' }, { input: 40, output: 8 }), answer('a-2', 'HI', { input: 55, output: 2 })];
    const agent = new ai.ToolLoopAgent({ id: 'echoer', model: mockModel(replies), instructions: 'Echo loudly.', tools: { echo } });
    const result = await agent.generate({ prompt: 'echo hi' });
    expect(result.text).toBe('HI');
    const all = await spans();
    const [root] = roots(all);
    expect([root!.name, root!.attributes['gen_ai.agent.name'], root!.attributes['agent_otel.session.outcome']]).toEqual(['invoke_agent echoer', 'echoer', 'ok']);
    const children = childrenOf(all, root!);
    expect(children.map((s) => s.name)).toEqual(['chat a-1-model', 'execute_tool echo', 'chat a-2-model']);
    expect(children.filter((s) => op(s) === 'chat').map(tokensOf)).toEqual(replies.map((r) => expectedTokens(r.tokens)));
  });

  it('makes a session of each stream, ended with the stream', async () => {
    memory.reset();
    const agent = new ai.Experimental_Agent({ model: mockModel([ask('s-1', 'c-9', 'echo', { text: 'yo' }), answer('s-2', 'YO')]), tools: { echo } });
    const result = await agent.stream({ prompt: 'echo yo' });
    expect(await result.text).toBe('YO');
    const all = await spans();
    const [root] = roots(all);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('ok');
    expect(childrenOf(all, root!).map(op)).toEqual(['chat', 'execute_tool', 'chat']);
  });

  it('traces a model picked by prepareCall or prepareStep, and shows them the models the application gave', async () => {
    memory.reset();
    const first = mockModel([ask('p-1', 'c-p', 'echo', { text: 'a' })], 'model-one');
    const second = mockModel([answer('p-2', 'A')], 'model-two');
    const unused = mockModel([], 'model-unused');
    const seen: unknown[] = [];
    const agent = new ai.ToolLoopAgent({
      model: unused,
      tools: { echo },
      prepareCall: (args) => {
        seen.push(args.model);
        return { ...args, model: first };
      },
      prepareStep: ({ model, stepNumber }) => {
        seen.push(model);
        return stepNumber === 1 ? { model: second } : {};
      },
    });
    await agent.generate({ prompt: 'go' });
    expect(seen).toEqual([unused, first, first]);
    const all = await spans();
    expect(all.filter((s) => op(s) === 'chat').map((s) => s.attributes['gen_ai.request.model'])).toEqual(['model-one', 'model-two']);
  });

  it('nests an agent used as a tool under the tool call that ran it, in the same trace', async () => {
    memory.reset();
    const researcher = new ai.ToolLoopAgent({ id: 'researcher', model: mockModel([ask('in-1', 'c-in', 'echo', { text: 'deep' }), answer('in-2', 'DEEP')]), tools: { echo } });
    const research = tool({
      inputSchema: z.object({ topic: z.string() }),
      execute: async ({ topic }) => (await researcher.generate({ prompt: topic })).text,
    });
    const summarize = tool({
      inputSchema: z.object({ text: z.string() }),
      // A plain completion inside a tool is a run of its own too (a subagent without tools).
      execute: async ({ text }) => (await ai.generateText({ model: mockModel([answer('sum-1', `short ${text}`)]), prompt: text })).text,
    });
    const lead = new ai.ToolLoopAgent({
      id: 'lead',
      model: mockModel([ask('out-1', 'c-out', 'research', { topic: 'deep' }), ask('out-2', 'c-sum', 'summarize', { text: 'DEEP' }), answer('out-3', 'done')]),
      tools: { research, summarize },
    });
    expect((await lead.generate({ prompt: 'study' })).text).toBe('done');
    const all = await spans();
    expect(roots(all)).toHaveLength(1);
    expect(new Set(all.map((s) => s.spanContext().traceId)).size).toBe(1);
    const [root] = roots(all);
    const children = childrenOf(all, root!);
    expect(children.map((s) => s.name)).toEqual(['chat out-1-model', 'execute_tool research', 'chat out-2-model', 'execute_tool summarize', 'chat out-3-model']);
    const [inner] = childrenOf(all, children[1]!);
    expect([inner!.name, inner!.attributes['agent_otel.subagent']]).toEqual(['invoke_agent researcher', true]);
    expect(childrenOf(all, inner!).map((s) => s.name)).toEqual(['chat in-1-model', 'execute_tool echo', 'chat in-2-model']);
    const [summary] = childrenOf(all, children[3]!);
    expect(childrenOf(all, summary!).map((s) => s.name)).toEqual(['chat sum-1-model']);
    // The lead's roll-up counts its 3 calls, the researcher's 2 and the summary's 1.
    expect(root!.attributes['agent_otel.usage.subtree.input_tokens']).toBe(10 + 10 + 12 + (10 + 12) + 12);
  });
});
