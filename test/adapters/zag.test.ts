import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { zagAdapter } from '../../src/adapters/zag/index.js';
import type { AgentEvent } from '../../src/model/events.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';
import { isoDiffMs, isoMs, num, rawJsonLines, str, type RawLine } from '../support/expectations/raw-lines.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../fixtures/zag');
const LOGS = join(FIXTURES, 'logs');
const SESSION_A = '7c1e0d52-3f0a-4b8e-9a51-2d6f1c0e9a01';
const FILE_A = join(LOGS, 'sessions', `${SESSION_A}.jsonl`);
const BROKEN = join(FIXTURES, 'broken');
const SESSION_B = '0b7d6a33-95e1-4c2f-8f00-6a1d2e3c4b02';
const FILE_B = join(BROKEN, 'sessions', `${SESSION_B}.jsonl`);

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zag-test-'));
  temps.push(dir);
  return dir;
}

interface ExpectedTool {
  id: string;
  name: string;
  callLine: RawLine;
  resultLine?: RawLine;
}

/** Pairs the raw tool records the way zag means them: by tool_id, else in order per tool name. */
function expectedTools(lines: RawLine[]): ExpectedTool[] {
  const bySeq = [...lines].sort((a, b) => num(a.value.seq) - num(b.value.seq));
  const tools: ExpectedTool[] = [];
  const counts = new Map<string, number>();
  for (const l of bySeq) {
    const v = l.value;
    if (v.type === 'tool_call' && str(v.tool_name)) {
      const name = str(v.tool_name)!;
      let id = str(v.tool_id);
      if (!id) {
        const n = counts.get(name) ?? 0;
        counts.set(name, n + 1);
        id = `${name}#${n}`;
      }
      tools.push({ id, name, callLine: l });
    } else if (v.type === 'tool_result') {
      const id = str(v.tool_id);
      const open = tools.find((t) => !t.resultLine && (id ? t.id === id : t.name === str(v.tool_name)));
      if (open) open.resultLine = l;
    }
  }
  return tools;
}

function rawAt(lines: RawLine[], event: AgentEvent): RawLine {
  const raw = lines.find((l) => l.line === event.source?.line);
  if (!raw) throw new Error(`no raw line for ${event.type} at ${event.source?.line}`);
  return raw;
}

describe('zag adapter: detection and planning', () => {
  it('claims session files and index.json by content, not other JSON lines', async () => {
    expect(zagAdapter.detect(probeFile(FILE_A))).toBe(true);
    expect(zagAdapter.detect(probeFile(join(LOGS, 'index.json')))).toBe(true);
    const other = join(tempDir(), 'other.jsonl');
    writeFileSync(other, '{"recorded_at":"2027-01-01T00:00:00Z","session_id":"x","message_type":"user","sequence":0}\n');
    expect(zagAdapter.detect(probeFile(other))).toBe(false);
  });

  it('plans one unit per session file with the index next to sessions/ as a hint', async () => {
    const { units } = await collectEvents(zagAdapter, [LOGS]);
    expect(units).toEqual([{ format: 'zag', label: FILE_A, files: [FILE_A], hints: { index: join(LOGS, 'index.json') } }]);
  });

  it('brings in the session files an index lists when only the index is given', async () => {
    const { units } = await collectEvents(zagAdapter, [join(LOGS, 'index.json')]);
    expect(units.map((u) => u.files)).toEqual([[FILE_A]]);
  });
});

