import type { PriceCalculation, Usage } from '@pydantic/genai-prices';

/** The usage keys agent-otel reports (see priceUsage), in the order their coefficients are probed. */
const KEYS = ['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cache_write_1h_tokens', 'output_tokens', 'output_reasoning_tokens'] as const;
type Key = (typeof KEYS)[number];

/** Per key, how it is probed (`d` tokens of it, with the parts it belongs to), the input staying as it is. */
const PROBES: Record<Exclude<Key, 'input_tokens'>, (d: number) => Usage> = {
  cache_read_tokens: (d) => ({ cache_read_tokens: d }),
  cache_write_tokens: (d) => ({ cache_write_tokens: d }),
  cache_write_1h_tokens: (d) => ({ cache_write_tokens: d, cache_write_1h_tokens: d }),
  output_tokens: (d) => ({ output_tokens: d }),
  output_reasoning_tokens: (d) => ({ output_tokens: d, output_reasoning_tokens: d }),
};

/** What each key adds to the probe of a key, on top of its own coefficient. */
const WITHIN: Record<Exclude<Key, 'input_tokens'>, readonly Key[]> = {
  cache_read_tokens: [],
  cache_write_tokens: [],
  cache_write_1h_tokens: ['cache_write_tokens'],
  output_tokens: [],
  output_reasoning_tokens: ['output_tokens'],
};

const M = 1e6;
/** Narrower input ranges are not probed: their slope would be imprecise. */
const MIN_RANGE = 1000;

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
  return probeAt(price, 0, undefined)!;
}

/**
 * The coefficients of a price that is affine while the call's input is in
 * `(lo, hi]` (`[0, hi]` when lo is 0; no upper end when hi is undefined):
 * one tier of a tiered price. Probes keep the input inside the range, since
 * it is the input that picks the tier. Undefined when the range is too
 * narrow to probe precisely.
 */
export function probeAt(price: (usage: Usage) => number, lo: number, hi: number | undefined): LinearPrice | undefined {
  const x = hi ?? lo + M;
  const x2 = hi === undefined ? lo + 2 * M : lo + (hi - lo) / 2;
  if (Math.abs(x - x2) < MIN_RANGE) return undefined;
  const at = price({ input_tokens: x, output_tokens: 0 });
  const perInput = (price({ input_tokens: x2, output_tokens: 0 }) - at) / (x2 - x);
  const per = { input_tokens: perInput } as Record<Key, number>;
  const d = x / 2; // cache parts stay within the input
  for (const key of Object.keys(PROBES) as (keyof typeof PROBES)[]) {
    const within = WITHIN[key].reduce((n, k) => n + per[k], 0);
    per[key] = (price({ input_tokens: x, output_tokens: 0, ...PROBES[key](d) }) - at) / d - within;
  }
  return { base: at - perInput * x, per };
}

export function linearCost(price: LinearPrice, usage: Usage): number {
  let usd = price.base;
  for (const key of KEYS) usd += price.per[key] * (usage[key] ?? 0);
  return usd;
}
