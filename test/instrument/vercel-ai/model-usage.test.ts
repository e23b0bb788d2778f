import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { modelUsage } from '../../../src/instrument/vercel-ai/model-usage.js';
import { providerName } from '../../../src/instrument/vercel-ai/provider-name.js';
import { useTempDirs } from '../../support/isolation/temp-dirs.js';
import { mockModel, op, tokensOf, tracedAi } from './ai-test-kit.js';

const tempDir = useTempDirs();

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

  it('prices each chat span by the provider and model the SDK names', async () => {
    // $3 input, $15 output per million tokens for claude-test-model at anthropic, and nothing else: the model the mock says served the reply.
    const prices = join(tempDir(), 'prices.json');
    writeFileSync(prices, JSON.stringify([{ id: 'anthropic', name: 'Anthropic', api_pattern: 'x', models: [{ id: 'claude-test', match: { equals: 'claude-test-model' }, prices: { input_mtok: 3, output_mtok: 15 } }] }]));
    const { ai, spans } = tracedAi({ prices });
    const noop = tool({ inputSchema: z.object({}), execute: async () => 'x' });
    await ai.generateText({ model: mockModel([{ id: 'claude-test', text: 'hi', tokens: { input: 2_000, output: 300 }, finish: 'stop' }], 'claude-test'), prompt: 'hi', tools: { noop } });
    const chat = (await spans()).find((s) => op(s) === 'chat')!;
    expect([chat.attributes['gen_ai.usage.cost'], chat.attributes['gen_ai.usage.cost.source']]).toEqual([(2_000 * 3 + 300 * 15) / 1e6, 'local']);
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