describe('zag adapter: a full session', async () => {
  const lines = rawJsonLines(FILE_A);
  const { events, warnings } = await collectEvents(zagAdapter, [LOGS]);
  const index = JSON.parse(readFileSync(join(LOGS, 'index.json'), 'utf8')) as { sessions: Record<string, unknown>[] };
  const entry = index.sessions[0]!;

  it('reads without warnings', () => {
    expect(warnings).toEqual([]);
  });

  it('starts with session.start carrying the session_started record and the index entry', () => {
    const first = lines.find((l) => l.value.seq === 1)!.value;
    const start = events[0];
    expect(start?.type).toBe('session.start');
    if (start?.type !== 'session.start') return;
    expect(start.sessionId).toBe(first.wrapper_session_id);
    expect(start.time).toBeCloseTo(isoMs(str(first.ts)!), 3);
    expect(start.meta).toMatchObject({
      agent: 'zag',
      provider: 'anthropic',
      model: first.model,
      cwd: first.cwd,
      command: first.command,
    });
    // The first line has no provider session id yet; the index has it.
    expect(first.provider_session_id).toBeNull();
    expect(start.meta.attributes?.['zag.provider_session_id']).toBe(entry.provider_session_id);
    expect(start.meta.attributes?.['zag.ended_at']).toBe(entry.ended_at);
    expect(ofType(events, 'session.start')).toHaveLength(1);
  });

  it('emits records in seq order even where the file is not, each with its own ts', () => {
    const seqs = events.map((e) => num(rawAt(lines, e).value.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const fileOrder = lines.map((l) => num(l.value.seq));
    expect(fileOrder).not.toEqual([...fileOrder].sort((a, b) => a - b));
    for (const e of events) {
      expect(e.time).toBeCloseTo(isoMs(str(rawAt(lines, e).value.ts)!), 3);
    }
    // ts runs backwards between some neighbours: the times are kept, not clamped.
    const times = events.map((e) => e.time);
    expect(times.some((t, i) => i > 0 && t < times[i - 1]!)).toBe(true);
  });

  it('pairs tool calls and results by tool_id, and by order per name without one', () => {
    const expected = expectedTools(lines);
    const calls = ofType(events, 'tool.call');
    const results = ofType(events, 'tool.result');
    expect(calls.map((c) => [c.callId, c.name])).toEqual(expected.map((t) => [t.id, t.name]));
    expect(calls.map((c) => c.callId)).toContain('Grep#1');
    for (const t of expected) {
      const result = results.find((r) => r.callId === t.id);
      const call = calls.find((c) => c.callId === t.id)!;
      expect(result, t.id).toBeDefined();
      const raw = t.resultLine!.value;
      const rawSuccess = raw.success ?? raw.error == null;
      expect(result!.success).toBe(rawSuccess);
      const duration = isoDiffMs(str(t.callLine.value.ts)!, str(raw.ts)!);
      expect(Math.abs(result!.time - call.time - duration)).toBeLessThan(1e-3);
      expect(call.input).toEqual(t.callLine.value.input);
    }
  });

  it('classifies failures: denied by a refused permission, exit code, plain tool error', () => {
    const results = ofType(events, 'tool.result');
    const failed = Object.fromEntries(results.filter((r) => !r.success).map((r) => [r.callId, r]));
    expect(Object.keys(failed).sort()).toEqual(['Grep#1', 'toolu_A2', 'toolu_A3']);
    expect(failed.toolu_A3).toMatchObject({ errorType: 'denied', exitCode: 2, error: 'exit status 2' });
    expect(failed.toolu_A2).toMatchObject({ errorType: 'tool_error', error: 'file not found' });
    expect(failed['Grep#1']).toMatchObject({ errorType: 'tool_error', error: 'bad pattern' });
    const permissions = ofType(events, 'permission');
    const rawPermissions = lines.filter((l) => l.value.type === 'permission');
    expect(permissions.map((p) => p.granted)).toEqual(rawPermissions.map((l) => l.value.granted));
    expect(permissions.map((p) => p.callId)).toEqual(['toolu_A1', 'toolu_A3']);
  });

  it('turns each usage record into one model.call with input counted apart from cache', () => {
    const usages = lines.filter((l) => l.value.type === 'usage').map((l) => l.value);
    const calls = ofType(events, 'model.call');
    expect(calls).toHaveLength(usages.length);
    const sum = (pick: (v: Record<string, unknown>) => unknown): number => usages.reduce((s, v) => s + num(pick(v)), 0);
    const got = (pick: (c: (typeof calls)[number]) => number | undefined): number => calls.reduce((s, c) => s + (pick(c) ?? 0), 0);
    expect(got((c) => c.usage?.input)).toBe(sum((v) => v.input_tokens));
    expect(got((c) => c.usage?.output)).toBe(sum((v) => v.output_tokens));
    expect(got((c) => c.usage?.cacheRead)).toBe(sum((v) => v.cache_read_tokens));
    expect(got((c) => c.usage?.cacheCreation)).toBe(sum((v) => v.cache_creation_tokens));
    expect(got((c) => c.costUsd)).toBeCloseTo(sum((v) => v.total_cost_usd), 9);
    for (const c of calls) {
      expect(c.usage?.inputIncludesCache).toBe(false);
      expect(c.provider).toBe('anthropic');
      expect(c.requestModel).toBe('claude-opus-4');
    }
    // Each usage closes the turn of the assistant message before it.
    expect(calls.map((c) => c.responseId)).toEqual(['msg_01', 'msg_02']);
  });

  it('maps messages, reasoning, heartbeats, usage limits and notices', () => {
    const messages = ofType(events, 'message');
    const rawMessages = lines
      .filter((l) => l.value.type === 'user_message' || l.value.type === 'assistant_message')
      .sort((a, b) => num(a.value.seq) - num(b.value.seq));
    expect(messages.map((m) => [m.role, m.content])).toEqual(
      rawMessages.map((l) => [l.value.type === 'user_message' ? 'user' : 'assistant', l.value.content]),
    );
    expect(ofType(events, 'reasoning').map((r) => r.content)).toEqual(
      lines.filter((l) => l.value.type === 'reasoning').map((l) => l.value.content),
    );
    expect(ofType(events, 'heartbeat')).toEqual([expect.objectContaining({ intervalSecs: 10 })]);
    expect(ofType(events, 'usage_limit')).toEqual([
      expect.objectContaining({ phase: 'hit', incidentId: 'inc-9', scope: '5h', resetAt: '2027-03-04T14:00:00Z' }),
      expect.objectContaining({ phase: 'resumed', incidentId: 'inc-9', attempt: 2, message: 'continue' }),
    ]);
    const lifecycle = ofType(events, 'lifecycle');
    expect(lifecycle.map((l) => [l.name, l.level])).toEqual([
      ['provider_status', 'info'],
      ['stderr', 'warning'],
      ['user_event', 'warning'],
      ['session_result', 'info'],
    ]);
    expect(lifecycle[3]?.message).toBe('done listing');
  });

  it('keeps an unknown record kind as an unknown event with its data', () => {
    const unknown = ofType(events, 'unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ kind: 'hologram_projected', data: expect.objectContaining({ intensity: 3 }) });
  });

  it('ends with session.end from session_ended', () => {
    const end = events.at(-1);
    const raw = lines.find((l) => l.value.type === 'session_ended')!.value;
    expect(end).toMatchObject({ type: 'session.end', outcome: raw.success ? 'ok' : 'error' });
    expect(end?.time).toBeCloseTo(isoMs(str(raw.ts)!), 3);
  });
});

describe('zag adapter: damaged input', async () => {
  const lines = rawJsonLines(FILE_B);
  const { events, warnings, units } = await collectEvents(zagAdapter, [BROKEN]);

  it('converts a session file that has no index', () => {
    expect(units[0]?.hints).toBeUndefined();
    const start = ofType(events, 'session.start')[0];
    expect(start?.meta).toMatchObject({ agent: 'zag', provider: 'openai', model: 'gpt-5-codex', cwd: '/srv/api' });
  });

  it('warns about the line that is not JSON, with file and line, and goes on', () => {
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'invalid_json', file: FILE_B, line: 3 }));
    const after = events.filter((e) => (e.source?.line ?? 0) > 3);
    expect(after.length).toBeGreaterThan(3);
  });

  it('warns about a record that does not fit its kind, and goes on', () => {
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'schema', file: FILE_B, line: 6 }));
    expect(events.some((e) => e.source?.line === 6)).toBe(false);
    expect(ofType(events, 'message').some((m) => m.source?.line === 7)).toBe(true);
  });

  it('gives a record without ts the previous time, flagged inexact', () => {
    const call = ofType(events, 'tool.call')[0]!;
    expect(call.source?.line).toBe(4);
    expect(lines.find((l) => l.line === 4)?.value.ts).toBeUndefined();
    expect(call.timeExact).toBe(false);
    expect(call.time).toBeCloseTo(isoMs(str(lines.find((l) => l.line === 2)!.value.ts)!), 3);
    const result = ofType(events, 'tool.result')[0]!;
    expect(result.callId).toBe(call.callId);
    expect(result.timeExact).toBeUndefined();
  });

  it('records a change of provider session id, and no session.end when the file has none', () => {
    expect(ofType(events, 'state.change')).toEqual([
      expect.objectContaining({ key: 'provider_session_id', value: 'thread-42', source: { file: FILE_B, line: 5 } }),
    ]);
    expect(ofType(events, 'session.end')).toEqual([]);
    expect(ofType(events, 'model.call')[0]).toMatchObject({ provider: 'openai', usage: { input: 900, output: 120 } });
  });

  it('starts a session whose first record is not session_started at the index start time', async () => {
    const dir = tempDir();
    cpSync(LOGS, join(dir, 'logs'), { recursive: true });
    const file = join(dir, 'logs', 'sessions', basename(FILE_A));
    const kept = readFileSync(file, 'utf8').split('\n').filter((l) => !l.includes('"session_started"'));
    writeFileSync(file, kept.join('\n'));
    const got = await collectEvents(zagAdapter, [join(dir, 'logs')]);
    const start = got.events[0];
    const entry = (JSON.parse(readFileSync(join(LOGS, 'index.json'), 'utf8')) as { sessions: Record<string, unknown>[] }).sessions[0]!;
    expect(start?.type).toBe('session.start');
    expect(start?.time).toBeCloseTo(isoMs(str(entry.started_at)!), 3);
    if (start?.type === 'session.start') expect(start.meta.cwd).toBe(entry.workspace_path);
    expect(got.events[1]?.source?.line).toBe(1);
  });
});

