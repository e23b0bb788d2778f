import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kimiCodeAdapter } from '../../src/adapters/kimi-code/index.js';
import { adapters } from '../../src/adapters/registry.js';
import { normalizeUsage } from '../../src/model/usage.js';
import type { AgentEvent } from '../../src/model/events.js';
import { collectEvents, expandPaths, inSession, ofType, probeFile, starts } from '../support/runs/collect-events.js';
import { kimiCalls, kimiCodeExpectations, kimiUsage, kimiWires, loopEvents } from '../support/expectations/real-kimi-code.js';
import { brokenJsonLines } from '../support/expectations/raw-lines.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const ROOT = join(FIXTURES, 'kimi-code');
const SESSION_DIR = join(ROOT, 'sessions/wd_calc_5f2a9c3e71d0/session_3c1f6b2e-8d4a-4f7b-9e21-6a5b0c9d7e13');
const SESSION = '3c1f6b2e-8d4a-4f7b-9e21-6a5b0c9d7e13';
const MAIN = join(SESSION_DIR, 'agents/main/wire.jsonl');
const tempDir = useTempDirs();

/** Sums of the model calls' usage in the semantic-convention reading (input includes the cache). */
function eventUsage(events: AgentEvent[]) {
  const calls = ofType(events, 'model.call');
  const totals = calls.map((c) => normalizeUsage(c.usage ?? {}));
  const sum = (k: 'input' | 'output' | 'cacheRead' | 'cacheCreation') => totals.reduce((n, t) => n + t[k], 0);
  return { responses: calls.length, input: sum('input'), output: sum('output'), cacheRead: sum('cacheRead'), cacheCreation: sum('cacheCreation') };
}

describe('kimi-code: detection', () => {
  it('claims every wire and the state.json of its fixtures, before any other adapter', async () => {
    const files = await expandPaths([ROOT]);
    expect(files.map((f) => relative(SESSION_DIR, f)).sort()).toEqual(['agents/agent-0/wire.jsonl', 'agents/main/wire.jsonl', 'state.json']);
    for (const file of files) {
      const probe = probeFile(file);
      expect(adapters.find((a) => a.detect(probe))?.format, file).toBe('kimi-code');
    }
  });

  it('claims no fixture of another format', async () => {
    const others = (await expandPaths([FIXTURES])).filter((f) => !f.startsWith(ROOT));
    expect(others.length).toBeGreaterThan(20);
    for (const file of others) expect(kimiCodeAdapter.detect(probeFile(file)), file).toBe(false);
  });
});

