import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { localCost } from '../../src/cost/call-cost.js';
import { seededRandom } from '../support/fixtures/prng.js';

const T = Date.UTC(2026, 10, 2);
/** Calls of the dated models are spread over this span, across the dates their prices changed. */
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2026, 11, 31);

describe('repeated calls of a model cost what genai-prices says of each', () => {
  it.each([
    { provider: 'anthropic', model: 'claude-sonnet-4-20250514', kind: 'flat rates, 1-hour cache writes' },
    { provider: 'openai', model: 'gpt-5', kind: 'flat rates' },
    { provider: 'anthropic', model: 'claude-sonnet-4-5', kind: 'long-context tier' },
    { provider: 'gcp.gemini', model: 'gemini-2.5-pro', kind: 'long-context tier' },
    { provider: 'anthropic', model: 'claude-sonnet-4-6', kind: 'dated prices, long-context tier', dated: true },
    { provider: 'anthropic', model: 'claude-opus-4-6', kind: 'dated prices, long-context tier', dated: true },
    { provider: 'openai', model: 'o3', kind: 'dated prices', dated: true },
    { provider: 'openai', model: 'gpt-5.6-sol', kind: 'dated prices', dated: true },
    { provider: 'deepseek', model: 'deepseek-chat', kind: 'time-of-day prices', dated: true },
  ])('$model ($kind)', ({ provider, model, dated }) => {
    const random = seededRandom(model.length);
    const n = (max: number) => Math.floor(random() * max);
    for (let i = 0; i < 200; i++) {
      // Anthropic-style counts: input without the cache; some calls past 200k tokens.
      const cacheRead = n(300_000);
      const cacheCreation = n(20_000);
      const cacheCreation1h = n(2) ? n(cacheCreation + 1) : 0;
      const input = n(5_000);
      const output = n(8_000);
      const reasoning = n(output + 1);
      const usage = { input, output, cacheRead, cacheCreation, cacheCreation1h, reasoning, inputIncludesCache: false };
      // The same call in genai-prices' terms, as its README asks: input_tokens includes the cache parts.
      const theirs = {
        input_tokens: input + cacheRead + cacheCreation,
        cache_read_tokens: cacheRead,
        cache_write_tokens: cacheCreation,
        cache_write_1h_tokens: cacheCreation1h,
        output_tokens: output,
        output_reasoning_tokens: reasoning,
      };
      const time = dated ? FROM + Math.floor(random() * (TO - FROM)) : T;
      const providerId = provider === 'gcp.gemini' ? 'google' : provider;
      const expected = calcPrice(theirs, model, { providerId, timestamp: new Date(time) })!.total_price;
      const got = localCost({ provider, model, usage, time });
      expect(got, `call ${i}`).toBeDefined();
      expect(Math.abs(got! - expected), `call ${i}: ${got} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
    }
  });
});
