import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PricesFileError } from '../../src/core/errors.js';
import { localCost } from '../../src/cost/call-cost.js';
import { BUNDLED_PRICES, loadPriceTable, resolvePriceTable } from '../../src/cost/price-table.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const T = Date.UTC(2026, 10, 2);

/** A private table in genai-prices' own format: one provider, one model at $2 / $8 per MTok, $0.50 cache reads. */
const PRIVATE_TABLE = [
  {
    id: 'acme',
    name: 'Acme AI',
    api_pattern: 'https://api\\.acme\\.test',
    provider_match: { equals: 'acme-ai' },
    models: [{ id: 'acme-large', match: { starts_with: 'acme-large' }, prices: { input_mtok: 2, cache_read_mtok: 0.5, output_mtok: 8 } }],
  },
];

describe('price tables', () => {
  const tempDir = useTempDirs();
  const write = (content: string) => {
    const path = join(tempDir(), 'prices.json');
    writeFileSync(path, content);
    return path;
  };

  it('prices a private model from a prices file, and leaves the bundled models out of it', () => {
    const table = loadPriceTable(write(JSON.stringify(PRIVATE_TABLE)));
    const usage = { input: 10_000, cacheRead: 4_000, output: 500, inputIncludesCache: true };
    expect(localCost({ provider: 'acme', model: 'acme-large-2', usage, time: T }, table)).toBeCloseTo((6_000 * 2 + 4_000 * 0.5 + 500 * 8) / 1e6, 12);
    // Found through the provider's alias, and through the model name when the call names no provider.
    expect(localCost({ provider: 'acme-ai', model: 'acme-large', usage, time: T }, table)).toBeDefined();
    expect(localCost({ model: 'acme-large', usage, time: T }, table)).toBeUndefined();
    expect(localCost({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage, time: T }, table)).toBeUndefined();
    expect(localCost({ provider: 'acme', model: 'acme-large', usage, time: T }, BUNDLED_PRICES)).toBeUndefined();
  });

  it('takes prices that changed over time as of the call', () => {
    const table = loadPriceTable(
      write(
        JSON.stringify([
          {
            ...PRIVATE_TABLE[0],
            models: [
              {
                id: 'acme-large',
                match: { equals: 'acme-large' },
                prices: [{ prices: { input_mtok: 1, output_mtok: 1 } }, { constraint: { start_date: '2026-06-01' }, prices: { input_mtok: 4, output_mtok: 4 } }],
              },
            ],
          },
        ]),
      ),
    );
    const usage = { input: 1_000_000, output: 0 };
    expect(localCost({ provider: 'acme', model: 'acme-large', usage, time: Date.UTC(2026, 0, 10) }, table)).toBeCloseTo(1, 12);
    expect(localCost({ provider: 'acme', model: 'acme-large', usage, time: Date.UTC(2026, 6, 10) }, table)).toBeCloseTo(4, 12);
  });

  it('reads the option first, then AGENT_OTEL_PRICES, then the bundled table', () => {
    const fromEnv = write(JSON.stringify(PRIVATE_TABLE));
    const other = join(tempDir(), 'other.json');
    writeFileSync(other, JSON.stringify([{ ...PRIVATE_TABLE[0], id: 'other' }]));
    expect(resolvePriceTable(undefined, {})).toBe(BUNDLED_PRICES);
    expect(resolvePriceTable(undefined, { AGENT_OTEL_PRICES: fromEnv }).source).toBe(fromEnv);
    expect(resolvePriceTable(other, { AGENT_OTEL_PRICES: fromEnv }).source).toBe(other);
    expect(resolvePriceTable(BUNDLED_PRICES, { AGENT_OTEL_PRICES: fromEnv })).toBe(BUNDLED_PRICES);
  });

  it.each([
    { name: 'a missing file', content: undefined, reason: /ENOENT/ },
    { name: 'not JSON', content: '{ nope', reason: /not JSON/ },
    { name: 'not a list of providers', content: JSON.stringify({ providers: [] }), reason: /not a genai-prices table/ },
    { name: 'a model without a match', content: JSON.stringify([{ ...PRIVATE_TABLE[0], models: [{ id: 'x', prices: {} }] }]), reason: /models\.0\.match/ },
    {
      name: 'a price genai-prices cannot use',
      content: JSON.stringify([{ ...PRIVATE_TABLE[0], models: [{ id: 'x', match: { equals: 'x' }, prices: { input_mtok: { base: 1, tiers: 'high' } } }] }]),
      reason: /provider acme, model x/,
    },
  ])('refuses $name with AGENT_OTEL_PRICES_FILE', ({ content, reason }) => {
    const path = content === undefined ? join(tempDir(), 'absent.json') : write(content);
    let error: unknown;
    try {
      loadPriceTable(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PricesFileError);
    expect((error as PricesFileError).code).toBe('AGENT_OTEL_PRICES_FILE');
    expect((error as PricesFileError).path).toBe(path);
    expect((error as Error).message).toMatch(reason);
  });
});
