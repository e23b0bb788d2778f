import type { PriceCalculation, Usage } from '@pydantic/genai-prices';

/** The usage keys agent-otel reports (see priceUsage), in the order their coefficients are probed. */
const KEYS = ['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cache_write_1h_tokens', 'output_tokens', 'output_reasoning_tokens'] as const;
type Key = (typeof KEYS)[number];

/** A probe per key: the key at a million tokens, with the parts it belongs to (a cache read is input too). */
const M = 1e6;
const PROBES: Record<Key, Usage> = {
  input_tokens: { input_tokens: M },
  cache_read_tokens: { input_tokens: M, cache_read_tokens: M },
  cache_write_tokens: { input_tokens: M, cache_write_tokens: M },
  cache_write_1h_tokens: { input_tokens: M, cache_write_tokens: M, cache_write_1h_tokens: M },
  output_tokens: { output_tokens: M },
  output_reasoning_tokens: { output_tokens: M, output_reasoning_tokens: M },
};

/** What each key adds to the probe of a key, on top of its own coefficient. */
const WITHIN: Record<Key, readonly Key[]> = {
  input_tokens: [],
  cache_read_tokens: ['input_tokens'],
  cache_write_tokens: ['input_tokens'],
  cache_write_1h_tokens: ['input_tokens', 'cache_write_tokens'],
  output_tokens: [],
  output_reasoning_tokens: ['output_tokens'],
};

/** A model's price as `base + Σ coefficient × tokens`: what genai-prices computes for flat prices. */
export interface LinearPrice {
  base: number;
  per: Record<Key, number>;
}

/**
 * True when a model's price is the same affine function of the tokens for
 * every call: flat rates (no long-context tier, which depends on the call's
 * size) that do not change over time.
 */
export function isLinear(result: PriceCalculation): boolean {
  return !Array.isArray(result.model.prices) && Object.values(result.model_price).every((p) => p === undefined || typeof p === 'number');
}

/**
 * The coefficients of a linear model's price, found by pricing a probe per
 * usage key with genai-prices itself (`price` prices one usage the way the
 * call was priced), so that later calls of the model cost a few
 * multiplications instead of a table lookup each.
 */
export function probeLinear(price: (usage: Usage) => number): LinearPrice {
  const base = price({ input_tokens: 0, output_tokens: 0 });
  const per = {} as Record<Key, number>;
  for (const key of KEYS) {
    const within = WITHIN[key].reduce((n, k) => n + per[k], 0);
    per[key] = (price({ input_tokens: 0, output_tokens: 0, ...PROBES[key] }) - base) / M - within;
  }
  return { base, per };
}

export function linearCost(price: LinearPrice, usage: Usage): number {
  let usd = price.base;
  for (const key of KEYS) usd += price.per[key] * (usage[key] ?? 0);
  return usd;
}
