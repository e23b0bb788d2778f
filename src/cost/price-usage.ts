import type { Usage } from '@pydantic/genai-prices';
import { normalizeUsage, type TokenUsage } from '../model/usage.js';

/**
 * A call's usage in genai-prices' terms. genai-prices wants `input_tokens`
 * to include cache reads and writes (as `gen_ai.usage.input_tokens` does)
 * and prices each part apart: cache reads, cache writes (the 1-hour ones
 * apart where the source says), the rest of the input, output (reasoning
 * included; priced apart only where a model has a reasoning rate). Parts
 * are kept within their whole, so a source's odd figures cannot make the
 * table refuse the call.
 */
export function priceUsage(usage: TokenUsage): Usage {
  const t = normalizeUsage(usage);
  const cacheWrite1h = Math.min(usage.cacheCreation1h ?? 0, t.cacheCreation);
  const out: Usage = {
    input_tokens: Math.max(t.input, t.cacheRead + t.cacheCreation),
    output_tokens: t.output,
  };
  if (t.cacheRead > 0) out.cache_read_tokens = t.cacheRead;
  if (t.cacheCreation > 0) out.cache_write_tokens = t.cacheCreation;
  if (cacheWrite1h > 0) out.cache_write_1h_tokens = cacheWrite1h;
  const reasoning = Math.min(t.reasoning, t.output);
  if (reasoning > 0) out.output_reasoning_tokens = reasoning;
  return out;
}

/** True when the call used any tokens at all. */
export function hasTokens(usage: TokenUsage | undefined): boolean {
  if (!usage) return false;
  const t = normalizeUsage(usage);
  return t.input + t.output > 0;
}
