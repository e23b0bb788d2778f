/**
 * Conformance over the real Kimi Code files in ../shared/fixtures/real/kimi-code:
 * every expectation is computed here from the raw lines with plain JSON parsing
 * (test/support/expectations/real-kimi-code.ts).
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { kimiCodeAdapter } from '../../src/adapters/kimi-code/index.js';
import type { AgentEvent } from '../../src/model/events.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';
import { collectEvents, usageOf, inSession, ofType, starts } from '../support/runs/collect-events.js';
import { kimiCodeExpectations, kimiWires, loopEvents } from '../support/expectations/real-kimi-code.js';
import { isObj } from '../support/expectations/raw-lines.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();


describeWithFixture('kimi-code conformance: the real wire files', 'real/kimi-code', async (dir) => {
  const expected = kimiCodeExpectations(dir);
  const { wires, state } = kimiWires(dir);
  const { events, warnings } = await collectEvents(kimiCodeAdapter, [dir]);

  it('has a session per wire, and nothing to warn about', () => {
    expect(starts(events).map((s) => s.sessionId).sort()).toEqual(expected.sessions.map((s) => s.id).sort());
    expect(warnings).toEqual([]);
    // What the files exercise, so that a reader that finds nothing cannot pass.
    expect(expected.sessions.flatMap((s) => s.calls).length).toBe(2);
    expect(expected.sessions.filter((s) => s.parent)).toHaveLength(1);
  });

  it.each(expected.sessions.map((s) => [s.id, s] as const))('%s: tool calls, outcomes, durations', (id, session) => {
    const own = inSession(events, id);
    const results = ofType(own, 'tool.result');
    expect(ofType(own, 'tool.call').map((c) => [c.callId, c.name])).toEqual(session.calls.map((c) => [c.id, c.name]));
    expect(results.map((r) => [r.callId, r.success])).toEqual(session.calls.map((c) => [c.id, c.success]));
    for (const call of session.calls) {
      const start = ofType(own, 'tool.call').find((c) => c.callId === call.id)!;
      expect(results.find((r) => r.callId === call.id)!.time - start.time).toBe(call.durationMs);
    }
  });

  it.each(expected.sessions.map((s) => [s.id, s] as const))('%s: tokens of every model call', (id, session) => {
    expect(usageOf(inSession(events, id))).toEqual(session.usage);
  });

  it('step.end and usage.record agree: each step is counted once', () => {
    for (const wire of wires) {
      const ends = loopEvents(wire).filter((e) => e.event.type === 'step.end' && isObj(e.event.usage)).map((e) => e.event.usage);
      const records = wire.lines.filter((l) => l.value.type === 'usage.record' && l.value.usageScope === 'turn').map((l) => l.value.usage);
      expect(ends).toEqual(records);
    }
  });

  it('the cancelled steps of the main agent are failed calls with their retries', () => {
    const main = wires.find((w) => w.agentId === 'main')!;
    const attempts = main.lines.filter((l) => l.value.type === 'llm.request').length;
    const failed = ofType(events, 'model.call').filter((c) => c.error !== undefined);
    const steps = loopEvents(main).filter((e) => e.event.type === 'step.begin').length;
    expect(failed).toHaveLength(steps);
    expect(failed.reduce((n, c) => n + 1 + (c.retries ?? 0), 0)).toBe(attempts);
  });

  it('the subagent goes under the main agent (its prompt comes from a subagent trigger; state.json does not list it)', () => {
    const agents = isObj(state.agents) ? Object.keys(state.agents) : [];
    expect(agents).toEqual(['main']);
    const sub = expected.sessions.find((s) => s.parent)!;
    expect(starts(events).find((s) => s.sessionId === sub.id)!.meta.parent).toEqual({ sessionId: sub.parent!.sessionId });
  });

  it('laid out as Kimi Code writes them, the same events under the session folder id', async () => {
    const session = join(tempDir(), 'wd_project_ac3bb318f98e', 'session_9eb1bf57-c1af-48a5-b658-0e8d9fe794f5');
    for (const wire of wires) {
      mkdirSync(join(session, 'agents', wire.agentId), { recursive: true });
      cpSync(wire.file, join(session, 'agents', wire.agentId, 'wire.jsonl'));
    }
    cpSync(join(dir, 'agent-sessions-state.json'), join(session, 'state.json'));
    const laid = await collectEvents(kimiCodeAdapter, [join(session, '..')]);
    const id = '9eb1bf57-c1af-48a5-b658-0e8d9fe794f5';
    expect(starts(laid.events).map((s) => s.sessionId)).toEqual([id, `${id}/agent-0`]);
    expect(kimiCodeExpectations(session).sessions.map((s) => s.id)).toEqual([`${id}/agent-0`, id]);
    const main = expected.sessions.find((s) => !s.parent)!.id;
    const renamed = (es: AgentEvent[]) => es.map(({ source: _s, ...e }) => JSON.stringify(e).replaceAll(main, id));
    expect(renamed(laid.events)).toEqual(renamed(events));
  });
});
