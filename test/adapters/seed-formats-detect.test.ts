import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FormatName } from '../../src/adapters/adapter.js';
import { adapters } from '../../src/adapters/registry.js';
import { expandPaths, probeFile } from '../support/runs/collect-events.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../fixtures');
const SEED_FORMATS: FormatName[] = ['zag', 'codetether', 'kaizen', 'event-store'];
const OTHER_FORMATS = ['claude-code', 'codex', 'gemini-cli', 'copilot-cli', 'opencode', 'kimi-code', 'aider'];

async function firstClaim(file: string): Promise<FormatName | undefined> {
  const probe = probeFile(file);
  return adapters.find((a) => a.detect(probe))?.format;
}

describe('seed formats in the registry', () => {
  it('registers the four seed-format adapters', () => {
    expect(adapters.map((a) => a.format)).toEqual(expect.arrayContaining(SEED_FORMATS));
  });

  it.each(SEED_FORMATS)('every %s fixture file goes to its own adapter, first', async (format) => {
    const files = await expandPaths([join(FIXTURES, format)]);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(await firstClaim(file), file).toBe(format);
  });

  it.each(OTHER_FORMATS.filter((f) => existsSync(join(FIXTURES, f))))('no seed-format adapter claims a %s fixture', async (format) => {
    const files = await expandPaths([join(FIXTURES, format)]);
    const seed = adapters.filter((a) => SEED_FORMATS.includes(a.format));
    for (const file of files) {
      const probe = probeFile(file);
      expect(seed.filter((a) => a.detect(probe)).map((a) => a.format), file).toEqual([]);
    }
  });
});

const real = sharedFixture('real');
describe.runIf(real !== undefined)('seed formats against the shared real agent files', () => {
  it('no seed-format adapter claims a real agent file', async () => {
    const files = (await expandPaths([real!])).filter((f) => /\.jsonl?$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const seed = adapters.filter((a) => SEED_FORMATS.includes(a.format));
    for (const file of files) {
      const probe = probeFile(file);
      expect(seed.filter((a) => a.detect(probe)).map((a) => a.format), file).toEqual([]);
    }
  });
});
