import { readFileSync } from 'node:fs';
import { calcPrice, type Provider } from '@pydantic/genai-prices';
import { z } from 'zod';
import { readOptionalString, type Env } from '../config/env.js';
import { PricesFileError } from '../core/errors.js';

/**
 * The price table calls are priced with: the one bundled with
 * @pydantic/genai-prices (no network at run time), or a file in the same
 * format (genai-prices' `data.json`: a list of providers, each with its
 * models and their prices) for a newer or a private table.
 */
export interface PriceTable {
  /** `bundled`, or the path of the file. */
  readonly source: string;
  /** The providers of a file; undefined for the bundled table. */
  readonly providers?: readonly Provider[];
}

export const BUNDLED_PRICES: PriceTable = Object.freeze({ source: 'bundled' });

/** The variable naming a prices file, read after the option. */
export const PRICES_ENV = 'AGENT_OTEL_PRICES';

const Match: z.ZodType = z.lazy(() =>
  z.union([
    z.object({ equals: z.string() }),
    z.object({ starts_with: z.string() }),
    z.object({ ends_with: z.string() }),
    z.object({ contains: z.string() }),
    z.object({ regex: z.string() }),
    z.object({ or: z.array(Match) }),
    z.object({ and: z.array(Match) }),
  ]),
);

const Prices = z.record(z.string(), z.unknown());
const Model = z.looseObject({
  id: z.string().min(1),
  match: Match,
  prices: z.union([Prices, z.array(z.looseObject({ prices: Prices, constraint: z.unknown().optional() })).min(1)]),
});
const ProviderSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  api_pattern: z.string(),
  models: z.array(Model),
  provider_match: Match.optional(),
  model_match: Match.optional(),
  fallback_model_providers: z.array(z.string()).optional(),
});
const Table = z.array(ProviderSchema);

/** Reads and checks a prices file; a file that cannot be used is a PricesFileError, before any work. */
export function loadPriceTable(path: string): PriceTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PricesFileError(path, (err as NodeJS.ErrnoException).code ?? String(err), { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PricesFileError(path, `not JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = Table.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new PricesFileError(path, `not a genai-prices table (a list of providers with their models)${where}: ${issue?.message ?? 'invalid'}`);
  }
  const providers = parsed.data as unknown as Provider[];
  for (const provider of providers) for (const model of provider.models) checkModel(path, provider, model);
  return { source: path, providers };
}

/**
 * Prices each of the model's price sets once, with no tokens, through
 * genai-prices itself: a price it cannot use (a broken tier, a constraint it
 * does not know) fails here rather than on the first call of a session.
 */
function checkModel(path: string, provider: Provider, model: Provider['models'][number]): void {
  const probe = '\u0000agent-otel-probe';
  const sets = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  for (const set of sets) {
    const single: Provider = { ...provider, models: [{ ...model, match: { equals: probe }, prices: set.prices }] };
    try {
      calcPrice({ input_tokens: 0, output_tokens: 0 }, probe, { provider: single, timestamp: new Date(0) });
    } catch (err) {
      throw new PricesFileError(path, `provider ${provider.id}, model ${model.id}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (Array.isArray(model.prices)) {
    try {
      calcPrice({ input_tokens: 0, output_tokens: 0 }, probe, { provider: { ...provider, models: [{ ...model, match: { equals: probe } }] }, timestamp: new Date(0) });
    } catch (err) {
      throw new PricesFileError(path, `provider ${provider.id}, model ${model.id}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/**
 * The table to use, in the usual order: the option (a path or a table), then
 * AGENT_OTEL_PRICES, then the bundled table.
 */
export function resolvePriceTable(option: string | PriceTable | undefined, env: Env = process.env): PriceTable {
  if (typeof option === 'object') return option;
  const path = readOptionalString(option, PRICES_ENV, env);
  return path === undefined ? BUNDLED_PRICES : loadPriceTable(path);
}