describeWithFixture('zag adapter: the shared seed-format samples', 'seed-formats', async (root) => {
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<string, SampleExpectation>;
  const { events, warnings } = await collectEvents(zagAdapter, [join(root, 'zag')]);
  const keys = Object.keys(expected).filter((k) => k.startsWith('zag/'));

  it('converts every sample without warnings', () => {
    expect(warnings).toEqual([]);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(ofType(events, 'session.start').map((s) => `zag/${s.sessionId}`))).toEqual(new Set(keys));
  });

  it.each(keys)('%s reproduces expected.json, computed again from the raw lines', (key) => {
    const id = key.slice('zag/'.length);
    const want = expected[key]!;
    const lines = rawJsonLines(join(root, 'zag', 'logs', 'sessions', `${id}.jsonl`));
    const mine = events.filter((e) => e.sessionId === id);
    const calls = ofType(mine, 'tool.call');
    const results = ofType(mine, 'tool.result');
    const raw = expectedTools(lines);
    expect(calls.map((c) => c.callId)).toEqual(want.tool_calls.map((t) => t.id));
    expect(raw.map((t) => t.id)).toEqual(want.tool_calls.map((t) => t.id));
    for (const [i, t] of want.tool_calls.entries()) {
      const call = calls[i]!;
      const result = results.find((r) => r.callId === t.id)!;
      expect(call.name).toBe(t.name);
      expect(result.success).toBe(t.success);
      const rawDuration = isoDiffMs(str(raw[i]!.callLine.value.ts)!, str(raw[i]!.resultLine!.value.ts)!);
      expect(Math.abs(rawDuration - t.duration_ms)).toBeLessThan(1);
      expect(Math.abs(result.time - call.time - t.duration_ms)).toBeLessThan(1);
    }
    const usages = lines.filter((l) => l.value.type === 'usage').map((l) => l.value);
    const models = ofType(mine, 'model.call');
    const tokens = {
      input: models.reduce((s, m) => s + (m.usage?.input ?? 0), 0),
      output: models.reduce((s, m) => s + (m.usage?.output ?? 0), 0),
      cache_read: models.reduce((s, m) => s + (m.usage?.cacheRead ?? 0), 0),
      cache_creation: models.reduce((s, m) => s + (m.usage?.cacheCreation ?? 0), 0),
    };
    const rawTokens = {
      input: usages.reduce((s, v) => s + num(v.input_tokens), 0),
      output: usages.reduce((s, v) => s + num(v.output_tokens), 0),
      cache_read: usages.reduce((s, v) => s + num(v.cache_read_tokens), 0),
      cache_creation: usages.reduce((s, v) => s + num(v.cache_creation_tokens), 0),
    };
    expect(tokens).toEqual(want.tokens);
    expect(rawTokens).toEqual(want.tokens);
    expect(ofType(mine, 'session.end').length > 0).toBe(want.ended === true);
  });
});

interface SampleExpectation {
  tool_calls: { id: string; name: string; success: boolean; duration_ms: number }[];
  tokens?: { input: number; output: number; cache_read?: number; cache_creation?: number };
  ended?: boolean;
}
