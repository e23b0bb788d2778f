import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../src/core/diagnostics.js';
import { SpanLedger } from '../../src/watch/span-ledger.js';
import { STATE_FILE, WatchState, type UnitEntry } from '../../src/watch/watch-state.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { sampleSpans } from '../support/spans/sdk-spans.js';

const tempDir = useTempDirs();

const ENTRY: UnitEntry = { final: false, lastChange: 1_800_000_000_000, files: { '/src/a.jsonl': { dev: 3, ino: 77, horizon: 4096, mtimeMs: 1_800_000_000_123.5 } } };

async function open(dir: string): Promise<{ state: WatchState; warnings: Warning[] }> {
  const warnings: Warning[] = [];
  const state = await WatchState.open(dir, (w) => warnings.push(w));
  return { state, warnings };
}

/** A ledger file of the state folder (there is one per unit that sent something). */
function ledgerFiles(dir: string): string[] {
  return readdirSync(join(dir, 'ledgers')).filter((f) => f.endsWith('.json')).map((f) => join(dir, 'ledgers', f));
}

describe('WatchState', () => {
  it('starts empty in a new folder and reads back what it saved', async () => {
    const dir = tempDir();
    const { state, warnings } = await open(dir);
    expect(state.units.size).toBe(0);
    state.units.set('claude-code:/src/a.jsonl', ENTRY);
    await state.save();
    const again = await open(dir);
    expect([...again.state.units]).toEqual([['claude-code:/src/a.jsonl', ENTRY]]);
    expect([...warnings, ...again.warnings]).toEqual([]);
  });

  it('writes whole files: no temporary file is left beside the state, and it is complete JSON', async () => {
    const dir = tempDir();
    const { state } = await open(dir);
    state.units.set('u', ENTRY);
    await state.save();
    await state.save();
    expect(readdirSync(dir).sort()).toEqual(['ledgers', STATE_FILE]);
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'))).toEqual({ version: 1, units: { u: ENTRY } });
  });

  it('a temporary file a killed writer left does not count: the last state saved is read', async () => {
    const dir = tempDir();
    const { state } = await open(dir);
    state.units.set('u', ENTRY);
    await state.save();
    writeFileSync(join(dir, `${STATE_FILE}.99999.tmp`), '{"version":1,"units":{"u":');
    const again = await open(dir);
    expect([...again.state.units.keys()]).toEqual(['u']);
    expect(again.warnings).toEqual([]);
  });

  it.each([
    ['not JSON', '\u0000\u0001garbage{{'],
    ['JSON of another shape', '{"version":2,"units":[]}'],
  ])('a state file that is %s is moved aside with a state_corrupt warning naming it; watch starts over', async (_, garbage) => {
    const dir = tempDir();
    const path = join(dir, STATE_FILE);
    await open(dir);
    writeFileSync(path, garbage);
    const { state, warnings } = await open(dir);
    expect(state.units.size).toBe(0);
    expect(warnings).toEqual([expect.objectContaining({ code: 'state_corrupt', file: path, message: expect.stringContaining('starting over') })]);
    expect(existsSync(path)).toBe(false);
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${STATE_FILE}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(garbage);
    expect(warnings[0]!.message).toContain(aside[0]);
  });

  it('keeps a ledger per unit, saved only when it changed', async () => {
    const dir = tempDir();
    const { state } = await open(dir);
    const ledger = await state.ledger('codex:/src/r.jsonl');
    expect(ledger.size).toBe(0);
    await state.saveLedger('codex:/src/r.jsonl', ledger);
    expect(ledgerFiles(dir)).toEqual([]);
    const spans = sampleSpans(3);
    ledger.commit(ledger.decide(spans));
    await state.saveLedger('codex:/src/r.jsonl', ledger);
    expect(ledger.changed).toBe(false);
    expect(ledgerFiles(dir)).toHaveLength(1);
    const read = await state.ledger('codex:/src/r.jsonl');
    expect(read.entries()).toEqual(ledger.entries());
    expect(read.decide(spans).send).toEqual([]);
    // Another unit has a ledger of its own.
    expect((await state.ledger('codex:/src/other.jsonl')).size).toBe(0);
  });

  it('a ledger file that is garbage is moved aside with a state_corrupt warning naming it; that unit starts over', async () => {
    const dir = tempDir();
    const { state } = await open(dir);
    const ledger = new SpanLedger();
    ledger.commit(ledger.decide(sampleSpans(2)));
    await state.saveLedger('zag:/src/z.jsonl', ledger);
    const [path] = ledgerFiles(dir);
    writeFileSync(path!, 'not a ledger');
    const again = await open(dir);
    expect((await again.state.ledger('zag:/src/z.jsonl')).size).toBe(0);
    expect(again.warnings).toEqual([expect.objectContaining({ code: 'state_corrupt', file: path })]);
    expect(existsSync(path!)).toBe(false);
  });
});
