import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kaizenAdapter } from '../../src/adapters/kaizen/index.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';
import { num, rawJsonLines, str, type RawLine } from '../support/expectations/raw-lines.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../fixtures/kaizen');
const SESSION = 'd4c3b2a1-1111-4aaa-8bbb-0123456789ab';
const FOLDER = join(FIXTURES, SESSION);
const EVENTS = join(FOLDER, 'events.jsonl');
const RECORD = join(FOLDER, 'session.json');

type Tokens = { input: number; output: number; cache_read: number; cache_creation: number };

/** Token totals straight from the raw Message lines: the format's own fields, cache apart. */
function rawTokens(lines: RawLine[]): Tokens {
  const messages = lines.filter((l) => l.value.kind === 'Message').map((l) => l.value);
  return {
    input: messages.reduce((s, v) => s + num(v.tokens_in), 0),
    output: messages.reduce((s, v) => s + num(v.tokens_out), 0),
    cache_read: messages.reduce((s, v) => s + num(v.cache_read_tokens), 0),
    cache_creation: messages.reduce((s, v) => s + num(v.cache_creation_tokens), 0),
  };
}

/** Raw tool pairs by tool_call_id, with the duration as result ts_ms minus call ts_ms and as latency_ms. */
function rawTools(lines: RawLine[]): { id: string; name: string; ok: unknown; diff: number; latency: number }[] {
  const calls = lines.filter((l) => l.value.kind === 'ToolCall' && str(l.value.tool_call_id));
  return calls.map((c) => {
    const r = lines.find((l) => l.value.kind === 'ToolResult' && l.value.tool_call_id === c.value.tool_call_id)!.value;
    const payload = r.payload as Record<string, unknown>;
    return {
      id: str(c.value.tool_call_id)!,
      name: str(c.value.tool)!,
      ok: payload.ok,
      diff: num(r.ts_ms) - num(c.value.ts_ms),
      latency: num(r.latency_ms),
    };
  });
}

describe('kaizen adapter: detection and planning', () => {
  it('claims events.jsonl and session.json by content and groups them per folder', async () => {
    expect(kaizenAdapter.detect(probeFile(EVENTS))).toBe(true);
    expect(kaizenAdapter.detect(probeFile(RECORD))).toBe(true);
    const { units, rejected } = await collectEvents(kaizenAdapter, [FIXTURES]);
    expect(rejected).toEqual([]);
    // The session folders (named after their session): where each events.jsonl is.
    const folders = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('events.jsonl')).map((f) => basename(dirname(join(FIXTURES, f))));
    expect(units[0]).toEqual({ format: 'kaizen', label: FOLDER, files: [EVENTS, RECORD], hints: { sessionRecord: RECORD, sessions: folders } });
    expect(units).toHaveLength(2);
  });
});

