import { findProvider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/model/events.js';
import type { TokenUsage } from '../../src/model/usage.js';
import { SpanMapper } from '../../src/spans/mapper.js';
import type { SpanRecord } from '../../src/spans/span-record.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MTOK = 1e6;

/** The chat span of one model call in a session of `agent` with `provider`. */
function chatSpan(call: { provider: string; model: string; usage?: TokenUsage; costUsd?: number }): SpanRecord {
  const mapper = new SpanMapper({ prices: undefined, env: {} });
  const events: AgentEvent[] = [
    { type: 'session.start', sessionId: 's', time: T0, meta: { agent: 'test-agent' } },
    { type: 'model.call', sessionId: 's', time: T0 + 10, provider: call.provider, responseModel: call.model, ...(call.usage ? { usage: call.usage } : {}), ...(call.costUsd !== undefined ? { costUsd: call.costUsd } : {}) },
  ];
  const spans = [...events.flatMap((e) => mapper.push(e)), ...mapper.finish()];
  return spans.find((s) => s.attributes['gen_ai.operation.name'] === 'chat')!;
}

/** A model's flat rates as the genai-prices table states them (read here apart from agent-otel's code path). */
function rates(provider: string, modelId: string): Record<string, number> {
  const model = findProvider({ providerId: provider })?.models.find((m) => m.id === modelId);
  expect(model, `${provider}/${modelId} in the table`).toBeDefined();
  const prices = Array.isArray(model!.prices) ? model!.prices.at(-1)!.prices : model!.prices;
  const flat: Record<string, number> = {};
  for (const [key, value] of Object.entries(prices)) {
    // Tiered prices start at their base rate (every call below priced here stays under the first tier).
    flat[key] = typeof value === 'number' ? value : (value as { base: number }).base;
  }
  return flat;
}

describe('cost of one call: local, from tokens', () => {
  it('prices Claude Sonnet 4 at its documented rates: $3 input, $15 output, $0.30 cache reads, $3.75 5-minute and $6 1-hour cache writes per MTok', () => {
    // Anthropic counts cache reads and writes apart from input_tokens.
    const usage = { input: 1_200, output: 800, cacheRead: 40_000, cacheCreation: 5_000, cacheCreation1h: 2_000, inputIncludesCache: false };
    const expected = (1_200 * 3 + 800 * 15 + 40_000 * 0.3 + 3_000 * 3.75 + 2_000 * 6) / MTOK;
    const a = chatSpan({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage }).attributes;
    expect(a['gen_ai.usage.cost']).toBeCloseTo(expected, 9);
    expect(a['gen_ai.usage.cost.amount']).toBe(a['gen_ai.usage.cost']);
    expect(a['gen_ai.usage.cost.currency']).toBe('USD');
    expect(a['gen_ai.usage.cost.source']).toBe('local');
    expect(a['agent_otel.usage.cost.unpriced']).toBeUndefined();
    expect(a['agent_otel.usage.cost.local']).toBeUndefined();
  });

  it('prices an OpenAI call (Codex) with cached input at the cache-read rate and reasoning inside output', () => {
    // OpenAI's input includes the cached tokens, its output the reasoning tokens.
    const r = rates('openai', 'gpt-5');
    const usage = { input: 30_000, cacheRead: 24_000, output: 1_500, reasoning: 900, inputIncludesCache: true };
    const expected = ((30_000 - 24_000) * r.input_mtok! + 24_000 * r.cache_read_mtok! + 1_500 * r.output_mtok!) / MTOK;
    expect(chatSpan({ provider: 'openai', model: 'gpt-5', usage }).attributes['gen_ai.usage.cost']).toBeCloseTo(expected, 9);
  });

  it('prices a Gemini call (gcp.gemini) with its thoughts billed as output', () => {
    // The Gemini adapters add thoughtsTokenCount to output (candidatesTokenCount leaves them out).
    const r = rates('google', 'gemini-2.5-pro');
    const candidates = 600;
    const thoughts = 1_400;
    const usage = { input: 12_000, cacheRead: 2_000, output: candidates + thoughts, reasoning: thoughts, inputIncludesCache: true };
    const expected = ((12_000 - 2_000) * r.input_mtok! + 2_000 * r.cache_read_mtok! + (candidates + thoughts) * r.output_mtok!) / MTOK;
    expect(chatSpan({ provider: 'gcp.gemini', model: 'gemini-2.5-pro', usage }).attributes['gen_ai.usage.cost']).toBeCloseTo(expected, 9);
  });
});

describe('cost of one call: recorded, local, unpriced', () => {
  const usage = { input: 1_000, output: 1_000, inputIncludesCache: false };

  it('keeps the cost the source recorded, and the local one beside it', () => {
    const a = chatSpan({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage, costUsd: 0.5 }).attributes;
    expect(a['gen_ai.usage.cost']).toBe(0.5);
    expect(a['gen_ai.usage.cost.amount']).toBe(0.5);
    expect(a['gen_ai.usage.cost.source']).toBe('provider');
    expect(a['agent_otel.usage.cost.local']).toBeCloseTo((1_000 * 3 + 1_000 * 15) / MTOK, 9);
  });

  it('keeps a recorded cost for a model the table does not know, with no local figure', () => {
    const a = chatSpan({ provider: 'anthropic', model: 'house-model-7', usage, costUsd: 0.125 }).attributes;
    expect([a['gen_ai.usage.cost'], a['gen_ai.usage.cost.source'], a['agent_otel.usage.cost.local'], a['agent_otel.usage.cost.unpriced']]).toEqual([
      0.125,
      'provider',
      undefined,
      undefined,
    ]);
  });

  it.each([
    { name: 'a model the table does not know', provider: 'anthropic', model: 'house-model-7' },
    // A provider unknown to the table is not priced as another provider's model of the same name (a local model is free).
    { name: 'a provider the table does not know', provider: 'ollama', model: 'gpt-5' },
  ])('marks a call with tokens and no price as unpriced, never as 0: $name', ({ provider, model }) => {
    const a = chatSpan({ provider, model, usage }).attributes;
    expect(a['agent_otel.usage.cost.unpriced']).toBe(true);
    for (const key of ['gen_ai.usage.cost', 'gen_ai.usage.cost.amount', 'gen_ai.usage.cost.currency', 'gen_ai.usage.cost.source']) expect(a[key]).toBeUndefined();
  });

  it('leaves a call with no tokens and no price unmarked: it used nothing', () => {
    const a = chatSpan({ provider: 'anthropic', model: 'house-model-7' }).attributes;
    expect(a['agent_otel.usage.cost.unpriced']).toBeUndefined();
    expect(a['gen_ai.usage.cost']).toBeUndefined();
  });
});
