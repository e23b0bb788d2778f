import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCodeAdapter } from '../../src/adapters/opencode/index.js';
import { loadOpenCodeStorage, type RawPart, type RawTokens } from '../support/expectations/opencode-raw.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';

const here = import.meta.dirname;
const storage = join(here, '../fixtures/opencode/storage');

const raw = loadOpenCodeStorage(storage);
const allParts = [...raw.parts.values()].flat();
type RawToolPart = RawPart & { state: NonNullable<RawPart['state']> };
const toolParts = allParts.filter((p): p is RawToolPart => p.type === 'tool' && p.state !== undefined);

describe('opencode adapter: JSON storage', () => {
  it('detects session, message and part documents but not project documents', async () => {
    const first = raw.sessions[0]!;
    const session = join(storage, 'session', first.projectID, `${first.id}.json`);
    const message = join(storage, 'message', raw.sessions[0]!.id, 'msg_a01.json');
    const part = join(storage, 'part', 'msg_a02', 'prt_a02_04.json');
    const project = join(storage, 'project', readdirSync(join(storage, 'project'))[0]!);
    expect(openCodeAdapter.detect(probeFile(session))).toBe(true);
    expect(openCodeAdapter.detect(probeFile(message))).toBe(true);
    expect(openCodeAdapter.detect(probeFile(part))).toBe(true);
    expect(openCodeAdapter.detect(probeFile(project))).toBe(false);
  });

  it('reads a storage root as one unit and warns about the broken part file', async () => {
    const { units, warnings, rejected } = await collectEvents(openCodeAdapter, [storage]);
    expect(units).toHaveLength(1);
    expect(units[0]?.files).toHaveLength(raw.sessions.length);
    expect(rejected.every((f) => f.includes(`${join('storage', 'project')}`) || f.endsWith('prt_a04_07.json'))).toBe(true);
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid_json', file: join(storage, 'part/msg_a04/prt_a04_07.json') })]);
  });

  it('starts each session with its metadata and links the child session to the task call', async () => {
    const { events } = await collectEvents(openCodeAdapter, [storage]);
    const starts = ofType(events, 'session.start');
    expect(starts.map((s) => s.sessionId)).toEqual(raw.sessions.map((s) => s.id));
    for (const s of raw.sessions) {
      const start = starts.find((e) => e.sessionId === s.id)!;
      const firstAssistant = raw.messages.get(s.id)!.find((m) => m.role === 'assistant')!;
      expect(start.time).toBe(s.time.created);
      expect(start.meta).toMatchObject({
        agent: 'opencode',
        agentVersion: s.version,
        cwd: s.directory,
        title: s.title,
        model: firstAssistant.modelID,
        provider: firstAssistant.providerID,
      });
      if (s.parentID) {
        const task = toolParts.find((p) => p.tool === 'task' && p.state.metadata?.sessionId === s.id)!;
        expect(start.meta.parent).toEqual({ sessionId: s.parentID, toolCallId: task.callID });
      } else {
        expect(start.meta.parent).toBeUndefined();
      }
    }
    expect(ofType(events, 'session.end')).toHaveLength(0);
  });

  it('turns every tool part into one tool.call at its start and, when finished, one tool.result at its end', async () => {
    const { events } = await collectEvents(openCodeAdapter, [storage]);
    const calls = ofType(events, 'tool.call');
    const results = ofType(events, 'tool.result');
    expect(calls.map((c) => [c.callId, c.name, c.time, c.sessionId])).toEqual(
      toolParts.map((p) => [p.callID, p.tool, p.state.time.start, p.sessionID]),
    );
    const finished = toolParts.filter((p) => p.state.status === 'completed' || p.state.status === 'error');
    expect(results.map((r) => [r.callId, r.time])).toEqual(finished.map((p) => [p.callID, p.state.time.end]));
    for (const p of finished) {
      const r = results.find((e) => e.callId === p.callID)!;
      const exit = p.state.metadata?.exit;
      expect(r.success).toBe(p.state.status === 'completed' && (exit === undefined || exit === 0));
      if (exit !== undefined) expect(r.exitCode).toBe(exit);
    }
    expect(results.find((r) => r.callId === 'toolu_03Bash')?.errorType).toBe('exit_code');
    expect(results.find((r) => r.callId === 'toolu_04Edit')).toMatchObject({
      errorType: 'denied',
      error: toolParts.find((p) => p.callID === 'toolu_04Edit')!.state.error,
    });
  });

  it('emits one model.call per step-finish, or per message without steps, with OpenCode tokens and cost', async () => {
    const { events } = await collectEvents(openCodeAdapter, [storage]);
    const calls = ofType(events, 'model.call');
    const expected: Array<{ responseId: string; tokens?: RawTokens; cost?: number; session: string }> = [];
    for (const s of raw.sessions) {
      for (const m of raw.messages.get(s.id)!.filter((x) => x.role === 'assistant')) {
        const steps = raw.parts.get(m.id)!.filter((p) => p.type === 'step-finish');
        if (steps.length === 0) expected.push({ responseId: m.id, tokens: m.tokens, cost: m.cost, session: s.id });
        steps.forEach((p, i) =>
          expected.push({ responseId: steps.length === 1 ? m.id : `${m.id}#${i}`, tokens: p.tokens, cost: p.cost, session: s.id }),
        );
      }
    }
    expect(calls.map((c) => c.responseId)).toEqual(expected.map((e) => e.responseId));
    expected.forEach((e, i) => {
      expect(calls[i]?.sessionId).toBe(e.session);
      expect(calls[i]?.costUsd).toBe(e.cost);
      expect(e.tokens).toBeDefined();
      expect(calls[i]?.usage).toEqual({
        input: e.tokens?.input,
        output: e.tokens?.output,
        reasoning: e.tokens?.reasoning,
        cacheRead: e.tokens?.cache.read,
        cacheCreation: e.tokens?.cache.write,
        inputIncludesCache: false,
      });
    });
    // The response ends with the step's last text / reasoning / tool start; the next request starts after its tools.
    const a02 = allParts.filter((p) => p.messageID === 'msg_a02');
    const firstStep = calls.find((c) => c.responseId === 'msg_a02#0')!;
    const taskEnd = a02.find((p) => p.tool === 'task')?.state?.time.end;
    expect(firstStep.time).toBe(Math.max(...a02.slice(0, 6).flatMap((p) => [p.time?.end, p.state?.time?.start]).filter((t) => t !== undefined)));
    expect(calls.find((c) => c.responseId === 'msg_a02#1')?.startTime).toBe(taskEnd);
    const a05 = raw.messages.get(raw.sessions[0]!.id)!.find((m) => m.id === 'msg_a05')!;
    expect(calls.find((c) => c.responseId === 'msg_a05')).toMatchObject({
      error: a05.error?.data.message,
      time: a05.time.completed,
      startTime: a05.time.created,
    });
  });

  it('keeps messages, reasoning, errors and the other parts; unknown parts stay unknown', async () => {
    const { events } = await collectEvents(openCodeAdapter, [storage]);
    const users = ofType(events, 'message').filter((m) => m.role === 'user');
    const userMessages = [...raw.messages.values()].flat().filter((m) => m.role === 'user');
    expect(users.map((u) => u.content)).toEqual(
      userMessages.map((m) => raw.parts.get(m.id)!.filter((p) => p.type === 'text' && !p.synthetic).map((p) => p.text).join('\n')),
    );
    expect(ofType(events, 'reasoning').map((r) => r.content)).toEqual(allParts.filter((p) => p.type === 'reasoning').map((p) => p.text));
    expect(ofType(events, 'error')).toEqual([expect.objectContaining({ errorType: 'APIError', message: 'Overloaded' })]);
    expect(ofType(events, 'unknown').map((u) => u.kind)).toEqual(allParts.filter((p) => p.type === 'hologram').map(() => 'part.hologram'));
    const lifecycle = ofType(events, 'lifecycle').map((l) => l.name);
    expect(lifecycle.filter((n) => n === 'patch')).toHaveLength(allParts.filter((p) => p.type === 'patch').length);
    expect(lifecycle.filter((n) => n === 'retry')).toHaveLength(allParts.filter((p) => p.type === 'retry').length);
    expect(lifecycle.filter((n) => n === 'synthetic_text')).toHaveLength(allParts.filter((p) => p.synthetic).length);
    const assistants = [...raw.messages.values()].flat().filter((m) => m.role === 'assistant');
    const untimed = allParts.find((p) => p.type === 'text' && !p.time && assistants.some((m) => m.id === p.messageID))!;
    const owner = assistants.find((m) => m.id === untimed.messageID)!;
    const event = ofType(events, 'message').find((m) => m.content === untimed.text)!;
    expect(event).toMatchObject({ time: owner.time.created, timeExact: false });
  });
});
