import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/runs/cli.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';

const tempDir = useTempDirs();
const EXAMPLES = resolve(import.meta.dirname, '../../examples/sessions');

/** Every Claude model at $1 per million tokens, whatever kind: cost = (input, cache included, + output) / 1e6. */
const FLAT_CLAUDE = [
  {
    id: 'anthropic',
    name: 'Anthropic at a flat rate',
    api_pattern: 'https://api\\.anthropic\\.com',
    models: [{ id: 'claude', match: { starts_with: 'claude' }, prices: { input_mtok: 1, cache_read_mtok: 1, cache_write_mtok: 1, output_mtok: 1 } }],
  },
];

describe('agent-otel convert --prices', () => {
  it('prices calls with the given table, counts the models it lacks as unpriced, and says so in the summary', async () => {
    const dir = tempDir();
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify(FLAT_CLAUDE));
    const out = join(dir, 'traces');
    const run = await cli(['convert', EXAMPLES, '--out', out, '--prices', prices, '--json']);
    expect(run.code).toBe(0);
    const chats = readJsonlSpans(out).filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    const claude = chats.filter((s) => s.attributes['gen_ai.provider.name'] === 'anthropic');
    const others = chats.filter((s) => s.attributes['gen_ai.provider.name'] !== 'anthropic');
    expect(claude.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    const tokens = (s: (typeof chats)[number]) => Number(s.attributes['gen_ai.usage.input_tokens']) + Number(s.attributes['gen_ai.usage.output_tokens']);
    for (const s of claude) expect(s.attributes['gen_ai.usage.cost']).toBeCloseTo(tokens(s) / 1e6, 12);
    const summary = JSON.parse(run.stdout) as { cost: { totalUsd: number; unpricedCalls: number; unpricedByModel: Record<string, number> } };
    expect(summary.cost.totalUsd).toBeCloseTo(claude.reduce((n, s) => n + tokens(s), 0) / 1e6, 9);
    const unpriced = others.filter((s) => tokens(s) > 0);
    expect(summary.cost.unpricedCalls).toBe(unpriced.length);
    const byModel: Record<string, number> = {};
    for (const s of unpriced) {
      const model = String(s.attributes['gen_ai.response.model'] ?? s.attributes['gen_ai.request.model']);
      byModel[model] = (byModel[model] ?? 0) + 1;
    }
    expect(summary.cost.unpricedByModel).toEqual(byModel);

    const human = await cli(['convert', EXAMPLES, '--out', join(dir, 'again'), '--prices', prices]);
    expect(human.stdout).toContain(`cost        $${summary.cost.totalUsd.toFixed(4)} (`);
    expect(human.stdout).toMatch(/no price for: /);
  });

  it.each([
    { name: '--prices', args: (file: string) => ['--prices', file], env: () => ({}) },
    { name: 'AGENT_OTEL_PRICES', args: () => [], env: (file: string) => ({ AGENT_OTEL_PRICES: file }) },
  ])('refuses a prices file that is not a table ($name), before any output is made', async ({ args, env }) => {
    const dir = tempDir();
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, '{"not": "a table"}');
    const out = join(dir, 'traces');
    const run = await cli(['convert', EXAMPLES, '--out', out, ...args(prices)], { env: env(prices) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AGENT_OTEL_PRICES_FILE');
    expect(run.stderr).toContain(prices);
    expect(existsSync(out)).toBe(false);
  });
});
