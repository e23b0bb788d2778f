import type { Attributes } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { roundUsd } from '../cost/usage-rollup.js';
import * as sc from './semconv.js';

/** Cost of a group of calls (one agent, one model). */
export interface CostGroup {
  /** USD of the priced calls. */
  usd: number;
  /** Calls (chat spans) in the group. */
  calls: number;
  /** Of those, calls with tokens and no cost known. */
  unpricedCalls: number;
}

/** The cost part of the convert and watch summaries. */
export interface CostSummary {
  currency: 'USD';
  /** USD of every priced call. */
  totalUsd: number;
  /** Calls whose cost the source recorded (`gen_ai.usage.cost.source` = `provider`). */
  recordedCalls: number;
  /** Calls priced by agent-otel from their tokens (`local`). */
  localCalls: number;
  /** Calls with tokens and no cost known. */
  unpricedCalls: number;
  /** By agent (the sessions' `service.name`). */
  byAgent: Record<string, CostGroup>;
  /** By model (`gen_ai.response.model`, else `gen_ai.request.model`, else `unknown`). */
  byModel: Record<string, CostGroup>;
  /** Unpriced calls by model (only models with some). */
  unpricedByModel: Record<string, number>;
}

/**
 * Adds up the cost of chat spans as they go out, from their attributes, so
 * that convert (from the mapper) and watch (from what it sent) count the same
 * way the spans say it.
 */
export class CostTally {
  private total = 0;
  private recorded = 0;
  private local = 0;
  private unpriced = 0;
  private readonly agents = new Map<string, CostGroup>();
  private readonly models = new Map<string, CostGroup>();

  /** Counts a span if it is a chat span; other spans are ignored. */
  add(span: { attributes: Attributes; resource?: Resource }): void {
    const a = span.attributes;
    if (a[sc.ATTR_GEN_AI_OPERATION_NAME] !== sc.GEN_AI_OPERATION_CHAT) return;
    const usd = typeof a[sc.ATTR_GEN_AI_USAGE_COST] === 'number' ? (a[sc.ATTR_GEN_AI_USAGE_COST]) : undefined;
    const unpriced = a[sc.ATTR_USAGE_COST_UNPRICED] === true;
    const source = a[sc.ATTR_GEN_AI_USAGE_COST_SOURCE];
    if (usd !== undefined) this.total += usd;
    if (source === 'provider') this.recorded++;
    else if (source === 'local') this.local++;
    if (unpriced) this.unpriced++;
    const agent = String(span.resource?.attributes[sc.ATTR_SERVICE_NAME] ?? 'unknown');
    const model = String(a[sc.ATTR_GEN_AI_RESPONSE_MODEL] ?? a[sc.ATTR_GEN_AI_REQUEST_MODEL] ?? 'unknown');
    for (const [groups, key] of [[this.agents, agent], [this.models, model]] as const) {
      const g = groups.get(key) ?? { usd: 0, calls: 0, unpricedCalls: 0 };
      g.calls++;
      if (usd !== undefined) g.usd += usd;
      if (unpriced) g.unpricedCalls++;
      groups.set(key, g);
    }
  }

  summary(): CostSummary {
    const groups = (m: Map<string, CostGroup>) =>
      Object.fromEntries(
        [...m.entries()]
          .sort((x, y) => y[1].usd - x[1].usd || x[0].localeCompare(y[0]))
          .map(([k, g]) => [k, { ...g, usd: roundUsd(g.usd) }]),
      );
    const unpricedByModel = Object.fromEntries(
      [...this.models.entries()].filter(([, g]) => g.unpricedCalls > 0).map(([k, g]) => [k, g.unpricedCalls]),
    );
    return {
      currency: 'USD',
      totalUsd: roundUsd(this.total),
      recordedCalls: this.recorded,
      localCalls: this.local,
      unpricedCalls: this.unpriced,
      byAgent: groups(this.agents),
      byModel: groups(this.models),
      unpricedByModel,
    };
  }
}
