import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { modelUsage } from '../../../src/instrument/vercel-ai/model-usage.js';
import { providerName } from '../../../src/instrument/vercel-ai/provider-name.js';
import { op, tokensOf, tracedAi } from './ai-test-kit.js';

describe('ai: token usage and provider names', () => {
  it('reads a V3 usage that gives only the input apart from the cache', () => {
    expect(modelUsage({ inputTokens: { total: undefined, noCache: 70, cacheRead: 30, cacheWrite: undefined }, outputTokens: { total: undefined, text: 9, reasoning: 4 } })).toEqual({
      input: 70,
      cacheRead: 30,
      output: 13,
      reasoning: 4,
    });
    expect(modelUsage({ inputTokens: {}, outputTokens: {} })).toBeUndefined();
  });

  it('reads a LanguageModelV2 model through generateText: its input counts the cache reads', async () => {
    const { ai, spans } = tracedAi();
    const v2 = {
      specificationVersion: 'v2' as const,
      provider: 'openai.responses',
      modelId: 'gpt-v2',
      supportedUrls: {},
      doGenerate: async () => ({
        content: [{ type: 'text' as const, text: 'ok' }],
        finishReason: 'unknown' as const,
        usage: { inputTokens: 500, outputTokens: 60, totalTokens: 560, cachedInputTokens: 200, reasoningTokens: 25 },
        warnings: [],
        response: { id: 'v2-resp' },
      }),
      doStream: async () => {
        throw new Error('not streamed here');
      },
    };
    const noop = tool({ inputSchema: z.object({}), execute: async () => 'x' });
    // The SDK warns on the console about a V2 model; that is its business, not this test's.
    const globals = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
    globals.AI_SDK_LOG_WARNINGS = false;
    await ai.generateText({ model: v2, prompt: 'hi', tools: { noop } }).finally(() => delete globals.AI_SDK_LOG_WARNINGS);
    const chat = (await spans()).find((s) => op(s) === 'chat')!;
    expect(tokensOf(chat)).toEqual({ input: 500, output: 60, cacheRead: 200, cacheWrite: undefined, reasoning: 25 });
    expect([chat.attributes['gen_ai.response.finish_reasons'], chat.attributes['gen_ai.provider.name']]).toEqual([['other'], 'openai']);
  });

  it('names providers as the conventions do', () => {
    expect(
      [
        ['anthropic.messages', 'claude'],
        ['google.vertex.chat', 'gemini'],
        ['google.generative-ai', 'gemini'],
        ['amazon-bedrock', 'x'],
        ['gateway', 'xai/grok-4'],
        ['acme.chat', 'a'],
      ].map(([p, m]) => providerName(p, m)),
    ).toEqual(['anthropic', 'gcp.vertex_ai', 'gcp.gemini', 'aws.bedrock', 'x_ai', 'acme']);
  });
});
