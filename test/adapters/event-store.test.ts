import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventStoreAdapter } from '../../src/adapters/event-store/index.js';
import { readTokens } from '../../src/adapters/event-store/usage.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';
import { isoDiffMs, isoMs, num, rawJsonLines, str, type RawLine } from '../support/expectations/raw-lines.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = resolve(here, '../fixtures/event-store/events.jsonl');

type Kind = Record<string, unknown> & { type: string };
const kindOf = (l: RawLine): Kind => l.value.kind as Kind;

interface RawTool {
  session: string;
  order: number;
  id: string;
  name: string;
  call?: RawLine;
  result?: RawLine;
}

/** Tool calls and results paired the way the test reads the format: per session, first in first out per tool name. */
function rawTools(lines: RawLine[]): RawTool[] {
  const tools: RawTool[] = [];
  const counts = new Map<string, number>();
  const next = (session: string, name: string): string => {
    const key = `${session}\u0000${name}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return `${name}#${n}`;
  };
  for (const l of lines) {
    const k = kindOf(l);
    const session = str(l.value.session_key)!;
    const name = str(k.tool_name)!;
    if (k.type === 'tool_called') {
      tools.push({ session, order: tools.filter((t) => t.session === session).length, id: next(session, name), name, call: l });
    } else if (k.type === 'tool_result') {
      const open = tools.find((t) => t.session === session && t.name === name && t.call && !t.result);
      if (open) open.result = l;
      else tools.push({ session, order: tools.filter((t) => t.session === session).length, id: next(session, name), name, result: l });
    }
  }
  return tools;
}

function hex(bytes: unknown): string {
  return (bytes as number[]).map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('event-store adapter: interleaved sessions', async () => {
  const lines = rawJsonLines(FILE);
  const { events, warnings } = await collectEvents(eventStoreAdapter, [FILE]);
  const keys = [...new Set(lines.map((l) => str(l.value.session_key)!))];

  it('detects the format by content', async () => {
    expect(eventStoreAdapter.detect(probeFile(FILE))).toBe(true);
  });

  it('warns about the broken line with file and line and converts the rest', () => {
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid_json', file: FILE, line: 9 })]);
    expect(events.filter((e) => (e.source?.line ?? 0) > 9).length).toBeGreaterThan(5);
  });

  it('makes every session_key a session of its own that starts first', () => {
    const starts = ofType(events, 'session.start');
    expect(starts.map((s) => s.sessionId)).toEqual(keys);
    for (const key of keys) {
      const mine = events.filter((e) => e.sessionId === key);
      expect(mine[0]?.type).toBe('session.start');
      const first = lines.find((l) => l.value.session_key === key)!;
      expect(mine[0]?.time).toBeCloseTo(isoMs(str(first.value.timestamp)!), 3);
    }
    const k1 = starts[0]!;
    expect(k1.meta).toEqual({
      agent: 'event-store',
      agentName: 'helper',
      attributes: { 'event_store.channel': 'slack', 'event_store.peer_id': 'c42' },
    });
    // A session whose first record is not session_started still starts, with its agent.
    expect(starts[2]?.meta).toEqual({ agent: 'event-store', agentName: 'ops' });
  });

  it('pairs tool calls and results in order per tool name within each session', () => {
    const raw = rawTools(lines);
    const calls = ofType(events, 'tool.call');
    const results = ofType(events, 'tool.result');
    expect(calls.map((c) => [c.sessionId, c.callId])).toEqual(raw.filter((t) => t.call).map((t) => [t.session, t.id]));
    for (const t of raw) {
      const result = results.find((r) => r.sessionId === t.session && r.callId === t.id)!;
      expect(result.success).toBe(kindOf(t.result!).success);
      if (t.call) {
        const call = calls.find((c) => c.sessionId === t.session && c.callId === t.id)!;
        const duration = isoDiffMs(str(t.call.value.timestamp)!, str(t.result!.value.timestamp)!);
        expect(Math.abs(result.time - call.time - duration)).toBeLessThan(1e-3);
      }
    }
    // Both sessions call `search`; each numbers its own calls.
    expect(calls.filter((c) => c.callId === 'search#0')).toHaveLength(2);
    // A result with no call record: an id of its own, and no call event.
    expect(results.find((r) => r.name === 'fetch')).toMatchObject({ callId: 'fetch#0', success: false, errorType: 'tool_error', error: 'timeout' });
    expect(results.find((r) => r.success === false && r.name === 'search')?.error).toBe('index offline');
  });

  it('turns agent_response into model.call with tokens in any usual spelling', () => {
    const responses = lines.filter((l) => kindOf(l).type === 'agent_response');
    const calls = ofType(events, 'model.call');
    expect(calls.map((c) => c.responseId)).toEqual(responses.map((l) => hex(l.value.id)));
    expect(calls.map((c) => c.requestModel)).toEqual(responses.map((l) => kindOf(l).model));
    const tokens = responses.map((l) => kindOf(l).tokens as Record<string, unknown>);
    expect(calls.map((c) => c.usage?.input)).toEqual(tokens.map((t) => num(t.prompt_tokens ?? t.input_tokens)));
    expect(calls.map((c) => c.usage?.output)).toEqual(tokens.map((t) => num(t.completion_tokens ?? t.output_tokens)));
    expect(calls[1]?.usage).toMatchObject({ cacheRead: 3000, cacheCreation: 150, inputIncludesCache: false });
    expect(calls[0]?.usage?.inputIncludesCache).toBe(true);
  });

  it('gives a record without timestamp the previous line time, flagged inexact', () => {
    const call = ofType(events, 'model.call')[0]!;
    const raw = lines.find((l) => l.line === call.source?.line)!;
    expect(raw.value.timestamp).toBeUndefined();
    const previous = lines[lines.indexOf(raw) - 1]!;
    expect(call.timeExact).toBe(false);
    expect(call.time).toBeCloseTo(isoMs(str(previous.value.timestamp)!), 3);
  });

  it('maps messages, state changes, session ends, and keeps unknown kinds', () => {
    const messages = ofType(events, 'message');
    const rawMessages = lines.filter((l) => ['message_received', 'message_sent'].includes(kindOf(l).type));
    expect(messages.map((m) => [m.sessionId, m.role, m.content])).toEqual(
      rawMessages.map((l) => [l.value.session_key, kindOf(l).type === 'message_received' ? 'user' : 'assistant', kindOf(l).content]),
    );
    const sent = messages.find((m) => m.role === 'assistant')!;
    expect(sent.messageId).toBe('m-1');
    expect(sent.responseId).toBe(ofType(events, 'model.call')[0]?.responseId);
    expect(ofType(events, 'lifecycle')).toEqual([expect.objectContaining({ name: 'attachments', data: [expect.objectContaining({ size: 2048 })] })]);
    expect(ofType(events, 'state.change')).toEqual([expect.objectContaining({ key: 'topic', value: 'ci' })]);
    expect(ofType(events, 'unknown')).toEqual([expect.objectContaining({ kind: 'reaction_added', data: expect.objectContaining({ emoji: 'thumbsup' }) })]);
    expect(ofType(events, 'session.end').map((e) => [e.sessionId, e.outcome, e.reason])).toEqual([
      [keys[0], 'ok', 'user ended'],
      [keys[1], 'error', 'error: provider crashed'],
    ]);
  });
});

describe('event-store adapter: token spellings', () => {
  it.each([
    [{ input_tokens: 10, output_tokens: 2, total_tokens: 12 }, { input: 10, output: 2, total: 12, inputIncludesCache: true }],
    [{ prompt_tokens: 7, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 5 } }, { input: 7, output: 3, cacheRead: 5, inputIncludesCache: true }],
    [{ input: 4, output: 1 }, { input: 4, output: 1, inputIncludesCache: true }],
    [{ inputTokens: 8, outputTokens: 6 }, { input: 8, output: 6, inputIncludesCache: true }],
    [{ input_tokens: 1, output_tokens: 1, cache_read_input_tokens: 9, cache_creation_input_tokens: 2 }, { input: 1, output: 1, cacheRead: 9, cacheCreation: 2, inputIncludesCache: false }],
    [{ note: 'none' }, undefined],
  ])('%j', (tokens, expected) => {
    expect(readTokens(tokens)).toEqual(expected);
  });
});