describe('kaizen adapter: a session with its record', async () => {
  const lines = rawJsonLines(EVENTS);
  const record = JSON.parse(readFileSync(RECORD, 'utf8')) as Record<string, unknown>;
  const { events, warnings } = await collectEvents(kaizenAdapter, [FOLDER]);

  it('starts with the session record: agent as service, git, os, arch, parent', () => {
    const start = events[0];
    expect(start?.type).toBe('session.start');
    if (start?.type !== 'session.start') return;
    expect(start.time).toBe(record.started_at_ms);
    expect(start.meta).toMatchObject({
      agent: record.agent,
      agentVersion: record.agent_version,
      model: record.model,
      cwd: record.workspace,
      os: record.os,
      arch: record.arch,
      git: { branch: record.branch, commit: record.start_commit, endCommit: record.end_commit, dirty: record.dirty_start },
      // The parent's folder is not among the inputs: the subagent gets a trace of its own.
      parent: { sessionId: record.parent_session_id, missing: true },
    });
    expect(readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).some((f) => f.includes(String(record.parent_session_id)))).toBe(false);
    expect(start.meta.attributes).toMatchObject({ 'kaizen.status': 'Done', 'kaizen.dirty_end': false, 'kaizen.repo_total_loc': 9000 });
  });

  it('ends at ended_at_ms because the record says Done', () => {
    expect(events.at(-1)).toMatchObject({ type: 'session.end', outcome: 'ok', time: record.ended_at_ms });
  });

  it('warns about the broken line with file and line and converts the rest', () => {
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid_json', file: EVENTS, line: 10 })]);
    expect(events.some((e) => (e.source?.line ?? 0) > 10)).toBe(true);
  });

  it('emits events in seq order', () => {
    const seqs = events.filter((e) => e.source?.file === EVENTS).map((e) => num(lines.find((l) => l.line === e.source!.line)!.value.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('pairs ToolCall and ToolResult by tool_call_id with success from the payload', () => {
    const calls = ofType(events, 'tool.call');
    const results = ofType(events, 'tool.result');
    const raw = rawTools(lines);
    for (const t of raw) {
      const call = calls.find((c) => c.callId === t.id)!;
      const result = results.find((r) => r.callId === t.id)!;
      expect(call.name).toBe(t.name);
      expect(result.success).toBe(t.ok);
      expect(result.durationMs).toBe(t.latency);
      expect(result.time - call.time).toBe(t.diff);
    }
    expect(results.find((r) => r.callId === 'call_b')).toMatchObject({ success: false, errorType: 'tool_error', error: '1 failing', exitCode: 1 });
    expect(ofType(events, 'error')).toEqual([expect.objectContaining({ message: 'tool failed', callId: 'call_b' })]);
  });

  it('gives a call without tool_call_id a stable id its result shares', () => {
    const call = ofType(events, 'tool.call').find((c) => c.name === 'grep');
    const result = ofType(events, 'tool.result').find((r) => r.name === 'grep');
    expect(call?.callId).toBe('grep#0');
    expect(result).toMatchObject({ callId: 'grep#0', success: true, durationMs: 750 });
  });

  it('turns each Message with tokens into one model.call, input including cache', () => {
    const calls = ofType(events, 'model.call');
    const withTokens = lines.filter((l) => l.value.kind === 'Message' && typeof l.value.tokens_in === 'number');
    expect(calls).toHaveLength(withTokens.length);
    const got: Tokens = {
      input: calls.reduce((s, c) => s + (c.usage?.input ?? 0), 0),
      output: calls.reduce((s, c) => s + (c.usage?.output ?? 0), 0),
      cache_read: calls.reduce((s, c) => s + (c.usage?.cacheRead ?? 0), 0),
      cache_creation: calls.reduce((s, c) => s + (c.usage?.cacheCreation ?? 0), 0),
    };
    expect(got).toEqual(rawTokens(lines));
    expect(calls.every((c) => c.usage?.inputIncludesCache === true)).toBe(true);
    const first = withTokens[0]!.value;
    expect(calls[0]).toMatchObject({
      requestModel: record.model,
      latencyMs: first.latency_ms,
      timeToFirstTokenMs: first.ttft_ms,
      retries: first.retry_count,
      contextUsed: first.context_used_tokens,
      contextMax: first.context_max_tokens,
      finishReasons: [first.stop_reason],
      usage: { reasoning: first.reasoning_tokens },
    });
  });

  it('folds the Cost right after a Message into that call, so its chat span carries it', () => {
    const bySeq = [...lines].sort((x, y) => num(x.value.seq) - num(y.value.seq));
    const isCall = (v: RawLine['value']) => v.kind === 'Message' && [v.tokens_in, v.tokens_out, v.latency_ms, v.ttft_ms].some((n) => typeof n === 'number');
    const folded = bySeq
      .map((l, i) => [bySeq[i - 1]?.value, l.value] as const)
      .filter(([before, l]) => l.kind === 'Cost' && before !== undefined && isCall(before) && num(l.seq) === num(before.seq) + 1);
    expect(folded.length).toBeGreaterThan(0);
    const calls = ofType(events, 'model.call');
    for (const [message, cost] of folded) {
      const call = calls.find((c) => c.source?.line !== undefined && lines[c.source.line - 1]?.value.seq === message?.seq);
      expect(call?.costUsd).toBe(num(cost.cost_usd_e6) / 1e6);
    }
    const rest = lines.filter((l) => l.value.kind === 'Cost' && !folded.some(([, c]) => c === l.value));
    expect(ofType(events, 'cost').map((c) => c.costUsd)).toEqual(rest.map((l) => num(l.value.cost_usd_e6) / 1e6));
  });

  it('keeps user messages without tokens as messages only, linked assistant text to its call', () => {
    const messages = ofType(events, 'message');
    expect(messages.map((m) => [m.role, m.content])).toEqual(
      lines
        .filter((l) => l.value.kind === 'Message')
        .map((l) => {
          const p = l.value.payload as Record<string, unknown>;
          return [p.role, p.text];
        }),
    );
    const calls = ofType(events, 'model.call');
    expect(messages.filter((m) => m.role === 'assistant').map((m) => m.responseId)).toEqual(calls.map((c) => c.responseId));
  });

  it('gives an event without ts_ms the previous time, and honours ts_exact false', () => {
    const late = ofType(events, 'model.call')[1]!;
    const raw = lines.find((l) => l.line === late.source?.line)!;
    expect(raw.value.ts_ms).toBeNull();
    const before = lines[lines.indexOf(raw) - 1]!.value;
    expect(late).toMatchObject({ time: before.ts_ms, timeExact: false });
    const stop = ofType(events, 'lifecycle').find((l) => l.name === 'stop');
    expect(stop?.timeExact).toBe(false);
    expect(ofType(events, 'lifecycle').find((l) => l.name === 'mode_transition')?.timeExact).toBeUndefined();
  });

  it('keeps an unknown kind', () => {
    expect(ofType(events, 'unknown')).toEqual([expect.objectContaining({ kind: 'Snapshot' })]);
  });
});

describe('kaizen adapter: events without a session record', () => {
  it('uses kaizen as the agent and the first event as the start, with no end', async () => {
    const folder = join(FIXTURES, 'no-record');
    const { events, warnings } = await collectEvents(kaizenAdapter, [folder]);
    const raw = rawJsonLines(join(folder, readdirSync(folder)[0]!, 'events.jsonl'))[0]!.value;
    expect(warnings).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['session.start', 'tool.result']);
    expect(events[0]).toMatchObject({ sessionId: raw.session_id, time: raw.ts_ms, meta: { agent: 'kaizen' } });
    expect(events[1]).toMatchObject({ callId: raw.tool_call_id, durationMs: raw.latency_ms });
  });
});

describeWithFixture('kaizen adapter: the shared seed-format samples', 'seed-formats', async (root) => {
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<
    string,
    { tool_calls: { id: string; name: string; success: boolean; duration_ms: number }[]; tokens: Tokens }
  >;
  const { events, warnings } = await collectEvents(kaizenAdapter, [join(root, 'kaizen')]);
  const keys = Object.keys(expected).filter((k) => k.startsWith('kaizen/'));

  it('converts every sample without warnings', () => {
    expect(warnings).toEqual([]);
    expect(new Set(ofType(events, 'session.start').map((s) => `kaizen/${s.sessionId}`))).toEqual(new Set(keys));
  });

  it.each(keys)('%s reproduces expected.json, computed again from the raw lines', (key) => {
    const id = key.slice('kaizen/'.length);
    const want = expected[key]!;
    const lines = rawJsonLines(join(root, 'kaizen', id, 'events.jsonl'));
    const mine = events.filter((e) => e.sessionId === id);
    const calls = ofType(mine, 'tool.call');
    const results = ofType(mine, 'tool.result');
    const raw = rawTools(lines);
    expect(calls.map((c) => c.callId)).toEqual(want.tool_calls.map((t) => t.id));
    expect(raw.map((t) => t.id)).toEqual(want.tool_calls.map((t) => t.id));
    for (const [i, t] of want.tool_calls.entries()) {
      const result = results.find((r) => r.callId === t.id)!;
      expect(calls[i]!.name).toBe(t.name);
      expect(result.success).toBe(t.success);
      expect(Math.abs(result.durationMs! - t.duration_ms)).toBeLessThan(1);
      expect(Math.abs(result.time - calls[i]!.time - t.duration_ms)).toBeLessThan(1);
      expect(Math.abs(raw[i]!.diff - t.duration_ms)).toBeLessThan(1);
      expect(Math.abs(raw[i]!.latency - t.duration_ms)).toBeLessThan(1);
    }
    const models = ofType(mine, 'model.call');
    const got: Tokens = {
      input: models.reduce((s, c) => s + (c.usage?.input ?? 0), 0),
      output: models.reduce((s, c) => s + (c.usage?.output ?? 0), 0),
      cache_read: models.reduce((s, c) => s + (c.usage?.cacheRead ?? 0), 0),
      cache_creation: models.reduce((s, c) => s + (c.usage?.cacheCreation ?? 0), 0),
    };
    expect(got).toEqual(want.tokens);
    expect(rawTokens(lines)).toEqual(want.tokens);
  });
});
