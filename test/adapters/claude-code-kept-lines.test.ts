import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { claudeCodeAdapter } from '../../src/adapters/claude-code/index.js';
import { readKeeping } from '../../src/adapters/claude-code/read.js';
import { collectEvents } from '../support/runs/collect-events.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/claude-code');
const readTwice: Adapter = { ...claudeCodeAdapter, read: (unit, ctx) => readKeeping(unit, ctx, 0) };
const keeping = (bytes: number): Adapter => ({ ...claudeCodeAdapter, read: (unit, ctx) => readKeeping(unit, ctx, bytes) });
// Everything kept; and budgets that end inside files, so that a file is kept in part and its other lines read again.
const budgets = [Number.MAX_SAFE_INTEGER, 1, 777, 5_000, 60_000];

const folders = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(FIXTURES, d.name));
const real = sharedFixture('real/claude-code');

describe('claude-code: lines kept by the scan convert as lines read again', () => {
  it.each([...folders, ...(real ? [real] : [])])('%s', async (folder) => {
    const reread = await collectEvents(readTwice, [folder]);
    expect(reread.events.length).toBeGreaterThan(0);
    for (const budget of budgets) {
      const kept = await collectEvents(keeping(budget), [folder]);
      expect(kept.events, `budget ${budget}`).toEqual(reread.events);
      expect(kept.warnings, `budget ${budget}`).toEqual(reread.warnings);
    }
  });
});
