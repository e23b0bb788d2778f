import type { CostGroup, CostSummary } from '../spans/cost-tally.js';

/** Rows listed per table; the rest are summed on one line. */
const MAX_ROWS = 8;

/** USD with four decimals (cents and below matter for one call). */
export function usd(n: number): string {
  return `$${n.toFixed(4)}`;
}

/**
 * The cost part of a summary: one line of totals, then a compact table by
 * agent and by model, and the models without a price. Nothing when no call
 * was made.
 */
export function costLines(c: CostSummary): string[] {
  const calls = c.recordedCalls + c.localCalls + c.unpricedCalls;
  if (calls === 0 && c.totalUsd === 0) return [];
  const parts = [`${c.localCalls} priced from tokens`, `${c.recordedCalls} recorded by the source`];
  if (c.unpricedCalls > 0) parts.push(`${c.unpricedCalls} without a price`);
  const lines = [`cost        ${usd(c.totalUsd)} (${parts.join(', ')})`];
  const rows = [...table('agent', c.byAgent), ...table('model', c.byModel)];
  const width = Math.max(...rows.map((r) => r[1].length));
  for (const [what, name, group] of rows) {
    const unpriced = group.unpricedCalls > 0 ? `  ${group.unpricedCalls} unpriced` : '';
    const calls = `${String(group.calls).padStart(6)} call${group.calls === 1 ? '' : 's'}`;
    lines.push(`  ${what.padEnd(6)} ${name.padEnd(width)}  ${usd(group.usd).padStart(11)}  ${calls}${unpriced}`);
  }
  const unpriced = Object.entries(c.unpricedByModel);
  if (unpriced.length > 0) {
    lines.push(`  no price for: ${unpriced.map(([model, n]) => `${model} (${n} call${n === 1 ? '' : 's'})`).join(', ')}`);
  }
  return lines;
}

function table(what: string, groups: Record<string, CostGroup>): [string, string, CostGroup][] {
  const entries = Object.entries(groups);
  const shown: [string, string, CostGroup][] = entries.slice(0, MAX_ROWS).map(([name, g]) => [what, name, g]);
  const rest = entries.slice(MAX_ROWS);
  if (rest.length > 0) {
    const sum = rest.reduce((acc, [, g]) => ({ usd: acc.usd + g.usd, calls: acc.calls + g.calls, unpricedCalls: acc.unpricedCalls + g.unpricedCalls }), { usd: 0, calls: 0, unpricedCalls: 0 });
    shown.push([what, `(${rest.length} more)`, sum]);
  }
  return shown;
}
