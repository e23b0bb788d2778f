import type { ModelInfo, ModelPrice, Usage } from '@pydantic/genai-prices';
import { linearCost, probeAt, type LinearPrice } from './linear-prices.js';

/**
 * A model whose price is not one affine function of the tokens: prices that
 * changed on given dates, and long-context tiers (every rate of a call is the
 * one of the tier its whole input falls in). Between two dates and within one
 * tier the price is affine again, so each (price period, tier) is probed once
 * with genai-prices itself and later calls cost a few multiplications.
 * Prices that depend on the time of day are not handled here (see
 * `tieredPrice`): those models are priced call by call.
 */
export interface TieredPrice {
  /** The price periods, latest first, as genai-prices picks them; a single one for undated prices. */
  periods: Period[];
}

interface Period {
  /** Epoch ms from which the period applies; undefined for the unconstrained (earliest) one. */
  from?: number;
  prices: ModelPrice;
  /** Input sizes where a tier starts, ascending: a call is in tier i when `thresholds[i-1] < input <= thresholds[i]`. */
  thresholds: number[];
  /** Per tier, its coefficients once probed. */
  tiers: (LinearPrice | undefined)[];
}

/**
 * The tiered price of a model, or undefined when its prices depend on
 * anything but the date and the call's input size (then it is priced call
 * by call).
 */
export function tieredPrice(model: ModelInfo): TieredPrice | undefined {
  const sets = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices, constraint: undefined }];
  const periods: Period[] = [];
  for (let i = sets.length - 1; i >= 0; i--) {
    const set = sets[i]!;
    const c = set.constraint as { type?: string; start_date?: string } | undefined;
    let from: number | undefined;
    if (c !== undefined) {
      if (c.type !== 'start_date' || typeof c.start_date !== 'string') return undefined;
      from = new Date(c.start_date).getTime();
      if (Number.isNaN(from)) return undefined;
    }
    periods.push({ ...(from !== undefined ? { from } : {}), prices: set.prices, thresholds: thresholdsOf(set.prices), tiers: [] });
    if (from === undefined) break; // genai-prices stops at the first period without a constraint
  }
  // No period applies: genai-prices takes the first one listed.
  const first = sets[0];
  if (periods.at(-1)?.from !== undefined && first) periods.push({ prices: first.prices, thresholds: thresholdsOf(first.prices), tiers: [] });
  return { periods };
}

/** Every tier start of the price set, ascending and without repeats. */
function thresholdsOf(prices: ModelPrice): number[] {
  const starts = new Set<number>();
  for (const value of Object.values(prices)) {
    if (typeof value === 'object' && value !== null && Array.isArray((value as { tiers?: unknown }).tiers)) {
      for (const tier of (value as { tiers: { start: number }[] }).tiers) starts.add(tier.start);
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * The cost of a call priced as genai-prices prices it: `price` prices one
 * usage with the model at the call's time. Undefined when the tier is too
 * narrow to probe (the caller then prices the call itself).
 */
export function tieredCost(t: TieredPrice, time: number, usage: Usage, price: (usage: Usage) => number): number | undefined {
  const period = t.periods.find((p) => p.from === undefined || time >= p.from);
  if (!period) return undefined;
  const input = usage.input_tokens ?? 0;
  let tier = 0;
  while (tier < period.thresholds.length && input > period.thresholds[tier]!) tier++;
  let region = period.tiers[tier];
  if (!region) {
    const lo = tier === 0 ? 0 : period.thresholds[tier - 1]!;
    const hi = period.thresholds[tier];
    const probed = probeAt(price, lo, hi);
    if (!probed) return undefined;
    region = period.tiers[tier] = probed;
  }
  return linearCost(region, usage);
}