describe('kimi-code: a session with a subagent', async () => {
  const { events, warnings, units } = await collectEvents(kimiCodeAdapter, [ROOT]);
  const expected = kimiCodeExpectations(SESSION_DIR);
  const { wires } = kimiWires(SESSION_DIR);

  it('reads the session folder as one unit: state.json, then the main agent before its subagent', () => {
    expect(units).toHaveLength(1);
    expect(starts(events).map((s) => s.sessionId)).toEqual([SESSION, `${SESSION}/agent-0`]);
    expect(expected.sessions.map((s) => s.id).sort()).toEqual([SESSION, `${SESSION}/agent-0`]);
  });

  it('takes title and folder from state.json, model and subagent type from the wire', () => {
    const state = JSON.parse(readFileSync(join(SESSION_DIR, 'state.json'), 'utf8')) as { title: string; workDir: string };
    const [main, sub] = starts(events);
    expect(main!.meta).toMatchObject({ agent: 'kimi-code', title: state.title, cwd: state.workDir, model: 'moonshot-ai/kimi-k2.7-code' });
    expect(main!.time).toBe((JSON.parse(readFileSync(MAIN, 'utf8').split('\n')[0]!) as { created_at: number }).created_at);
    expect(sub!.meta.agentName).toBe('explore');
    expect(sub!.meta.title).toBeUndefined();
  });

  it('puts the subagent under the Agent call whose result names it', () => {
    const sub = expected.sessions.find((s) => s.parent);
    expect(sub?.parent).toEqual({ sessionId: SESSION, toolCallId: 'Agent_0', evidence: 'call' });
    expect(starts(events)[1]!.meta.parent).toEqual({ sessionId: SESSION, toolCallId: 'Agent_0' });
  });

  it.each(wires.map((w) => [w.agentId, w] as const))('%s: tool calls, outcomes and durations as the raw records say', (agentId, wire) => {
    const own = inSession(events, agentId === 'main' ? SESSION : `${SESSION}/${agentId}`);
    const raw = kimiCalls(wire);
    expect(raw.length).toBeGreaterThan(0);
    const calls = ofType(own, 'tool.call');
    const results = ofType(own, 'tool.result');
    expect(calls.map((c) => [c.callId, c.name])).toEqual(raw.map((c) => [c.id, c.name]));
    expect(results.map((r) => [r.callId, r.success])).toEqual(raw.map((c) => [c.id, c.success]));
    for (const call of raw) {
      const start = calls.find((c) => c.callId === call.id)!;
      const end = results.find((r) => r.callId === call.id)!;
      expect(end.time - start.time, call.id).toBe(call.durationMs);
    }
  });

  it('marks a failed call whose approval was refused as denied, other failures as tool errors', () => {
    const refused = wires.flatMap((w) => w.lines).filter((l) => l.value.type === 'permission.record_approval_result');
    const rejected = refused.filter((l) => (l.value.result as { decision: string }).decision !== 'approved').map((l) => l.value.toolCallId);
    expect(rejected).toEqual(['Edit_2']);
    const failed = ofType(events, 'tool.result').filter((r) => !r.success);
    expect(failed.map((r) => [r.callId, r.errorType])).toEqual([
      ['Bash_1', 'tool_error'],
      ['Edit_2', 'denied'],
    ]);
    expect(ofType(events, 'permission').map((p) => [p.callId, p.granted])).toEqual(refused.map((l) => [l.value.toolCallId, !rejected.includes(l.value.toolCallId)]));
  });

  it.each(wires.map((w) => [w.agentId, w] as const))('%s: one model call a step, tokens with the cache added to inputOther', (agentId, wire) => {
    const own = inSession(events, agentId === 'main' ? SESSION : `${SESSION}/${agentId}`);
    expect(eventUsage(own)).toEqual(kimiUsage(wire));
    const steps = loopEvents(wire).filter((e) => e.event.type === 'step.begin').map((e) => e.event.uuid);
    const calls = ofType(own, 'model.call').filter((c) => c.responseId !== undefined);
    expect(calls.map((c) => c.responseId)).toEqual(steps);
  });

  it('a step the user cancelled is a failed call with its retries', () => {
    const lines = wires.find((w) => w.agentId === 'main')!.lines;
    const attempts = lines.filter((l) => l.value.type === 'llm.request' && l.value.turnStep === '1.1').length;
    const cancelled = ofType(events, 'model.call').filter((c) => c.error !== undefined);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ retries: attempts - 1, startTime: expect.any(Number) as number });
    expect(cancelled[0]!.usage).toBeUndefined();
  });

  it('keeps prompts, steering, the compaction and unknown kinds', () => {
    const main = inSession(events, SESSION);
    const prompts = wires.find((w) => w.agentId === 'main')!.lines.filter((l) => l.value.type === 'turn.prompt' || l.value.type === 'turn.steer');
    expect(ofType(main, 'message').filter((m) => m.role === 'user')).toHaveLength(prompts.length);
    expect(ofType(main, 'compaction')).toEqual([expect.objectContaining({ preTokens: 12580 })]);
    expect(ofType(main, 'unknown').map((u) => u.kind)).toEqual(['session.snapshot']);
  });

  it('warns once about the line that is not JSON, with file and line, and converts the rest', () => {
    expect(warnings.map((w) => [w.code, w.file, w.line])).toEqual(brokenJsonLines(MAIN).map((line) => ['invalid_json', MAIN, line]));
  });
});

describe('kimi-code: records it cannot use', () => {
  const lines = readFileSync(MAIN, 'utf8').split('\n').filter(Boolean);
  const time = 1767261640001;
  it.each([
    ['a loop event with no event', { type: 'context.append_loop_event', time }],
    ['a tool call without an id', { type: 'context.append_loop_event', event: { type: 'tool.call', name: 'Read' }, time }],
    ['a record without a type', { time, event: {} }],
    ['a usage record without usage', { type: 'usage.record', model: 'k', time }],
  ])('%s: a schema warning naming file and line; the rest converts as before', async (_name, record) => {
    const dir = join(tempDir(), 'session_3c1f6b2e-8d4a-4f7b-9e21-6a5b0c9d7e13');
    cpSync(SESSION_DIR, dir, { recursive: true });
    const copy = join(dir, 'agents/main/wire.jsonl');
    writeFileSync(copy, `${[...lines.slice(0, 12), JSON.stringify(record), ...lines.slice(12)].join('\n')}\n`);
    const clean = await collectEvents(kimiCodeAdapter, [SESSION_DIR]);
    const damaged = await collectEvents(kimiCodeAdapter, [dir]);
    expect(damaged.warnings.filter((w) => w.line === 13).map((w) => [w.code, w.file])).toEqual([['schema', copy]]);
    const strip = (es: AgentEvent[]) => es.map(({ source: _s, ...e }) => e);
    expect(strip(damaged.events)).toEqual(strip(clean.events));
  });
});
