import { calcPrice, type PriceCalculation, type Provider, type Usage } from '@pydantic/genai-prices';
import type { TokenUsage } from '../model/usage.js';
import { BUNDLED_PRICES, type PriceTable } from './price-table.js';
import { priceProviderId } from './provider-ids.js';
import { isLinear, linearCost, probeLinear, type LinearPrice } from './linear-prices.js';
import { hasTokens, priceUsage } from './price-usage.js';
import { tieredCost, tieredPrice, type TieredPrice } from './tiered-prices.js';

/** What agent-otel needs to know of one model call to price it. */
export interface CallToPrice {
  /** `gen_ai.provider.name`; without it the model name alone picks the provider. */
  provider?: string;
  model?: string;
  usage?: TokenUsage;
  /** The cost the source recorded for the call, USD. */
  recordedUsd?: number;
  /** When the call was made (epoch ms): prices that changed over time are taken as of then. */
  time: number;
}

/** The cost of one call: what goes on its chat span. */
export interface CallCost {
  /** The span's cost (USD): the recorded one when there is one, else the local one. */
  usd?: number;
  /** `provider` (recorded by the source) or `local` (computed from tokens). */
  source?: 'provider' | 'local';
  /** The cost computed from tokens with the price table, when a price is known. */
  localUsd?: number;
  /** True when the call used tokens and neither a recorded cost nor a price is known. */
  unpriced: boolean;
}

/** How a model is priced: flat (`linear`), by period and tier (`tiered`), call by call (`calc`), or not at all. */
type Known = { linear: LinearPrice } | { tiered: TieredPrice } | 'calc' | 'none';

/** Per table, per provider and model: how its calls are priced. */
const known = new WeakMap<PriceTable, Map<string, Known>>();

/**
 * The cost computed from a call's tokens, USD; undefined when the table has
 * no price for its model (or provider). A provider the table does not know
 * leaves the call unpriced rather than priced as another provider's model
 * (a local model named like a hosted one costs nothing). A model with flat
 * rates is priced by genai-prices once per usage key, then by its
 * coefficients (see probeLinear); one with tiers or dated prices likewise,
 * per price period and tier (see tieredPrice); one whose price depends on the
 * time of day, call by call.
 */
export function localCost(call: Omit<CallToPrice, 'recordedUsd'>, table: PriceTable = BUNDLED_PRICES): number | undefined {
  if (!call.model || !call.usage) return undefined;
  const usage = priceUsage(call.usage);
  const providerId = call.provider ? priceProviderId(call.provider) : undefined;
  let models = known.get(table);
  if (!models) known.set(table, (models = new Map<string, Known>()));
  const key = `${providerId ?? ''}\0${call.model}`;
  const seen = models.get(key);
  if (seen === 'none') return undefined;
  if (typeof seen === 'object' && 'linear' in seen) return linearCost(seen.linear, usage);
  let priceAt: ((usage: Usage) => PriceCalculation | null) | undefined; // looked up only when a call needs genai-prices
  const price = (u: Usage): PriceCalculation | null => (priceAt ??= pricer(table, providerId, call.model!, new Date(call.time)))(u);
  try {
    if (typeof seen === 'object' && Number.isFinite(call.time)) {
      const usd = tieredCost(seen.tiered, call.time, usage, (u) => price(u)?.total_price ?? 0);
      if (usd !== undefined) return usd;
    }
    const result = price(usage);
    if (seen === undefined) models.set(key, howToPrice(result, price));
    return result?.total_price;
  } catch {
    // genai-prices refuses usage it cannot split (it never should, see priceUsage): unpriced, not a failed run.
    return undefined;
  }
}

/** How the calls of a model are priced, from the first one priced by genai-prices. */
function howToPrice(result: PriceCalculation | null, price: (usage: Usage) => PriceCalculation | null): Known {
  if (!result) return 'none';
  if (isLinear(result)) return { linear: probeLinear((u) => price(u)?.total_price ?? 0) };
  const tiered = tieredPrice(result.model);
  return tiered ? { tiered } : 'calc';
}

/** How genai-prices prices a usage of this model: from its bundled table, or from the providers of a file. */
function pricer(table: PriceTable, providerId: string | undefined, model: string, timestamp: Date): (usage: Usage) => PriceCalculation | null {
  if (!table.providers) return (usage) => calcPrice(usage, model, { ...(providerId ? { providerId } : {}), timestamp });
  const provider = findProvider(table.providers, providerId, model);
  const candidates = provider ? [provider, ...fallbacks(table.providers, provider)] : [];
  return (usage) => {
    for (const p of candidates) {
      const result = calcPrice(usage, model, { provider: p, timestamp });
      if (result) return result;
    }
    return null;
  };
}

/** The cost of a call as its span carries it: recorded, local, or unpriced. */
export function callCost(call: CallToPrice, table: PriceTable = BUNDLED_PRICES): CallCost {
  const localUsd = localCost(call, table);
  if (call.recordedUsd !== undefined) {
    return { usd: call.recordedUsd, source: 'provider', ...(localUsd !== undefined ? { localUsd } : {}), unpriced: false };
  }
  if (localUsd !== undefined) return { usd: localUsd, source: 'local', localUsd, unpriced: false };
  return { unpriced: hasTokens(call.usage) };
}

/** genai-prices' own provider lookup, over a table of the caller's: by id or alias, else by the model's name. */
function findProvider(providers: readonly Provider[], providerId: string | undefined, model: string): Provider | undefined {
  if (providerId) {
    return providers.find((p) => p.id === providerId) ?? providers.find((p) => p.provider_match && matches(p.provider_match, providerId));
  }
  return providers.find((p) => p.model_match && matches(p.model_match, model.toLowerCase()));
}

function fallbacks(providers: readonly Provider[], provider: Provider): Provider[] {
  return (provider.fallback_model_providers ?? []).flatMap((id) => providers.filter((p) => p.id === id));
}

type Match = NonNullable<Provider['model_match']>;

function matches(m: Match, text: string): boolean {
  const t = text.toLowerCase();
  if ('or' in m) return m.or.some((x) => matches(x, text));
  if ('and' in m) return m.and.every((x) => matches(x, text));
  if ('equals' in m) return t === m.equals.toLowerCase();
  if ('starts_with' in m) return t.startsWith(m.starts_with.toLowerCase());
  if ('ends_with' in m) return t.endsWith(m.ends_with.toLowerCase());
  if ('contains' in m) return t.includes(m.contains.toLowerCase());
  if ('regex' in m) return new RegExp(m.regex).test(text);
  return false;
}
