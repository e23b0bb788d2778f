import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copilotCliAdapter } from '../../src/adapters/copilot-cli/index.js';
import type { AgentEvent } from '../../src/model/events.js';
import { collectEvents, ofType, probeFile } from '../support/runs/collect-events.js';
import { describeWithFixture } from '../support/fixtures/shared-fixtures.js';

const here = import.meta.dirname;
const state = join(here, '../fixtures/copilot-cli/session-state');
const mainFile = join(state, '2f6c7d1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f/events.jsonl');
const olderFile = join(state, '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/events.jsonl');

/** The fields of Copilot CLI event records these tests read, as plain JSON. */
interface RawData {
  sessionId?: string;
  totalNanoAiu?: number;
  startTime?: string;
  copilotVersion?: string;
  context?: { cwd: string; branch: string; headCommit: string; repository: string };
  toolRequests?: Array<{ toolCallId: string; name: string }>;
  toolCallId?: string;
  toolName?: string;
  success?: boolean;
  parentToolCallId?: string;
  requestId?: string;
  apiCallId?: string;
  providerCallId?: string;
  outputTokens?: number;
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  duration?: number;
  ttftMs?: number;
  error?: { message: string };
  result?: { kind?: string; contents?: Array<{ exitCode?: number }> };
  errorType?: string;
  agentName?: string;
  modelMetrics?: Record<string, { usage: Record<string, number | undefined> }>;
}
interface Raw {
  type: string;
  data: RawData;
  id: string;
  timestamp?: string;
  agentId?: string;
}
const ms = (iso: string | undefined): number => Date.parse(iso ?? 'missing');
const rawText = (file: string): string[] => readFileSync(file, 'utf8').split('\n');
const records = (file: string): Array<{ rec: Raw; line: number }> =>
  rawText(file).flatMap((text, i) => {
    try {
      return [{ rec: JSON.parse(text) as Raw, line: i + 1 }];
    } catch {
      return [];
    }
  });

/** What the raw file says about each tool call, independent of the adapter. */
function expectedTools(file: string, rootSession: string) {
  const calls = new Map<string, { session: string; name: string; callTime: number; success?: boolean }>();
  for (const { rec } of records(file)) {
    const parent = rec.data.parentToolCallId;
    const session = rec.agentId ? `${rootSession}/${rec.agentId}` : parent ? `${rootSession}/tool-${parent}` : rootSession;
    const t = ms(rec.timestamp);
    const { toolCallId, toolName } = rec.data;
    if (rec.type === 'assistant.message') {
      for (const r of rec.data.toolRequests ?? []) calls.set(r.toolCallId, { session, name: r.name, callTime: t });
    } else if (rec.type === 'tool.execution_start' && toolCallId && toolName) {
      calls.set(toolCallId, { session, name: toolName, callTime: t });
    } else if (rec.type === 'tool.execution_complete' && toolCallId) {
      const call = calls.get(toolCallId);
      if (!call) throw new Error(`completion of unknown call ${toolCallId}`);
      call.success = rec.data.success;
    }
  }
  return calls;
}

const sessionOf = (events: AgentEvent[], id: string) => events.filter((e) => e.sessionId === id);

describe('copilot-cli adapter: detect', () => {
  it.each([
    ['events.jsonl', mainFile, true],
    ['events.jsonl without session.start', olderFile, true],
    ['a Gemini JSONL chat', join(here, '../fixtures/gemini-cli/jsonl/chats/session-2025-11-04T14-20-5e1f0c2a.jsonl'), false],
  ])('%s -> %s', async (_name, file, expected) => {
    expect(copilotCliAdapter.detect(probeFile(file))).toBe(expected);
  });
});

