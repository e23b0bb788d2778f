import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { claudeCodeAdapter } from '../../src/adapters/claude-code/index.js';
import { codexAdapter } from '../../src/adapters/codex/index.js';
import type { Warning } from '../../src/core/diagnostics.js';
import { geminiCliAdapter } from '../../src/adapters/gemini-cli/index.js';
import type { AgentEvent } from '../../src/model/events.js';
import { collectEvents } from '../support/runs/collect-events.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/**
 * Records an adapter cannot use, where the fuzz test does not reach (payloads,
 * `$set` fields, subagent steps copied into progress records): each is
 * reported exactly once with its file and line, and everything else (events
 * and warnings of the other records) is what the file gives without it.
 */
const tempDir = useTempDirs();
const FIXTURES = join(import.meta.dirname, '../fixtures');
const CODEX = join(FIXTURES, 'codex/v0.104/rollout-2026-02-23T12-41-04-019c8a4d-8f45-7010-8b5d-7fad00000104.jsonl');
const GEMINI = join(FIXTURES, 'gemini-cli/jsonl/chats/session-2025-11-04T14-20-5e1f0c2a.jsonl');
const CLAUDE_DIR = join(FIXTURES, 'claude-code/subfolder');
const CLAUDE = join(CLAUDE_DIR, '55555555-5555-4555-8555-555555555555.jsonl');

function fileLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** Line and file made comparable between a copy with one more line and the original. */
function renumbered<T extends { file?: string; line?: number }>(where: T, inserted: number | undefined): T {
  const line = where.line !== undefined && inserted !== undefined && where.line > inserted ? where.line - 1 : where.line;
  return { ...where, ...(where.file !== undefined ? { file: basename(where.file) } : {}), ...(line !== undefined ? { line } : {}) };
}

function comparableEvents(events: AgentEvent[], inserted?: number): unknown[] {
  return events.map((e) => (e.source ? { ...e, source: renumbered(e.source, inserted) } : e));
}

function comparableWarnings(warnings: Warning[], inserted?: number): unknown[] {
  return warnings.map((w) => renumbered(w, inserted));
}

/** The first record with a timestamp at or after the middle of the file: the bad record goes right after it, with its time. */
function middleTimestamp(lines: string[]): { index: number; timestamp: string } {
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    const value: unknown = JSON.parse(lines[i]!);
    const timestamp = (value as { timestamp?: unknown }).timestamp;
    if (typeof timestamp === 'string') return { index: i, timestamp };
  }
  throw new Error('no timestamped record in the second half');
}

async function expectReportedOnce(adapter: Adapter, file: string, after: number, record: string, code: string): Promise<void> {
  const original = fileLines(file);
  const copy = join(tempDir(), basename(file));
  writeFileSync(copy, `${[...original.slice(0, after + 1), record, ...original.slice(after + 1)].join('\n')}\n`);
  const line = after + 2;
  const clean = await collectEvents(adapter, [file]);
  const damaged = await collectEvents(adapter, [copy]);

  const atLine = damaged.warnings.filter((w) => w.file === copy && w.line === line);
  expect(atLine.map((w) => w.code), JSON.stringify(damaged.warnings)).toEqual([code]);
  expect(damaged.events.filter((e) => e.source?.file === copy && e.source.line === line)).toEqual([]);
  expect(comparableEvents(damaged.events, line)).toEqual(comparableEvents(clean.events));
  const others = damaged.warnings.filter((w) => w !== atLine[0]);
  expect(comparableWarnings(others, line)).toEqual(comparableWarnings(clean.warnings));
}

describe('codex: an envelope whose payload cannot be used', () => {
  const { index, timestamp } = middleTimestamp(fileLines(CODEX));
  it.each([
    ['a response_item whose payload is null', { timestamp, type: 'response_item', payload: null }, 'not_a_record'],
    ['a response_item whose payload is an array', { timestamp, type: 'response_item', payload: [1, 2] }, 'not_a_record'],
    ['a response_item whose payload type is empty', { timestamp, type: 'response_item', payload: { type: '' } }, 'schema'],
    ['an event_msg whose payload has no type', { timestamp, type: 'event_msg', payload: { message: 'x' } }, 'schema'],
    ['a record with no type at all', { timestamp, payload: {} }, 'schema'],
    ['a record that is an array', [timestamp, 'event_msg'], 'not_a_record'],
  ])('%s is reported once and changes nothing else', async (_name, record, code) => {
    await expectReportedOnce(codexAdapter, CODEX, index, JSON.stringify(record), code);
  });
});

describe('gemini-cli: a JSONL record that cannot be used', () => {
  const lines = fileLines(GEMINI);
  const middle = Math.floor(lines.length / 2);
  it.each([
    ['a message with a null id', middle, { id: null, type: 'user', content: 'hi' }],
    ['a message without an id', middle, { type: 'user', content: 'hi' }],
    ['a metadata line with wrong types', middle, { sessionId: 42, projectHash: null }],
    // Last, so that it would be the title if it were applied.
    ['a $set whose summary is not a string', lines.length - 1, { $set: { summary: 42 } }],
    ['a $set whose messages are not a list', lines.length - 1, { $set: { messages: null } }],
  ])('%s is reported once and changes nothing else', async (_name, after, record) => {
    await expectReportedOnce(geminiCliAdapter, GEMINI, after, JSON.stringify(record), 'schema');
  });
});

interface ProgressLine {
  type?: unknown;
  sessionId?: unknown;
  data?: { type?: unknown; agentId?: unknown; message?: { type?: unknown } };
}

describe('claude-code: a damaged progress record that carries a subagent step', () => {
  /** The progress records of a subagent whose own file is absent: its steps are rebuilt from them. */
  const lines = fileLines(CLAUDE);
  const subagents = join(CLAUDE_DIR, basename(CLAUDE, '.jsonl'), 'subagents');
  const stepped = lines.flatMap((text, i) => {
    const { type, data } = JSON.parse(text) as ProgressLine;
    if (type !== 'progress' || data?.type !== 'agent_progress' || typeof data.message?.type !== 'string') return [];
    return existsSync(join(subagents, `agent-${String(data.agentId)}.jsonl`)) ? [] : [i];
  });

  it.each([
    ['its step has a type that is not a string', (r: ProgressLine) => void (r.data!.message!.type = 42)],
    ['its sessionId is a number', (r: ProgressLine) => void (r.sessionId = 42)],
  ])('%s: reported once, at its line', async (_name, damage) => {
    expect(stepped.length).toBeGreaterThan(1);
    const index = stepped.at(-1)!;
    const dir = join(tempDir(), 'in');
    cpSync(CLAUDE_DIR, dir, { recursive: true });
    const copy = join(dir, basename(CLAUDE));
    const damaged = lines.map((text, i) => {
      if (i !== index) return text;
      const record = JSON.parse(text) as ProgressLine;
      damage(record);
      return JSON.stringify(record);
    });
    writeFileSync(copy, `${damaged.join('\n')}\n`);
    const clean = await collectEvents(claudeCodeAdapter, [CLAUDE_DIR]);
    expect(clean.warnings.filter((w) => w.line === index + 1)).toEqual([]);
    const { warnings } = await collectEvents(claudeCodeAdapter, [dir]);
    expect(warnings.filter((w) => w.file === copy && w.line === index + 1).map((w) => w.code)).toEqual(['schema']);
  });
});
