import { SpanStatusCode } from '@opentelemetry/api';
import { tool } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { childrenOf, expectedTokens, mockModel, op, roots, tokensOf, tracedAi, type Reply } from './ai-test-kit.js';

const { ai, memory, spans } = tracedAi();

const add = tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b });

/** Two steps: the model asks for `add`, then answers. */
const TWO_STEPS: Reply[] = [
  { id: 'resp-1', calls: [{ id: 'call-1', tool: 'add', input: { a: 2, b: 3 } }], tokens: { input: 120, cacheRead: 800, cacheWrite: 40, output: 30, reasoning: 12 }, finish: 'tool-calls' },
  { id: 'resp-2', text: 'The sum is 5.', tokens: { input: 15, cacheRead: 960, output: 9 }, finish: 'stop' },
];

describe('ai: generateText with tools', () => {
  it('makes a session of the run: one chat span per step with its tokens, one execute_tool span per tool call', async () => {
    memory.reset();
    const result = await ai.generateText({ model: mockModel(TWO_STEPS), prompt: 'add 2 and 3', tools: { add }, stopWhen: ai.stepCountIs(5) });
    expect(result.text).toBe('The sum is 5.');
    const all = await spans();
    const [root] = roots(all);
    expect(roots(all)).toHaveLength(1);
    expect(all).toHaveLength(4);
    expect([root!.name, root!.attributes['agent_otel.session.outcome'], root!.attributes['gen_ai.request.model'], root!.attributes['gen_ai.provider.name']]).toEqual(['invoke_agent agent', 'ok', 'mock-model', 'anthropic']);
    const children = childrenOf(all, root!);
    expect(children.map(op)).toEqual(['chat', 'execute_tool', 'chat']);
    const [first, toolSpan, second] = children;
    for (const [span, reply] of [[first!, TWO_STEPS[0]!], [second!, TWO_STEPS[1]!]] as const) {
      // Named after the model that served the response; the one asked for is the request model.
      expect([span.name, span.attributes['gen_ai.request.model']]).toEqual([`chat ${reply.id}-model`, 'mock-model']);
      expect(tokensOf(span)).toEqual(expectedTokens(reply.tokens));
      expect(span.attributes['gen_ai.response.id']).toBe(reply.id);
      expect(span.attributes['gen_ai.response.model']).toBe(`${reply.id}-model`);
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual([reply.finish]);
      expect(span.attributes['gen_ai.provider.name']).toBe('anthropic');
    }
    expect(toolSpan!.name).toBe('execute_tool add');
    expect([toolSpan!.attributes['gen_ai.tool.call.id'], toolSpan!.attributes['agent_otel.tool.success']]).toEqual(['call-1', true]);
    // The tool runs after the response that asked for it, and before the next one.
    expect(toolSpan!.startTime >= first!.endTime && second!.startTime >= toolSpan!.endTime).toBe(true);
  });

  it('leaves a call without tools alone: a plain completion is not a run', async () => {
    memory.reset();
    const result = await ai.generateText({ model: mockModel([TWO_STEPS[1]!]), prompt: 'hello' });
    expect(result.text).toBe('The sum is 5.');
    expect(await spans()).toEqual([]);
  });

  it('records a tool that throws as a failed tool span, and the SDK goes on as without tracing', async () => {
    memory.reset();
    const broken = tool({
      inputSchema: z.object({}),
      execute: async (): Promise<string> => {
        throw new Error('disk full');
      },
    });
    const replies: Reply[] = [
      { id: 'r-a', calls: [{ id: 'call-x', tool: 'broken', input: {} }], tokens: { input: 10, output: 5 }, finish: 'tool-calls' },
      { id: 'r-b', text: 'It failed.', tokens: { input: 20, output: 3 }, finish: 'stop' },
    ];
    const result = await ai.generateText({ model: mockModel(replies), prompt: 'go', tools: { broken }, stopWhen: ai.stepCountIs(5) });
    const toolError = result.steps[0]!.content.find((p) => p.type === 'tool-error');
    expect(toolError?.type === 'tool-error' && (toolError.error as Error).message).toBe('disk full');
    expect(result.text).toBe('It failed.');
    const all = await spans();
    const toolSpan = all.find((s) => op(s) === 'execute_tool')!;
    expect([toolSpan.attributes['agent_otel.tool.success'], toolSpan.attributes['error.type'], toolSpan.status.code]).toEqual([false, 'tool_error', SpanStatusCode.ERROR]);
    expect(roots(all)[0]!.attributes['agent_otel.session.tool_failures']).toBe(1);
    expect(roots(all)[0]!.attributes['agent_otel.session.outcome']).toBe('ok');
  });

  it('ends the session with the error when the model throws, and the chat span in flight carries it', async () => {
    memory.reset();
    const failing = new MockLanguageModelV3({ doGenerate: async () => { throw new Error('overloaded'); } });
    await expect(ai.generateText({ model: failing, prompt: 'go', tools: { add }, maxRetries: 0 })).rejects.toThrow('overloaded');
    const all = await spans();
    const [root] = roots(all);
    expect([root!.attributes['agent_otel.session.outcome'], root!.status.code]).toEqual(['error', SpanStatusCode.ERROR]);
    const chats = childrenOf(all, root!);
    expect(chats.map(op)).toEqual(['chat']);
    expect(chats[0]!.status).toMatchObject({ code: SpanStatusCode.ERROR, message: expect.stringContaining('overloaded') as unknown });
  });

  it('ends a cancelled run as interrupted', async () => {
    memory.reset();
    const controller = new AbortController();
    const slow = tool({
      inputSchema: z.object({}),
      execute: async () => {
        controller.abort();
        return 'done';
      },
    });
    const replies: Reply[] = [
      { id: 'r-1', calls: [{ id: 'c-slow', tool: 'slow', input: {} }], tokens: { input: 10, output: 5 }, finish: 'tool-calls' },
      { id: 'r-2', text: 'never', tokens: { input: 10, output: 5 }, finish: 'stop' },
    ];
    await expect(ai.generateText({ model: mockModel(replies), prompt: 'go', tools: { slow }, stopWhen: ai.stepCountIs(5), abortSignal: controller.signal })).rejects.toThrow();
    const [root] = roots(await spans());
    expect([root!.attributes['agent_otel.session.outcome'], root!.attributes['agent_otel.session.model_calls']]).toEqual(['interrupted', 1]);
  });

  it("ends a run stopped by the SDK's timeout option as interrupted", async () => {
    memory.reset();
    // Like a provider's fetch, the call fails when its signal aborts.
    const hanging = new MockLanguageModelV3({
      doGenerate: ({ abortSignal }) => new Promise((_, reject) => abortSignal?.addEventListener('abort', () => reject(abortSignal.reason as Error))),
    });
    await expect(ai.generateText({ model: hanging, prompt: 'go', tools: { add }, timeout: 20, maxRetries: 0 })).rejects.toThrow();
    const all = await spans();
    const [root] = roots(all);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('interrupted');
    expect(childrenOf(all, root!).map((s) => [op(s), s.status.code])).toEqual([['chat', SpanStatusCode.ERROR]]);
  });

  it('keeps two runs at once in two traces', async () => {
    memory.reset();
    const run = (n: number) =>
      ai.generateText({
        model: mockModel([
          { id: `first-${n}`, calls: [{ id: `call-${n}`, tool: 'add', input: { a: n, b: n } }], tokens: { input: n, output: 1 }, finish: 'tool-calls' },
          { id: `last-${n}`, text: `${2 * n}`, tokens: { input: n, output: 1 }, finish: 'stop' },
        ]),
        prompt: `double ${n}`,
        tools: { add },
        stopWhen: ai.stepCountIs(5),
      });
    await Promise.all([run(1), run(2)]);
    const all = await spans();
    const rootsFound = roots(all);
    expect(rootsFound).toHaveLength(2);
    for (const root of rootsFound) {
      const inTrace = all.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
      const n = Number(inTrace.find((s) => op(s) === 'execute_tool')!.attributes['gen_ai.tool.call.id']!.toString().slice(5));
      expect(inTrace.filter((s) => op(s) === 'chat').map((s) => s.attributes['gen_ai.response.id'])).toEqual([`first-${n}`, `last-${n}`]);
      expect(childrenOf(all, root)).toHaveLength(3);
    }
  });
});
