import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexAdapter } from '../../src/adapters/codex/index.js';
import type { AgentEvent } from '../../src/model/events.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';
import { str } from '../support/expectations/raw-lines.js';
import {
  brokenLines,
  isEvent,
  isItem,
  itemType,
  obj,
  outputFacts,
  rawCalls,
  rawOutputs,
  rawRecords,
  rawUsage,
  tsMs,
  type RawRecord,
} from '../support/expectations/codex-raw.js';

const fixtures = join(import.meta.dirname, '../fixtures/codex');
const only = (dir: string): string => {
  const names = readdirSync(join(fixtures, dir)).filter((n) => n.endsWith('.jsonl'));
  if (names.length !== 1 || !names[0]) throw new Error(`expected one rollout in ${dir}`);
  return join(fixtures, dir, names[0]);
};
const v047 = only('v0.47');
const v0104 = only('v0.104');
const preEnvelope = only('pre-envelope');
const noMeta = only('no-session-meta');
const subagents = join(fixtures, 'subagents');
const parentFile = join(subagents, readdirSync(subagents).find((n) => n.includes('a001')) ?? '');
const childFile = join(subagents, readdirSync(subagents).find((n) => n.includes('c001')) ?? '');

const read = async (paths: string[]) => collectEvents(codexAdapter, paths);
const lifecycles = (events: AgentEvent[], name: string) => ofType(events, 'lifecycle').filter((e) => e.name === name);
const metaOf = (records: RawRecord[]) => records.find((r) => r.kind === 'session_meta' || r.kind === 'header')?.p ?? {};

/** The model of the latest turn_context before each line. */
function modelAt(records: RawRecord[], line: number): string | undefined {
  let model: string | undefined;
  for (const r of records) {
    if (r.line >= line) break;
    if (r.kind === 'turn_context') model = str(r.p.model) ?? model;
  }
  return model;
}

describe('codex adapter: detect', () => {
  it.each([
    ['v0.47 envelope rollout', v047],
    ['v0.104 envelope rollout', v0104],
    ['pre-envelope rollout', preEnvelope],
    ['rollout without session_meta', noMeta],
    ['sub-agent rollout', childFile],
  ])('claims a %s', async (_name, file) => {
    expect(codexAdapter.detect(probeFile(file))).toBe(true);
  });

  it.each([
    ['a Claude Code line', [{ type: 'user', message: { role: 'user', content: 'hi' }, sessionId: 's', timestamp: '2025-01-01T00:00:00Z' }]],
    ['a generic event line', [{ type: 'session.start', data: { id: 'x' } }]],
    ['an event with an unknown envelope type only', [{ timestamp: '2025-01-01T00:00:00Z', type: 'progress', payload: {} }]],
    ['a header without a Codex field', [{ id: 'x', timestamp: '2025-01-01T00:00:00Z' }]],
    ['nothing parseable', [undefined]],
  ])('refuses %s', (_name, lines) => {
    expect(codexAdapter.detect({ path: '/tmp/x.jsonl', head: '', lines })).toBe(false);
  });
});

