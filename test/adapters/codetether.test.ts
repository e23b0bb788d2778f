import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codetetherAdapter } from '../../src/adapters/codetether/index.js';
import { orderRotated } from '../../src/adapters/codetether/rotation.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';
import { isoMs, num, rawJsonLines, str, type RawLine } from '../support/expectations/raw-lines.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../fixtures/codetether');
const SESSION = '5e1f7a90-2b3c-4d5e-8f60-718293a4b5c6';
const FOLDER = join(FIXTURES, SESSION);
const LOOSE = join(FIXTURES, 'loose');

/** The session's files in stream order, worked out here from the start offsets in the names. */
function byStartOffset(folder: string): string[] {
  return readdirSync(folder)
    .map((name) => ({ name, start: BigInt(/-chat-events-(\d{20})-/.exec(name)![1]!) }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .map((f) => join(folder, f.name));
}

interface StreamLine extends RawLine {
  file: string;
}

function stream(files: string[]): StreamLine[] {
  return files.flatMap((file) => rawJsonLines(file).map((l) => ({ ...l, file })));
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('codetether adapter: rotated files', () => {
  it('orders files by start byte offset, not by name or stamp', () => {
    const files = byStartOffset(FOLDER);
    const byName = readdirSync(FOLDER).sort().map((n) => join(FOLDER, n));
    expect(byName).not.toEqual(files);
    expect(orderRotated([...byName].reverse())).toEqual(files);
  });

  it('compares 20-digit offsets beyond 2^53 exactly', () => {
    const a = '/s/20270101T000000Z-chat-events-09007199254740993-09007199254741000.jsonl';
    const b = '/s/20270101T000000Z-chat-events-09007199254740992-09007199254740993.jsonl';
    expect(orderRotated([a, b])).toEqual([b, a]);
  });

  it('detects chat events by content (a broken first line included) and plans one unit per session folder', async () => {
    for (const file of byStartOffset(FOLDER)) expect(codetetherAdapter.detect(probeFile(file))).toBe(true);
    const { units, rejected } = await collectEvents(codetetherAdapter, [FIXTURES]);
    expect(rejected).toEqual([]);
    expect(units.map((u) => u.files)).toEqual([byStartOffset(FOLDER), [join(LOOSE, 'events.jsonl')]]);
  });
});

describe('codetether adapter: one session over three files', async () => {
  const files = byStartOffset(FOLDER);
  const lines = stream(files);
  const { events, warnings } = await collectEvents(codetetherAdapter, [FOLDER]);
  const results = ofType(events, 'tool.result');
  const rawResults = lines.filter((l) => l.value.message_type === 'tool_result');

  it('reads the files as one stream in offset order', () => {
    const order = events.filter((e) => e.type !== 'session.start').map((e) => files.indexOf(e.source!.file));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order)).toEqual(new Set([0, 1, 2]));
  });

  it('warns about the broken line with file and line, and converts what follows', () => {
    expect(warnings).toEqual([{ code: 'invalid_json', file: files[2], line: 1, message: expect.any(String) }]);
    expect(events.some((e) => e.source?.file === files[2] && e.source?.line === 3)).toBe(true);
  });

  it('gives tool results ids by their order, with the recorded duration and success', () => {
    expect(results.map((r) => r.callId)).toEqual(rawResults.map((_, i) => `#${i}`));
    expect(results.map((r) => r.name)).toEqual(rawResults.map((l) => l.value.tool_name));
    expect(results.map((r) => r.durationMs)).toEqual(rawResults.map((l) => l.value.tool_duration_ms));
    // tool_success when present, else the seed's own rule: content starting with "Error:" failed.
    expect(results.map((r) => r.success)).toEqual(
      rawResults.map((l) => (l.value.tool_success as boolean | undefined) ?? !str(l.value.content)!.startsWith('Error:')),
    );
    expect(results.filter((r) => !r.success).map((r) => r.errorType)).toEqual(['tool_error', 'tool_error']);
    expect(ofType(events, 'tool.call')).toEqual([]);
  });

  it('keeps the original size of truncated content', () => {
    const raw = rawResults.find((l) => str(l.value.content)!.includes('...[truncated'))!;
    const size = Number(/\[truncated (\d+) bytes\]$/.exec(str(raw.value.content)!)![1]);
    const result = results.find((r) => r.source?.line === raw.line && r.source.file === raw.file);
    expect(result?.output).toEqual({ text: raw.value.content, truncated: true, originalBytes: size });
  });

  it('starts the session at the start of its first tool, with agent name, workspace and OKR', () => {
    const start = events[0];
    expect(start?.type).toBe('session.start');
    if (start?.type !== 'session.start') return;
    const first = lines[0]!.value;
    const earliest = Math.min(...lines.filter((l) => str(l.value.recorded_at)).map((l) => isoMs(str(l.value.recorded_at)!) - num(l.value.tool_duration_ms)));
    expect(start.time).toBeCloseTo(earliest, 3);
    expect(start.meta).toMatchObject({
      agent: 'codetether',
      agentName: lines.find((l) => str(l.value.agent_name))!.value.agent_name,
      cwd: first.workspace,
    });
    expect(start.meta.attributes).toBeUndefined(); // the first record has no OKR fields
  });

  it('maps messages, handoff, error, session notes, and keeps unknown kinds', () => {
    expect(ofType(events, 'message').map((m) => [m.role, m.content])).toEqual(
      lines.filter((l) => ['user', 'assistant'].includes(str(l.value.message_type)!)).map((l) => [l.value.role, l.value.content]),
    );
    expect(ofType(events, 'handoff')).toEqual([expect.objectContaining({ from: 'planner', content: 'handing over to reviewer' })]);
    expect(ofType(events, 'error')).toEqual([expect.objectContaining({ message: 'provider timeout' })]);
    expect(ofType(events, 'lifecycle')).toEqual([expect.objectContaining({ name: 'session', message: 'session saved' })]);
    expect(ofType(events, 'unknown')).toEqual([expect.objectContaining({ kind: 'metrics', data: expect.objectContaining({ content: 'cpu=3%' }) })]);
  });

  it('gives a record without recorded_at the previous time, flagged inexact', () => {
    const error = ofType(events, 'error')[0]!;
    const i = lines.findIndex((l) => l.file === error.source?.file && l.line === error.source.line);
    expect(lines[i]!.value.recorded_at).toBeUndefined();
    expect(error.timeExact).toBe(false);
    expect(error.time).toBeCloseTo(isoMs(str(lines[i - 1]!.value.recorded_at)!), 3);
  });

  it('records OKR context and agent name changes as state changes', () => {
    const changes = ofType(events, 'state.change').map((c) => [c.key, c.value]);
    expect(changes).toEqual([
      ['okr', { okr_id: 'okr-7', okr_run_id: 'run-a', relay_id: null }],
      ['okr', { okr_id: 'okr-7', okr_run_id: 'run-b', relay_id: 'relay-1' }],
      ['agent_name', 'reviewer'],
    ]);
    expect(ofType(events, 'session.end')).toEqual([]);
  });
});

describe('codetether adapter: edge cases', () => {
  it('reads a file whose name does not follow the rotation pattern', async () => {
    const { events } = await collectEvents(codetetherAdapter, [LOOSE]);
    expect(events.map((e) => e.type)).toEqual(['session.start', 'tool.result']);
    expect(ofType(events, 'tool.result')[0]).toMatchObject({ callId: '#0', name: 'grep', durationMs: 300, success: true });
  });

  it('skips a first record without any time, with a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codetether-'));
    temps.push(dir);
    const file = join(dir, '20270101T000000Z-chat-events-00000000000000000000-00000000000000000100.jsonl');
    const timed = { recorded_at: '2027-01-01T00:00:05Z', session_id: 's', role: 'user', message_type: 'user', content: 'hi', sequence: 1 };
    writeFileSync(file, `${JSON.stringify({ session_id: 's', role: 'user', message_type: 'user', sequence: 0 })}\n${JSON.stringify(timed)}\n`);
    const { events, warnings } = await collectEvents(codetetherAdapter, [dir]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'missing_time', file, line: 1 })]);
    expect(events.map((e) => [e.type, e.time])).toEqual([
      ['session.start', Date.parse('2027-01-01T00:00:05Z')],
      ['message', Date.parse('2027-01-01T00:00:05Z')],
    ]);
  });
});

