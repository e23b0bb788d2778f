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
const keepAll: Adapter = { ...claudeCodeAdapter, read: (unit, ctx) => readKeeping(unit, ctx, Number.MAX_SAFE_INTEGER) };

const folders = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(FIXTURES, d.name));
const real = sharedFixture('real/claude-code');

describe('claude-code: lines kept by the scan convert as lines read again', () => {
  it.each([...folders, ...(real ? [real] : [])])('%s', async (folder) => {
    const kept = await collectEvents(keepAll, [folder]);
    const reread = await collectEvents(readTwice, [folder]);
    expect(kept.events.length).toBeGreaterThan(0);
    expect(kept.events).toEqual(reread.events);
    expect(kept.warnings).toEqual(reread.warnings);
  });
});
