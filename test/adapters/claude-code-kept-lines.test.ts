import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { claudeCodeAdapter } from '../../src/adapters/claude-code/index.js';
import { readKeeping } from '../../src/adapters/claude-code/read.js';
import { collectEvents } from '../support/runs/collect-events.js';
import { sharedFixture } from '../support/fixtures/shared-fixtures.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/claude-code');
const readTwice: Adapter = { ...claudeCodeAdapter, read: (unit, ctx) => readKeeping(unit, ctx, 0) };
const keeping = (bytes: number): Adapter => ({ ...claudeCodeAdapter, read: (unit, ctx) => readKeeping(unit, ctx, bytes) });
// Everything kept; and budgets that end inside files, so that a file is kept in part and its other lines read again.
const budgets = [Number.MAX_SAFE_INTEGER, 1, 777, 5_000, 60_000];

const folders = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(FIXTURES, d.name));
const real = sharedFixture('real/claude-code');
const tempDir = useTempDirs();

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

/** A session of two failed Bash calls; each result's `toolUseResult` is text or an object, `content` says nothing of an exit code. */
function failedCalls(dir: string): { file: string; exitCode: number } {
  const sessionId = '22222222-2222-4222-8222-222222222222';
  const exitCode = 7;
  const base = (uuid: string, seconds: number) => ({ sessionId, uuid, isSidechain: false, cwd: '/w', version: '2.1.40', timestamp: `2026-03-01T10:00:0${seconds}.000Z` });
  const call = (uuid: string, seconds: number, id: string) => ({
    ...base(uuid, seconds),
    type: 'assistant',
    requestId: `req_${id}`,
    message: { model: 'claude-opus-4-6', id: `msg_${id}`, type: 'message', role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: 'make' } }], usage: { input_tokens: 3, output_tokens: 5 } },
  });
  const result = (uuid: string, seconds: number, id: string, toolUseResult: unknown) => ({
    ...base(uuid, seconds),
    type: 'user',
    message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content: 'make failed', is_error: true }] },
    toolUseResult,
  });
  const lines = [
    { ...base('u1', 1), type: 'user', message: { role: 'user', content: 'build it' } },
    call('a1', 2, 'toolu_1'),
    result('r1', 3, 'toolu_1', `Error: Exit code ${exitCode}\nmake failed`),
    call('a2', 4, 'toolu_2'),
    result('r2', 5, 'toolu_2', { stdout: '', stderr: 'make failed', interrupted: false }),
  ];
  const file = join(dir, `${sessionId}.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return { file, exitCode };
}

describe('claude-code: a kept line keeps what the conversion reads of toolUseResult', () => {
  it('reads the exit code from a text toolUseResult whether its line was kept or read again', async () => {
    const { file, exitCode } = failedCalls(tempDir());
    const reread = await collectEvents(readTwice, [file]);
    const kept = await collectEvents(keeping(Number.MAX_SAFE_INTEGER), [file]);
    for (const run of [reread, kept]) {
      const results = run.events.filter((e) => e.type === 'tool.result');
      expect(results.map((e) => [e.callId, e.success, e.exitCode])).toEqual([
        ['toolu_1', false, exitCode],
        ['toolu_2', false, undefined],
      ]);
    }
    expect(kept.events).toEqual(reread.events);
  });
});