describeWithFixture('event-store adapter: the shared seed-format sample', 'seed-formats', async (root) => {
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<
    string,
    { tool_calls: { order: number; name: string; success: boolean; duration_ms: number }[]; tokens: { input: number; output: number } }
  >;
  const file = join(root, 'event-store', 'events.jsonl');
  const lines = rawJsonLines(file);
  const { events, warnings } = await collectEvents(eventStoreAdapter, [file]);
  const keys = Object.keys(expected).filter((k) => k.startsWith('event-store/'));

  it('converts the sample without warnings', () => {
    expect(warnings).toEqual([]);
    expect(new Set(ofType(events, 'session.start').map((s) => `event-store/${s.sessionId}`))).toEqual(new Set(keys));
  });

  it.each(keys)('%s reproduces expected.json, computed again from the raw lines', (key) => {
    const id = key.slice('event-store/'.length);
    const want = expected[key]!;
    const raw = rawTools(lines).filter((t) => t.session === id);
    const calls = ofType(events, 'tool.call').filter((c) => c.sessionId === id);
    const results = ofType(events, 'tool.result').filter((r) => r.sessionId === id);
    expect(calls).toHaveLength(want.tool_calls.length);
    for (const t of want.tool_calls) {
      const call = calls[t.order]!;
      const result = results.find((r) => r.callId === call.callId)!;
      expect(call.name).toBe(t.name);
      expect(result.success).toBe(t.success);
      expect(Math.abs(result.time - call.time - t.duration_ms)).toBeLessThan(1);
      const r = raw[t.order]!;
      expect(r.name).toBe(t.name);
      expect(Math.abs(isoDiffMs(str(r.call!.value.timestamp)!, str(r.result!.value.timestamp)!) - t.duration_ms)).toBeLessThan(1);
    }
    const models = ofType(events, 'model.call').filter((m) => m.sessionId === id);
    const got = { input: models.reduce((s, m) => s + (m.usage?.input ?? 0), 0), output: models.reduce((s, m) => s + (m.usage?.output ?? 0), 0) };
    const rawTokens = lines
      .filter((l) => l.value.session_key === id && kindOf(l).type === 'agent_response')
      .map((l) => kindOf(l).tokens as Record<string, unknown>);
    const fromRaw = { input: rawTokens.reduce((s, t) => s + num(t.input_tokens), 0), output: rawTokens.reduce((s, t) => s + num(t.output_tokens), 0) };
    expect(got).toEqual(want.tokens);
    expect(fromRaw).toEqual(want.tokens);
  });
});