describeWithFixture('codetether adapter: the shared seed-format samples', 'seed-formats', async (root) => {
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<
    string,
    { tool_calls: { order: number; name: string; success: boolean; duration_ms: number }[] }
  >;
  const { events, warnings } = await collectEvents(codetetherAdapter, [join(root, 'codetether')]);
  const keys = Object.keys(expected).filter((k) => k.startsWith('codetether/'));

  it('converts every sample without warnings', () => {
    expect(warnings).toEqual([]);
    expect(new Set(ofType(events, 'session.start').map((s) => `codetether/${s.sessionId}`))).toEqual(new Set(keys));
  });

  it.each(keys)('%s reproduces expected.json, computed again from the raw lines', (key) => {
    const id = key.slice('codetether/'.length);
    const raw = stream(byStartOffset(join(root, 'codetether', id))).filter((l) => l.value.message_type === 'tool_result');
    const results = ofType(events, 'tool.result').filter((r) => r.sessionId === id);
    const want = expected[key]!.tool_calls;
    expect(results).toHaveLength(want.length);
    expect(raw).toHaveLength(want.length);
    for (const t of want) {
      const r = results[t.order]!;
      expect(r.callId).toBe(`#${t.order}`);
      expect(r.name).toBe(t.name);
      expect(r.success).toBe(t.success);
      expect(Math.abs(r.durationMs! - t.duration_ms)).toBeLessThan(1);
      const line = raw[t.order]!.value;
      expect(line.tool_name).toBe(t.name);
      expect(line.tool_success).toBe(t.success);
      expect(Math.abs(num(line.tool_duration_ms) - t.duration_ms)).toBeLessThan(1);
      expect(r.time).toBeCloseTo(isoMs(str(line.recorded_at)!), 3);
    }
  });
});
