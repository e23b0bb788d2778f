import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/runs/cli.js';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { startWatch, waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
const FIXTURES = resolve(import.meta.dirname, '../fixtures');

describe('the cost watch reports', () => {
  it.each(['claude-code', 'kaizen', 'opencode'])('equals what convert reports of the same %s files', async (format) => {
    const input = join(FIXTURES, format);
    const expected = (await convertToSpans([input])).summary.cost;
    expect(expected.totalUsd).toBeGreaterThan(0);
    const run = await startWatch(tempDir(), [input]);
    try {
      await waitUntil(() => run.handle.stats().open === 0, 'every session over');
      const got = run.handle.stats().cost;
      expect(got.totalUsd).toBeCloseTo(expected.totalUsd, 8);
      expect([got.recordedCalls, got.localCalls, got.unpricedCalls]).toEqual([expected.recordedCalls, expected.localCalls, expected.unpricedCalls]);
      expect(Object.keys(got.byModel).sort()).toEqual(Object.keys(expected.byModel).sort());
      for (const [model, g] of Object.entries(expected.byModel)) expect(got.byModel[model]?.calls, model).toBe(g.calls);
      expect(got.unpricedByModel).toEqual(expected.unpricedByModel);
    } finally {
      await run.stop();
    }
  });

  it('refuses a prices file that is not a table before it starts', async () => {
    const dir = tempDir();
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, '[{"id": "acme"}]');
    const out = join(dir, 'traces');
    const run = await cli(['watch', join(FIXTURES, 'kaizen'), '--out', out, '--prices', prices]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AGENT_OTEL_PRICES_FILE');
    expect(existsSync(out)).toBe(false);
  });
});