describe('copilot-cli adapter: events.jsonl', () => {
  const all = records(mainFile);
  const start = all[0]!.rec;
  const sid = start.data.sessionId ?? 'missing';

  it('starts the session from session.start with version, cwd and git', async () => {
    const { events } = await collectEvents(copilotCliAdapter, [mainFile]);
    expect(events[0]?.type).toBe('session.start');
    const s = ofType(events, 'session.start').find((e) => e.sessionId === sid)!;
    expect(s.time).toBe(ms(start.data.startTime));
    expect(s.meta).toMatchObject({
      agent: 'copilot-cli',
      agentVersion: start.data.copilotVersion,
      cwd: start.data.context?.cwd,
      git: { branch: start.data.context?.branch, commit: start.data.context?.headCommit, repository: start.data.context?.repository },
    });
  });

  it('pairs every tool call once, by toolCallId, with success and session', async () => {
    const { events } = await collectEvents(copilotCliAdapter, [mainFile]);
    const expected = expectedTools(mainFile, sid);
    const calls = ofType(events, 'tool.call');
    const results = ofType(events, 'tool.result');
    expect(calls.map((c) => c.callId).sort()).toEqual([...expected.keys()].sort());
    expect(results.map((r) => r.callId).sort()).toEqual([...expected].filter(([, v]) => v.success !== undefined).map(([k]) => k).sort());
    for (const [id, e] of expected) {
      const call = calls.find((c) => c.callId === id)!;
      expect({ session: call.sessionId, name: call.name, time: call.time }).toEqual({ session: e.session, name: e.name, time: e.callTime });
      const result = results.find((r) => r.callId === id);
      expect(result?.success).toBe(e.success);
      if (result) expect(result.sessionId).toBe(e.session);
    }
  });

  it('classifies failures and keeps exit codes', async () => {
    const { events } = await collectEvents(copilotCliAdapter, [mainFile]);
    const results = ofType(events, 'tool.result');
    const bash = all.find((r) => r.rec.type === 'tool.execution_complete' && r.rec.data.toolCallId === 'toolu_02')!.rec;
    const toolu02 = results.find((r) => r.callId === 'toolu_02')!;
    expect(toolu02).toMatchObject({
      success: false,
      errorType: 'tool_error',
      error: bash.data.error?.message,
      exitCode: bash.data.result?.contents?.[0]?.exitCode,
    });
    expect(results.find((r) => r.callId === 'toolu_04')).toMatchObject({ success: false, errorType: 'denied' });
    const permissions = ofType(events, 'permission');
    const completed = all.filter((r) => r.rec.type === 'permission.completed');
    expect(permissions.map((p) => p.granted)).toEqual(completed.map((r) => r.rec.data.result?.kind === 'approved'));
    expect(permissions.map((p) => p.callId)).toEqual(['toolu_02', 'toolu_04']);
  });

  it('emits one model.call per response: from assistant.usage when present, else from the message', async () => {
    const { events } = await collectEvents(copilotCliAdapter, [mainFile]);
    const usage = all.filter((r) => r.rec.type === 'assistant.usage').map((r) => r.rec.data);
    const covered = new Set(usage.flatMap((u) => [u.apiCallId, u.providerCallId]));
    const messages = all.filter((r) => r.rec.type === 'assistant.message').map((r) => r.rec);
    const fromMessages = messages.filter((m) => !covered.has(m.data.apiCallId) && !covered.has(m.data.requestId));
    const calls = ofType(events, 'model.call');
    expect(calls).toHaveLength(fromMessages.length + usage.length);
    for (const u of usage) {
      const call = calls.find((c) => c.responseId === u.providerCallId)!;
      expect(call.usage).toEqual({
        input: u.inputTokens,
        output: u.outputTokens,
        cacheRead: u.cacheReadTokens,
        cacheCreation: u.cacheWriteTokens,
        reasoning: u.reasoningTokens,
        inputIncludesCache: true,
      });
      expect(call.latencyMs).toBe(u.duration);
      expect(call.timeToFirstTokenMs).toBe(u.ttftMs);
      // The usage record comes after the message here: the response ended when the message was written.
      const message = messages.find((m) => m.data.requestId === u.providerCallId)!;
      const usageRecord = all.find((r) => r.rec.type === 'assistant.usage' && r.rec.data === u)!;
      expect(all.findIndex((r) => r.rec === message)).toBeLessThan(all.indexOf(usageRecord));
      expect(call.time).toBe(ms(message.timestamp));
      expect(call.startTime).toBe(ms(message.timestamp) - (u.duration ?? 0));
    }
    for (const m of fromMessages) {
      const call = calls.find((c) => c.responseId === m.data.requestId)!;
      expect(call.usage?.output).toBe(m.data.outputTokens);
      expect(call.time).toBe(ms(m.timestamp));
      expect(call.sessionId).toBe(m.agentId ? `${sid}/${m.agentId}` : sid);
    }
  });

  it('makes each sub-agent a child session linked to its launching tool call', async () => {
    const { events } = await collectEvents(copilotCliAdapter, [mainFile]);
    const started = all.find((r) => r.rec.type === 'subagent.started')!.rec;
    const childId = `${sid}/${started.agentId}`;
    const child = sessionOf(events, childId);
    expect(child[0]?.type).toBe('session.start');
    const childStart = ofType(child, 'session.start')[0]!;
    expect(childStart.meta.parent).toEqual({ sessionId: sid, toolCallId: started.data.toolCallId });
    expect(childStart.meta.agentName).toBe(started.data.agentName);
    const childRecords = all.filter((r) => r.rec.agentId === started.agentId && !r.rec.type.startsWith('subagent.'));
    expect(child.filter((e) => e.source).map((e) => e.source!.line)).toEqual(
      expect.arrayContaining(childRecords.map((r) => r.line)),
    );
  });

  it('ends the session with the shutdown totals', async () => {
    const { events } = await collectEvents(copilotCliAdapter, [mainFile]);
    const shutdown = all.find((r) => r.rec.type === 'session.shutdown')!.rec;
    const metrics = Object.values(shutdown.data.modelMetrics ?? {});
    const sum = (k: string): number => metrics.reduce((a, m) => a + (m.usage[k] ?? 0), 0);
    const end = ofType(events, 'session.end');
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ sessionId: sid, outcome: 'ok', time: ms(shutdown.timestamp) });
    expect(end[0]?.reportedUsage).toEqual({
      input: sum('inputTokens'),
      output: sum('outputTokens'),
      cacheRead: sum('cacheReadTokens'),
      cacheCreation: sum('cacheWriteTokens'),
      reasoning: sum('reasoningTokens'),
      inputIncludesCache: true,
    });
    // nano-AIU: billionths of an AI unit, worth $0.01 each.
    expect(end[0]?.reportedCostUsd).toBeCloseTo(Number(shutdown.data.totalNanoAiu) / 1e9 / 100, 15);
  });

  it('warns about the torn line, reuses the previous time for a record without one, keeps unknown types', async () => {
    const { events, warnings } = await collectEvents(copilotCliAdapter, [mainFile]);
    const lines = rawText(mainFile);
    const torn = lines.findIndex((l) => l.includes('"torn"')) + 1;
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid_json', file: mainFile, line: torn })]);
    const noTime = all.find((r) => r.rec.timestamp === undefined)!;
    const before = all.filter((r) => r.line < noTime.line && r.rec.timestamp).at(-1)!;
    const event = events.find((e) => e.source?.line === noTime.line)!;
    expect(event).toMatchObject({ type: 'lifecycle', timeExact: false, time: ms(before.rec.timestamp) });
    const unknownTypes = ofType(events, 'unknown').map((u) => u.kind);
    expect(unknownTypes).toEqual(['session.future_thing']);
    expect(ofType(events, 'error').map((e) => e.errorType)).toEqual(
      all.filter((r) => r.rec.type === 'session.error').map((r) => r.rec.data.errorType),
    );
  });
});

