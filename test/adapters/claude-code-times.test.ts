import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeCodeAdapter } from '../../src/adapters/claude-code/index.js';
import { collectEvents } from '../support/runs/collect-events.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const FIXTURE = resolve(import.meta.dirname, '../fixtures/claude-code/split-responses');

describe('claude-code: record times', () => {
  it.each([
    { name: 'a number', timestamp: 12345 },
    { name: 'a boolean', timestamp: true },
    { name: 'an object', timestamp: { at: 'now' } },
  ])('ignores a timestamp that is $name (Claude Code writes RFC 3339 strings)', async ({ timestamp }) => {
    const [file] = (await import('node:fs')).readdirSync(FIXTURE).filter((f) => f.endsWith('.jsonl'));
    const lines = readFileSync(join(FIXTURE, file!), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const damaged = JSON.parse(lines[1]!) as Record<string, unknown>;
    damaged.timestamp = timestamp;
    const dir = tempDir();
    writeFileSync(join(dir, file!), [lines[0], JSON.stringify(damaged), ...lines.slice(2)].join('\n') + '\n');
    // The earliest string timestamp of the other lines, as the test reads them.
    const expected = Math.min(
      ...[lines[0], ...lines.slice(2)]
        .map((l) => (JSON.parse(l!) as { timestamp?: unknown }).timestamp)
        .filter((t): t is string => typeof t === 'string')
        .map((t) => Date.parse(t)),
    );
    const { events } = await collectEvents(claudeCodeAdapter, [dir]);
    expect(Math.min(...events.map((e) => e.time))).toBe(expected);
    expect(events.find((e) => e.type === 'session.start')!.time).toBe(expected);
  });
});
