import type { CostEvent, ModelCallEvent, SourceRef } from '../../model/events.js';
import { opt, optNumber } from '../optional-fields.js';
import type { ZagUsage } from './schema.js';

type Base = { sessionId: string; time: number; timeExact?: false; source: SourceRef };

/**
 * One `usage` record is one model response: a `chat` span. A record with cost
 * but no tokens (zag writes those when a provider reports cost only) is a cost
 * event instead.
 */
export function usageEvent(
  r: ZagUsage,
  base: Base,
  context: { responseId?: string; provider?: string; model?: string },
): ModelCallEvent | CostEvent | undefined {
  const cost = r.total_cost_usd ?? undefined;
  const tokens = [r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_creation_tokens];
  if (tokens.every((t) => !t)) {
    return cost === undefined ? undefined : { ...base, type: 'cost', costUsd: cost, ...opt('responseId', context.responseId) };
  }
  return {
    ...base,
    type: 'model.call',
    ...opt('responseId', context.responseId),
    ...opt('provider', context.provider),
    ...opt('requestModel', context.model),
    usage: {
      input: r.input_tokens ?? 0,
      output: r.output_tokens ?? 0,
      ...optNumber('cacheRead', r.cache_read_tokens),
      ...optNumber('cacheCreation', r.cache_creation_tokens),
      // zag copies the provider's usage with cache reads and writes counted apart.
      inputIncludesCache: false,
    },
    ...optNumber('costUsd', cost),
  };
}