describe('codex adapter: v0.47 shape (call, output and usage share one timestamp)', async () => {
  const records = rawRecords(v047);
  const { events, warnings } = await read([v047]);

  it('starts with session.start carrying session_meta and the first turn_context model', () => {
    const meta = metaOf(records);
    const start = events[0];
    expect(start?.type).toBe('session.start');
    if (start?.type !== 'session.start') return;
    expect(start.sessionId).toBe(meta.id);
    expect(start.time).toBe(tsMs(records[0]?.ts));
    expect(start.meta).toMatchObject({ agent: 'codex', provider: 'openai', agentVersion: meta.cli_version, cwd: meta.cwd });
    expect(start.meta.model).toBe(str(records.find((r) => r.kind === 'turn_context')?.p.model));
    expect(start.meta.attributes?.['codex.originator']).toBe(meta.originator);
    expect(ofType(events, 'session.start')).toHaveLength(1);
  });

  it('pairs every call with its output; success and duration from the output metadata', () => {
    const calls = rawCalls(records);
    const outputs = rawOutputs(records);
    expect(ofType(events, 'tool.call').map((c) => [c.callId, c.name])).toEqual(calls.map((c) => [c.callId, c.name]));
    const results = ofType(events, 'tool.result');
    expect(results.map((r) => r.callId)).toEqual(outputs.map((o) => o.callId));
    for (const out of outputs) {
      const result = results.find((r) => r.callId === out.callId);
      const call = calls.find((c) => c.callId === out.callId);
      const facts = outputFacts(out.output);
      const failedText = facts.exitCode === undefined && /failed/i.test(facts.text.split('\n')[0] ?? '');
      expect(result?.success, out.callId).toBe(facts.exitCode !== undefined ? facts.exitCode === 0 : !failedText);
      expect(result?.exitCode).toBe(facts.exitCode);
      if (facts.exitCode !== undefined && facts.exitCode !== 0) expect(result?.errorType).toBe('exit_code');
      // Same timestamp for call and output: the recorded duration is the only duration there is.
      expect(call?.ts).toBe(out.ts);
      expect(result?.durationMs).toBe(facts.seconds !== undefined ? facts.seconds * 1000 : undefined);
    }
    expect(results.some((r) => !r.success && r.errorType === 'exit_code')).toBe(true);
    expect(results.some((r) => !r.success && r.errorType === 'tool_error')).toBe(true);
  });

  it('counts each response once although token_count repeats', () => {
    const expected = rawUsage(records);
    const calls = ofType(events, 'model.call');
    const repeated = records.filter((r) => isEvent(r, 'token_count')).length;
    expect(repeated).toBeGreaterThan(expected.responses);
    expect(calls).toHaveLength(expected.responses);
    const sum = (f: 'input' | 'output' | 'cacheRead' | 'reasoning') => calls.reduce((a, c) => a + (c.usage?.[f] ?? 0), 0);
    expect([sum('input'), sum('output'), sum('cacheRead'), sum('reasoning')]).toEqual([
      expected.input,
      expected.output,
      expected.cacheRead,
      expected.reasoning,
    ]);
    expect(sum('input')).toBe(expected.finalTotal?.input_tokens);
    expect(calls.every((c) => c.usage?.inputIncludesCache === true && c.provider === 'openai')).toBe(true);
    for (const c of calls) {
      expect(c.requestModel).toBe(modelAt(records, c.source?.line ?? 0));
      expect(c.startTime).toBeDefined();
      expect(c.startTime ?? Infinity).toBeLessThanOrEqual(c.time);
    }
  });

  it('turns messages and reasoning into events once, not their event_msg copies', () => {
    const messages = records.filter((r) => itemType(r) === 'message');
    expect(ofType(events, 'message').map((m) => [m.role, m.content])).toEqual(
      messages.map((r) => [r.p.role, obj((r.p.content as unknown[])[0]).text]),
    );
    expect(ofType(events, 'reasoning')).toHaveLength(records.filter((r) => itemType(r) === 'reasoning').length);
    const skipped = lifecycles(events, 'codex.skipped_records')[0]?.data as Record<string, number>;
    for (const type of ['user_message', 'agent_message', 'agent_reasoning']) {
      expect(skipped[`event_msg:${type}`], type).toBe(records.filter((r) => isEvent(r, type)).length);
    }
  });

  it('warns about the broken line with file and line, and converts what follows', () => {
    const broken = brokenLines(v047);
    expect(broken).toHaveLength(1);
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid_json', file: v047, line: broken[0] })]);
    const after = records.filter((r) => r.line > (broken[0] ?? 0) && isEvent(r, 'token_count'));
    expect(events.some((e) => e.type === 'model.call' && e.source?.line === after[0]?.line)).toBe(true);
  });

  it('keeps records of unknown kinds, and gives a record without timestamp the previous time', () => {
    const unknown = ofType(events, 'unknown');
    const untimed = records.find((r) => r.ts === undefined);
    const before = [...records].reverse().find((r) => r.line < (untimed?.line ?? 0) && r.ts !== undefined);
    const hologram = unknown.find((u) => u.kind === `event_msg:${str(untimed?.p.type)}`);
    expect(hologram?.time).toBe(tsMs(before?.ts));
    expect(hologram?.timeExact).toBe(false);
    const world = records.find((r) => r.kind === 'world_state');
    expect(unknown.find((u) => u.kind === 'world_state')).toMatchObject({ time: tsMs(world?.ts), data: world?.p });
  });

  it('records no session end (the file does not say the session ended)', () => {
    expect(ofType(events, 'session.end')).toHaveLength(0);
  });
});

