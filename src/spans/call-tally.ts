import { callCost, type CallCost } from '../cost/call-cost.js';
import type { PriceTable } from '../cost/price-table.js';
import { addCall } from '../cost/usage-rollup.js';
import type { ModelCallEvent } from '../model/events.js';
import { emptyTotals, normalizeUsage, type UsageTotals } from '../model/usage.js';
import type { SessionState } from './session-state.js';

/**
 * Prices one model call (its recorded cost, else from its tokens) and adds
 * its tokens and cost to its session's own calls and to the subtree of that
 * session and of every session above it.
 */
export function tallyCall(state: SessionState, event: ModelCallEvent, prices: PriceTable): { usage: UsageTotals; cost: CallCost } {
  const usage = event.usage ? normalizeUsage(event.usage) : emptyTotals();
  const cost = callCost(
    {
      provider: event.provider ?? state.meta.provider,
      model: event.responseModel ?? event.requestModel ?? state.meta.model,
      usage: event.usage,
      recordedUsd: event.costUsd,
      time: event.time,
    },
    prices,
  );
  addCall(state.own, usage, cost);
  for (let s: SessionState | undefined = state; s; s = s.parent) addCall(s.subtree, usage, cost);
  return { usage, cost };
}
