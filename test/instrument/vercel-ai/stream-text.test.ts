import { SpanStatusCode } from '@opentelemetry/api';
import { tool } from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { childrenOf, expectedTokens, mockModel, op, roots, streamParts, tokensOf, tracedAi, type Reply } from './ai-test-kit.js';

const { ai, memory, spans } = tracedAi();

const lookup = tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `${city}: 21°C` });

const TWO_STEPS: Reply[] = [
  { id: 'sr-1', text: 'Let me look.', calls: [{ id: 'call-w', tool: 'lookup', input: { city: 'Oslo' } }], tokens: { input: 50, cacheRead: 400, output: 22, reasoning: 7 }, finish: 'tool-calls' },
  { id: 'sr-2', text: 'It is 21°C in Oslo.', tokens: { input: 30, cacheRead: 460, cacheWrite: 25, output: 11 }, finish: 'stop' },
];

describe('ai: streamText with tools', () => {
  it('makes a session of the streamed run; each chat span ends with its step and has the time to first chunk', async () => {
    memory.reset();
    const result = ai.streamText({ model: mockModel(TWO_STEPS), prompt: 'weather in Oslo?', tools: { lookup }, stopWhen: ai.stepCountIs(5) });
    expect(await result.text).toBe('It is 21°C in Oslo.');
    const all = await spans();
    const [root] = roots(all);
    expect(roots(all)).toHaveLength(1);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('ok');
    const children = childrenOf(all, root!);
    expect(children.map(op)).toEqual(['chat', 'execute_tool', 'chat']);
    const chats = children.filter((s) => op(s) === 'chat');
    chats.forEach((span, i) => {
      const reply = TWO_STEPS[i]!;
      expect(tokensOf(span)).toEqual(expectedTokens(reply.tokens));
      expect([span.attributes['gen_ai.response.id'], span.attributes['gen_ai.response.finish_reasons']]).toEqual([reply.id, [reply.finish]]);
      expect(typeof span.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
    });
    const toolSpan = children[1]!;
    expect([toolSpan.name, toolSpan.attributes['gen_ai.tool.call.id'], toolSpan.attributes['agent_otel.tool.success']]).toEqual(['execute_tool lookup', 'call-w', true]);
  });

  it('ends the session with the error a model stream carries', async () => {
    memory.reset();
    const failing = new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [{ type: 'stream-start' as const, warnings: [] }, { type: 'error' as const, error: new Error('stream broke') }],
          chunkDelayInMs: null,
          initialDelayInMs: null,
        }),
      }),
    });
    const errors: unknown[] = [];
    const result = ai.streamText({ model: failing, prompt: 'go', tools: { lookup }, onError: ({ error }) => void errors.push(error) });
    await result.consumeStream();
    expect((errors[0] as Error).message).toBe('stream broke');
    const all = await spans();
    const [root] = roots(all);
    expect([root!.attributes['agent_otel.session.outcome'], root!.status.code]).toEqual(['error', SpanStatusCode.ERROR]);
    const [chat] = childrenOf(all, root!);
    expect([op(chat!), chat!.status.code]).toEqual(['chat', SpanStatusCode.ERROR]);
  });

  it('ends a stream cancelled mid-way as interrupted, with the response in flight marked failed', async () => {
    memory.reset();
    const controller = new AbortController();
    // A response that never finishes by itself; like a provider's fetch, it fails when the signal aborts.
    const endless = new MockLanguageModelV3({
      doStream: async ({ abortSignal }) => ({
        stream: new ReadableStream({
          start(c) {
            for (const part of streamParts({ id: 'sr-x', text: 'one two', tokens: { input: 1, output: 1 }, finish: 'stop' }).slice(0, 4)) c.enqueue(part);
            abortSignal?.addEventListener('abort', () => c.error(abortSignal.reason));
          },
        }),
      }),
    });
    const result = ai.streamText({ model: endless, prompt: 'go', tools: { lookup }, abortSignal: controller.signal });
    const seen: string[] = [];
    for await (const part of result.fullStream) {
      seen.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(seen).toContain('abort');
    const all = await spans();
    const [root] = roots(all);
    expect(root!.attributes['agent_otel.session.outcome']).toBe('interrupted');
    const [chat] = childrenOf(all, root!);
    expect([op(chat!), chat!.status.code, chat!.attributes['gen_ai.response.id']]).toEqual(['chat', SpanStatusCode.ERROR, 'sr-x']);
  });
});