describe('codex adapter: v0.104 shape (own timestamps, turn ids, event enrichment)', async () => {
  const records = rawRecords(v0104);
  const { events, warnings } = await read([v0104]);
  const results = ofType(events, 'tool.result');
  const resultOf = (id: string) => results.find((r) => r.callId === id);
  const endOf = (id: string) => records.find((r) => isEvent(r, 'exec_command_end') && r.p.call_id === id);

  it('reads git, provider, version and the base instructions', () => {
    const meta = metaOf(records);
    const git = obj(meta.git);
    const start = ofType(events, 'session.start')[0];
    expect(start?.meta.git).toEqual({ branch: git.branch, commit: git.commit_hash, repository: git.repository_url });
    expect(start?.meta.agentVersion).toBe(meta.cli_version);
    const system = ofType(events, 'message').filter((m) => m.role === 'system');
    expect(system[0]?.content).toBe(obj(meta.base_instructions).text);
    // Developer messages are system messages too.
    expect(system).toHaveLength(1 + records.filter((r) => itemType(r) === 'message' && r.p.role === 'developer').length);
  });

  it('takes the exit code from exec_command_end, and durations from the two timestamps', () => {
    const end = endOf('call_exec01');
    const result = resultOf('call_exec01');
    expect(result).toMatchObject({ success: end?.p.exit_code === 0, exitCode: end?.p.exit_code, errorType: 'exit_code' });
    const call = rawCalls(records).find((c) => c.callId === 'call_exec01');
    const out = rawOutputs(records).find((o) => o.callId === 'call_exec01');
    expect(call?.ts).not.toBe(out?.ts);
    expect(result?.durationMs).toBeUndefined();
    expect((result?.time ?? 0) - (ofType(events, 'tool.call').find((c) => c.callId === 'call_exec01')?.time ?? 0)).toBeCloseTo(
      tsMs(out?.ts) - tsMs(call?.ts),
      6,
    );
  });

  it('reads success from the text header where there is no flag', () => {
    for (const out of rawOutputs(records).filter((o) => !endOf(o.callId) && o.callId !== 'call_mcp01')) {
      const facts = outputFacts(out.output);
      expect(facts.exitCode, out.callId).toBeDefined();
      expect(resultOf(out.callId)).toMatchObject({ success: facts.exitCode === 0, exitCode: facts.exitCode });
    }
  });

  it('keeps arguments that are not JSON as the raw string, with one info note and no warning', () => {
    const raw = records.filter((r) => itemType(r) === 'function_call');
    const invalid = raw.filter((r) => {
      try {
        JSON.parse(str(r.p.arguments) ?? '');
        return false;
      } catch {
        return true;
      }
    });
    expect(invalid.length).toBeGreaterThan(0);
    for (const r of invalid) {
      expect(ofType(events, 'tool.call').find((c) => c.callId === r.p.call_id)?.input).toBe(r.p.arguments);
    }
    const notes = lifecycles(events, 'codex.unparsed_arguments');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ level: 'info', data: { count: invalid.length } });
    expect(warnings).toEqual([]);
  });

  it('names the model of the latest turn_context on each model call, and notes the change', () => {
    const calls = ofType(events, 'model.call');
    expect(calls).toHaveLength(rawUsage(records).responses);
    for (const c of calls) expect(c.requestModel).toBe(modelAt(records, c.source?.line ?? 0));
    const models = [...new Set(records.filter((r) => r.kind === 'turn_context').map((r) => r.p.model))];
    expect(models.length).toBeGreaterThan(1);
    expect(ofType(events, 'state.change').map((s) => [s.key, s.value])).toEqual(models.slice(1).map((m) => ['model', m]));
    expect(calls[0]?.startTime).toBe(tsMs(records.find((r) => r.kind === 'turn_context')?.ts));
  });

  it('pairs local shell calls, web searches and MCP calls', () => {
    const local = records.find((r) => itemType(r) === 'local_shell_call');
    expect(ofType(events, 'tool.call').find((c) => c.callId === local?.p.call_id)).toMatchObject({ name: 'local_shell', kind: 'shell' });
    expect(resultOf(str(local?.p.call_id) ?? '')?.success).toBe(true);
    const search = records.find((r) => itemType(r) === 'web_search_call');
    const searchCall = ofType(events, 'tool.call').find((c) => c.callId === search?.p.id);
    expect(searchCall).toMatchObject({ name: 'web_search', kind: 'web', time: tsMs(search?.ts) });
    expect(resultOf(str(search?.p.id) ?? '')).toMatchObject({ success: search?.p.status === 'completed', time: tsMs(search?.ts) });
    const mcpEnd = records.find((r) => isEvent(r, 'mcp_tool_call_end'));
    expect(resultOf(str(mcpEnd?.p.call_id) ?? '')).toMatchObject({
      success: false,
      errorType: 'tool_error',
      error: obj(mcpEnd?.p.result).Err,
    });
  });

  it('emits one compaction for the compacted record and its context_compacted event', () => {
    const compacted = records.find((r) => r.kind === 'compacted');
    expect(records.some((r) => isEvent(r, 'context_compacted'))).toBe(true);
    const compactions = ofType(events, 'compaction');
    expect(compactions).toHaveLength(1);
    expect(compactions[0]).toMatchObject({ time: tsMs(compacted?.ts), content: compacted?.p.message });
  });

  it('turns a user shell command known only from exec_command_end into a result with its duration', () => {
    const user = records.find((r) => isEvent(r, 'exec_command_end') && r.p.source === 'user_shell');
    const id = str(user?.p.call_id) ?? '';
    expect(ofType(events, 'tool.call').some((c) => c.callId === id)).toBe(false);
    const duration = obj(user?.p.duration);
    expect(resultOf(id)).toMatchObject({
      success: true,
      exitCode: user?.p.exit_code,
      durationMs: Number(duration.secs) * 1000 + Number(duration.nanos) / 1e6,
      time: tsMs(user?.ts),
    });
  });

  it('marks turns, the aborted turn and the usage limit', () => {
    const turnIds = (type: string) => records.filter((r) => isEvent(r, type)).map((r) => r.p.turn_id);
    expect(lifecycles(events, 'turn.start').map((e) => obj(e.data).turnId)).toEqual(turnIds('task_started'));
    expect(lifecycles(events, 'turn.aborted').map((e) => [obj(e.data).turnId, e.message])).toEqual(
      records.filter((r) => isEvent(r, 'turn_aborted')).map((r) => [r.p.turn_id, r.p.reason]),
    );
    const limit = records.find((r) => isEvent(r, 'error'));
    expect(ofType(events, 'usage_limit')).toEqual([expect.objectContaining({ phase: 'hit', message: limit?.p.message })]);
  });

  it('leaves the call that never got an output without a result', () => {
    const outputs = new Set(rawOutputs(records).map((o) => o.callId));
    const open = rawCalls(records).filter((c) => !outputs.has(c.callId) && !endOf(c.callId));
    expect(open.map((c) => c.callId)).toEqual(['call_exec03']);
    expect(ofType(events, 'tool.call').some((c) => c.callId === 'call_exec03')).toBe(true);
    expect(resultOf('call_exec03')).toBeUndefined();
    expect(ofType(events, 'session.end')).toHaveLength(0);
  });

  it('emits every event after session.start, in record order', () => {
    expect(events[0]?.type).toBe('session.start');
    const lines = events.map((e) => e.source?.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('codex adapter: pre-envelope rollouts (bare header, bare items, no timestamps)', async () => {
  const records = rawRecords(preEnvelope);
  const { events, warnings } = await read([preEnvelope]);
  const header = metaOf(records);

  it('starts the session from the header line', () => {
    const start = ofType(events, 'session.start')[0];
    expect(start).toMatchObject({ sessionId: header.id, time: tsMs(str(header.timestamp)) });
    expect(start?.meta.git?.commit).toBe(obj(header.git).commit_hash);
    expect(warnings).toEqual([]);
  });

  it('dates every item with the header time, flagged inexact, and uses the recorded durations', () => {
    const rest = events.filter((e) => e.type !== 'session.start' && e.type !== 'lifecycle');
    expect(rest.length).toBe(records.filter(isItem).length);
    expect(rest.every((e) => e.time === tsMs(str(header.timestamp)) && e.timeExact === false)).toBe(true);
    for (const out of rawOutputs(records)) {
      const facts = outputFacts(out.output);
      const result = ofType(events, 'tool.result').find((r) => r.callId === out.callId);
      expect(result).toMatchObject({ success: facts.exitCode === 0, durationMs: (facts.seconds ?? NaN) * 1000 });
    }
  });

  it('counts the state markers instead of dropping them silently', () => {
    const skipped = lifecycles(events, 'codex.skipped_records')[0]?.data;
    expect(obj(skipped)['record_type:state']).toBe(records.filter((r) => r.kind === 'state').length);
  });
});

describe('codex adapter: sub-agent threads', async () => {
  const parent = rawRecords(parentFile);
  const child = rawRecords(childFile);
  const childMeta = metaOf(child);
  const spawn = obj(obj(obj(childMeta.source).subagent).thread_spawn);
  const spawnEnd = parent.find((r) => isEvent(r, 'collab_agent_spawn_end'));
  // The child's own records start at its first turn start after the copied session_meta.
  const copiedMeta = child.filter((r) => r.kind === 'session_meta')[1];
  const ownStart = child.filter((r) => isEvent(r, 'task_started'))[1];

  it('groups a sub-agent rollout with its parent, parent first', async () => {
    const units = await codexAdapter.plan?.([childFile, v047, parentFile], () => undefined);
    expect(units?.map((u) => u.files)).toEqual([[v047], [parentFile, childFile]]);
  });

  it('links the child to its parent thread and the spawning call', async () => {
    const { events } = await read([subagents]);
    const start = ofType(events, 'session.start').find((s) => s.sessionId === childMeta.id);
    expect(spawn.parent_thread_id).toBe(metaOf(parent).id);
    expect(start?.meta.parent).toEqual({ sessionId: spawn.parent_thread_id, toolCallId: spawnEnd?.p.call_id });
    expect(start?.meta.agentName).toBe(childMeta.agent_role);
    expect(start?.meta.attributes?.['codex.agent_nickname']).toBe(childMeta.agent_nickname);
    expect(ofType(events, 'tool.call').some((c) => c.callId === spawnEnd?.p.call_id && c.sessionId === metaOf(parent).id)).toBe(true);
    expect(ofType(events, 'handoff')).toEqual([
      expect.objectContaining({ from: spawnEnd?.p.sender_thread_id, to: spawnEnd?.p.new_thread_id, callId: spawnEnd?.p.call_id }),
    ]);
  });

  it('links the child to its parent thread without the call when read alone', async () => {
    const { events, units } = await read([childFile]);
    expect(units).toHaveLength(1);
    expect(ofType(events, 'session.start')[0]?.meta.parent).toEqual({ sessionId: spawn.parent_thread_id });
  });

  it('does not convert the history the child copied from its parent', async () => {
    const { events } = await read([childFile]);
    expect(copiedMeta?.p.id).toBe(metaOf(parent).id);
    const own = (r: RawRecord) => r.line >= (ownStart?.line ?? Infinity);
    expect(ofType(events, 'tool.call').map((c) => c.callId)).toEqual(rawCalls(child.filter(own)).map((c) => c.callId));
    const usage = rawUsage(child, ownStart?.line);
    const calls = ofType(events, 'model.call');
    expect(calls).toHaveLength(usage.responses);
    expect(calls.reduce((a, c) => a + (c.usage?.input ?? 0), 0)).toBe(usage.input);
    expect(calls.reduce((a, c) => a + (c.usage?.output ?? 0), 0)).toBe(usage.output);
    const copied = child.filter((r) => r.line >= (copiedMeta?.line ?? 0) && r.line < (ownStart?.line ?? 0));
    expect(lifecycles(events, 'codex.inherited_history')[0]?.data).toEqual({ fromSessionId: copiedMeta?.p.id, records: copied.length });
    expect(ofType(events, 'session.start')[0]?.meta.model).toBe(modelAt(child, Infinity));
  });
});

describe('codex adapter: a rollout without session_meta', async () => {
  const { events, warnings } = await read([noMeta]);

  it('takes the thread id from the file name and says so', () => {
    const id = /([0-9a-f-]{36})\.jsonl$/.exec(noMeta)?.[1];
    expect(events.every((e) => e.sessionId === id)).toBe(true);
    expect(events[0]?.type).toBe('session.start');
    expect(warnings).toEqual([expect.objectContaining({ code: 'missing_session_meta', file: noMeta, line: 1 })]);
    expect(ofType(events, 'tool.result')[0]?.success).toBe(true);
  });
});