describe('copilot-cli adapter: older logs', () => {
  it('takes the session id from the folder and routes parentToolCallId records to a child session', async () => {
    const { events, warnings } = await collectEvents(copilotCliAdapter, [olderFile]);
    expect(warnings).toEqual([]);
    const sid = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
    const first = records(olderFile)[0]!.rec;
    expect(events[0]).toMatchObject({ type: 'session.start', sessionId: sid, timeExact: false, time: ms(first.timestamp) });
    const parentCall = records(olderFile).find((r) => r.rec.data.parentToolCallId)!.rec.data.parentToolCallId;
    const childStart = ofType(events, 'session.start').find((s) => s.sessionId !== sid)!;
    expect(childStart.meta.parent).toEqual({ sessionId: sid, toolCallId: parentCall });
    const expected = expectedTools(olderFile, sid);
    for (const [id, e] of expected) {
      expect(ofType(events, 'tool.result').find((r) => r.callId === id)).toMatchObject({ sessionId: e.session, success: e.success });
    }
  });
});

describeWithFixture('copilot-cli adapter: conformance with real Copilot CLI files', 'real/copilot-cli', (realDir) => {
  const files = readdirSync(realDir).filter((f) => f.endsWith('.jsonl')).map((f) => join(realDir, f));

  it.each(files)('%s: tool calls, responses and totals', async (file) => {
    const { events, warnings } = await collectEvents(copilotCliAdapter, [file]);
    expect(warnings).toEqual([]);
    const recs = records(file).map((r) => r.rec);
    const sid = recs.find((r) => r.type === 'session.start')?.data.sessionId ?? 'missing';
    expect(ofType(events, 'session.start')[0]?.sessionId).toBe(sid);
    const expected = expectedTools(file, sid);
    expect(ofType(events, 'tool.call').map((c) => c.callId).sort()).toEqual([...expected.keys()].sort());
    expect(ofType(events, 'tool.result').map((r) => [r.callId, r.success])).toEqual(
      recs.filter((r) => r.type === 'tool.execution_complete').map((r) => [r.data.toolCallId, r.data.success]),
    );
    const messages = recs.filter((r) => r.type === 'assistant.message');
    const calls = ofType(events, 'model.call');
    expect(calls).toHaveLength(messages.length);
    expect(calls.reduce((a, c) => a + (c.usage?.output ?? 0), 0)).toBe(messages.reduce((a, m) => a + (m.data.outputTokens ?? 0), 0));
    const shutdown = recs.find((r) => r.type === 'session.shutdown')!;
    const metrics = Object.values(shutdown.data.modelMetrics ?? {});
    const end = ofType(events, 'session.end')[0]!;
    expect(end.reportedUsage?.input).toBe(metrics.reduce((a, m) => a + (m.usage.inputTokens ?? 0), 0));
    expect(end.reportedUsage?.output).toBe(metrics.reduce((a, m) => a + (m.usage.outputTokens ?? 0), 0));
    expect(end.reportedUsage?.reasoning).toBe(metrics.reduce((a, m) => a + (m.usage.reasoningTokens ?? 0), 0));
  });

  it('reads the shutdown cost in AI units as dollars: the published per-token rates of the models used', async () => {
    // GPT-5 mini's list prices (OpenAI's, which Copilot's published rates follow): $0.25 input, $0.025 cached input, $2 output per million tokens.
    const rates: Record<string, { input: number; cached: number; output: number }> = { 'gpt-5-mini': { input: 0.25, cached: 0.025, output: 2 } };
    let checked = 0;
    for (const file of files) {
      const shutdown = records(file).find((r) => r.rec.type === 'session.shutdown')!.rec;
      const metrics = Object.entries(shutdown.data.modelMetrics ?? {});
      if (!metrics.every(([model]) => rates[model])) continue;
      checked++;
      const listed = metrics.reduce((usd, [model, m]) => {
        const r = rates[model]!;
        const cached = m.usage.cacheReadTokens ?? 0;
        return usd + (((m.usage.inputTokens ?? 0) - cached) * r.input + cached * r.cached + (m.usage.outputTokens ?? 0) * r.output) / 1e6;
      }, 0);
      const { events } = await collectEvents(copilotCliAdapter, [file]);
      expect(ofType(events, 'session.end')[0]?.reportedCostUsd).toBeCloseTo(listed, 12);
    }
    expect(checked).toBeGreaterThan(0);
  });
});
