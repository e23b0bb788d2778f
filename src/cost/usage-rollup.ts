import { addTotals, emptyTotals, type UsageTotals } from '../model/usage.js';
import type { CallCost } from './call-cost.js';

/** Tokens and cost of a set of calls (a session's own, or a whole subtree). */
export interface UsageRollup {
  tokens: UsageTotals;
  /** USD of the priced calls (recorded or local). */
  costUsd: number;
  /** Calls with tokens and no cost known. */
  unpricedCalls: number;
}

export function emptyRollup(): UsageRollup {
  return { tokens: emptyTotals(), costUsd: 0, unpricedCalls: 0 };
}

/** Adds one call: its tokens (semantic-convention reading) and its cost. */
export function addCall(into: UsageRollup, tokens: UsageTotals, cost: CallCost): void {
  addTotals(into.tokens, tokens);
  if (cost.usd !== undefined) into.costUsd += cost.usd;
  if (cost.unpriced) into.unpricedCalls++;
}

export function addRollup(into: UsageRollup, add: UsageRollup): void {
  addTotals(into.tokens, add.tokens);
  into.costUsd += add.costUsd;
  into.unpricedCalls += add.unpricedCalls;
}

/** USD rounded to a millionth of a cent's hundredth (1e-9), to keep sums of floats readable. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}
