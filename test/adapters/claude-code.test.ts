import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentEvent } from '../../src/model/events.js';
import {
  blocks,
  convert,
  eventTotals,
  message,
  ms,
  rawLines,
  sum,
  toolResults,
  toolUses,
  usageByResponse,
  walk,
  type RawLine,
} from '../support/expectations/claude-code-raw.js';
import { inSession, ofType, sessionsAreContiguous, starts } from '../support/runs/collect-events.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/claude-code');
const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const S3 = '33333333-3333-4333-8333-333333333333';
const S4 = '44444444-4444-4444-8444-444444444444';
const S5 = '55555555-5555-4555-8555-555555555555';
const S6 = '66666666-6666-4666-8666-666666666666';
const S7 = '77777777-7777-4777-8777-777777777777';

describe('claude-code: split responses, tool results, thinking', async () => {
  const file = fixture('split-responses', `${S1}.jsonl`);
  const raw = rawLines(file);
  const { events, warnings } = await convert([file]);
  const calls = ofType(events, 'model.call');

  it('emits events that fit the canonical schema, session.start first, no warnings', () => {
    for (const e of events) expect(AgentEvent.safeParse(e).success).toBe(true);
    expect(events[0]?.type).toBe('session.start');
    expect(warnings).toEqual([]);
  });

  it('emits one model.call per message.id, with the usage of its last line, counted once', () => {
    const expected = usageByResponse(raw);
    expect(calls.map((c) => c.responseId).sort()).toEqual([...expected.keys()].sort());
    for (const c of calls) {
      const u = expected.get(c.responseId ?? '');
      expect(c.usage).toEqual({ ...u, inputIncludesCache: false });
      expect(c.provider).toBe('anthropic');
    }
    // The fixture repeats usage on every line of a response: summing the lines would differ.
    const perLine = sum(
      raw.filter((r) => r.value.type === 'assistant').map((r) => {
        const u = message(r.value).usage as Record<string, number>;
        return {
          input: u.input_tokens ?? 0,
          output: u.output_tokens ?? 0,
          cacheRead: u.cache_read_input_tokens ?? 0,
          cacheCreation: u.cache_creation_input_tokens ?? 0,
        };
      }),
    );
    expect(eventTotals(calls)).toEqual(sum(expected.values()));
    expect(eventTotals(calls)).not.toEqual(perLine);
  });

  it('times a response by its last line and starts it at the record that triggered it', () => {
    const assistants = raw.filter((r) => r.value.type === 'assistant');
    let previousEnd: number | undefined;
    for (const id of usageByResponse(raw).keys()) {
      const lines = assistants.filter((r) => message(r.value).id === id);
      const first = lines[0] as RawLine;
      const last = lines[lines.length - 1] as RawLine;
      const call = calls.find((c) => c.responseId === id);
      expect(call?.time).toBe(ms(last.value.timestamp));
      expect(call?.responseModel).toBe(message(last.value).model);
      const stop = message(last.value).stop_reason;
      expect(call?.finishReasons).toEqual(typeof stop === 'string' ? [stop] : undefined);
      const trigger = raw.filter((r) => r.line < first.line && r.value.type === 'user').at(-1);
      const expectedStart = Math.max(trigger ? ms(trigger.value.timestamp) : -Infinity, previousEnd ?? -Infinity);
      expect(call?.startTime).toBe(expectedStart);
      previousEnd = ms(last.value.timestamp);
    }
  });

  it('emits each tool_use as tool.call at its line, and each result at its line, matched by id out of order', () => {
    const uses = toolUses(raw);
    const results = toolResults(raw);
    // The fixture's results do not come in call order.
    expect(results.map((r) => r.id)).not.toEqual(uses.map((u) => u.id));
    const toolCalls = ofType(events, 'tool.call');
    expect(toolCalls.map((c) => [c.callId, c.name, c.time, c.responseId])).toEqual(
      uses.map((u) => [u.id, u.name, ms(u.ts), u.responseId]),
    );
    const toolResultEvents = ofType(events, 'tool.result');
    expect(toolResultEvents).toHaveLength(results.length);
    for (const r of results) {
      const event = toolResultEvents.find((e) => e.callId === r.id);
      const use = uses.find((u) => u.id === r.id);
      expect(event?.time).toBe(ms(r.ts));
      expect(event?.success).toBe(!r.isError);
      // Claude Code records no duration: the span runs from the call's line to the result's.
      expect(event?.durationMs).toBeUndefined();
      expect(event?.name).toBe(use?.name);
    }
  });

  it('classifies failures: exit code as tool_error with the code, a rejection as denied', () => {
    const byId = new Map(ofType(events, 'tool.result').map((e) => [e.callId, e]));
    expect(byId.get('toolu_A1')).toMatchObject({ success: false, errorType: 'tool_error', exitCode: 1 });
    expect(byId.get('toolu_B1')).toMatchObject({ success: false, errorType: 'denied' });
    expect(byId.get('toolu_A2')?.errorType).toBeUndefined();
  });

  it('turns thinking into reasoning and text into assistant / user messages', () => {
    const thinking = raw.flatMap((r) => blocks(r.value).filter((b) => b.type === 'thinking').map((b) => [b.thinking, message(r.value).id]));
    expect(ofType(events, 'reasoning').map((e) => [e.content, e.responseId])).toEqual(thinking);
    const texts = raw.flatMap((r) => (r.value.type === 'assistant' ? blocks(r.value).filter((b) => b.type === 'text').map((b) => b.text) : []));
    expect(ofType(events, 'message').filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(texts);
    const prompts = raw.filter((r) => r.value.type === 'user' && typeof message(r.value).content === 'string').map((r) => message(r.value).content);
    const userMessages = ofType(events, 'message').filter((m) => m.role === 'user').map((m) => m.content);
    for (const p of prompts) expect(userMessages).toContain(p);
    expect(userMessages).toContain('[Request interrupted by user for tool use]');
  });

  it('takes the session meta from the records', () => {
    const first = raw.find((r) => typeof r.value.sessionId === 'string')?.value ?? {};
    const times = raw.map((r) => r.value.timestamp).filter((t): t is string => typeof t === 'string').map(ms);
    const summary = raw.find((r) => r.value.type === 'summary')?.value ?? {};
    const [start] = starts(events);
    expect(start?.sessionId).toBe(first.sessionId);
    expect(start?.time).toBe(Math.min(...times));
    expect(start?.meta).toMatchObject({
      agent: 'claude-code',
      provider: 'anthropic',
      agentVersion: first.version,
      cwd: first.cwd,
      git: { branch: first.gitBranch },
      model: message(raw.find((r) => r.value.type === 'assistant')?.value ?? {}).model,
      title: summary.summary,
    });
  });

  it('keeps every record: each line yields at least one event naming it', () => {
    const lines = new Set(events.flatMap((e) => (e.source ? [e.source.line] : [])));
    for (const r of raw) expect(lines.has(r.line), `line ${r.line}`).toBe(true);
    const lifecycle = ofType(events, 'lifecycle').map((e) => e.name);
    expect(lifecycle).toEqual([
      'file_history_snapshot',
      'progress.hook_progress',
      'progress.hook_progress',
      'system.stop_hook_summary',
      'system.turn_duration',
    ]);
    expect(ofType(events, 'state.change').map((e) => e.key)).toEqual(['summary']);
  });
});

describe('claude-code: malformed lines, missing timestamps, unknown kinds, errors, compaction', async () => {
  const file = fixture('edge', `${S2}.jsonl`);
  const text = readFileSync(file, 'utf8');
  const raw = rawLines(file);
  const { events, warnings } = await convert([file]);
  const byLine = (line: number) => events.filter((e) => e.source?.line === line);

  it('warns about a malformed line and a torn last line with file and line, and converts the rest', () => {
    const textLines = text.split('\n');
    const bad = textLines.flatMap((t, i) => {
      if (t.trim() === '') return [];
      try {
        JSON.parse(t);
        return [];
      } catch {
        return [i + 1];
      }
    });
    expect(bad).toHaveLength(2);
    expect(warnings.filter((w) => w.code === 'invalid_json').map((w) => [w.file, w.line])).toEqual([[file, bad[0]]]);
    expect(warnings.filter((w) => w.code === 'torn_line').map((w) => [w.file, w.line])).toEqual([[file, bad[1]]]);
    const last = raw.at(-1) as RawLine;
    expect(byLine(last.line).length).toBeGreaterThan(0);
  });

  it('warns about a content block that does not fit and keeps the rest of the response', () => {
    const badBlock = raw.find((r) => blocks(r.value).some((b) => b.type === 'tool_use' && b.id === undefined)) as RawLine;
    expect(warnings.filter((w) => w.code === 'schema').map((w) => w.line)).toEqual([badBlock.line]);
    expect(ofType(events, 'model.call').map((c) => c.responseId)).toContain(message(badBlock.value).id);
  });

  it('gives records without a timestamp the previous time, flagged inexact', () => {
    const untimed = raw.filter((r) => r.value.timestamp === undefined && r.value.type !== 'custom-title');
    expect(untimed.length).toBeGreaterThanOrEqual(2);
    for (const r of untimed) {
      const previous = raw.filter((p) => p.line < r.line && typeof p.value.timestamp === 'string').at(-1) as RawLine;
      for (const e of byLine(r.line)) {
        expect(e.time).toBe(ms(previous.value.timestamp));
        expect(e.timeExact).toBe(false);
      }
      expect(byLine(r.line).length).toBeGreaterThan(0);
    }
  });

  it('keeps unknown record kinds and unknown blocks as unknown events', () => {
    const kinds = ofType(events, 'unknown').map((e) => e.kind);
    const unknownTypes = raw.map((r) => r.value.type).filter((t) => t === 'mystery-record');
    expect(kinds).toEqual([...unknownTypes, 'assistant.citation_block']);
  });

  it('turns API error records into error and usage_limit events, not model calls', () => {
    const errors = ofType(events, 'error');
    expect(errors.map((e) => e.errorType)).toEqual(['overloaded_error', 'api_error']);
    expect(errors[1]?.message).toBe('500 Internal server error');
    const limit = ofType(events, 'usage_limit');
    const epoch = Number(/\|(\d+)/.exec(String(blocks(raw.find((r) => JSON.stringify(r.value).includes('usage limit'))?.value ?? {})[0]?.text))?.[1]);
    expect(limit.map((l) => [l.phase, l.resetAt])).toEqual([['hit', new Date(epoch * 1000).toISOString()]]);
    const synthetic = raw.filter((r) => message(r.value).model === '<synthetic>').map((r) => message(r.value).id);
    for (const c of ofType(events, 'model.call')) expect(synthetic).not.toContain(c.responseId);
  });

  it('merges compact_boundary and its summary into one compaction event, in the same session', () => {
    const boundary = raw.find((r) => r.value.subtype === 'compact_boundary')?.value ?? {};
    const summary = raw.find((r) => r.value.isCompactSummary === true)?.value ?? {};
    const meta = boundary.compactMetadata as { trigger: string; preTokens: number };
    expect(ofType(events, 'compaction')).toEqual([
      expect.objectContaining({ sessionId: S2, trigger: meta.trigger, preTokens: meta.preTokens, content: message(summary).content }),
    ]);
    expect(starts(events)).toHaveLength(1);
  });

  it('uses custom-title as the title and writes images as placeholders', () => {
    expect(starts(events)[0]?.meta.title).toBe('Messy session');
    expect(ofType(events, 'message').map((m) => m.content)).toContain('[image]\nWhat is this?');
  });
});

describe('claude-code: files without a session', () => {
  it.each([
    ['empty.jsonl', 'empty_file'],
    ['summary-only.jsonl', 'no_messages'],
    ['snapshots-only.jsonl', 'no_messages'],
  ])('%s converts to nothing and reports %s', async (name, code) => {
    const file = fixture('edge', name);
    const { events, warnings } = await convert([file]);
    expect(events).toEqual([]);
    expect(warnings.map((w) => [w.code, w.file])).toEqual([[code, file]]);
  });
});

describe('claude-code: a response repeated later in the file', async () => {
  const file = fixture('edge', `${S7}.jsonl`);
  const raw = rawLines(file);
  const { events, warnings } = await convert([file]);

  it('counts its usage once and its tool call once, with warnings', () => {
    const ids = raw.filter((r) => r.value.type === 'assistant').map((r) => message(r.value).id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
    expect(ofType(events, 'model.call').map((c) => c.responseId)).toEqual([...new Set(ids)]);
    expect(eventTotals(events)).toEqual(sum(usageByResponse(raw).values()));
    expect(ofType(events, 'tool.call')).toHaveLength(new Set(toolUses(raw).map((u) => u.id)).size);
    expect(warnings.map((w) => w.code).sort()).toEqual(['duplicate_response', 'duplicate_tool_call']);
  });
});

describe('claude-code: inline sidechains (old versions, no agentId)', async () => {
  const file = fixture('inline', `${S3}.jsonl`);
  const raw = rawLines(file);
  const { events, warnings } = await convert([file]);
  const side = raw.filter((r) => r.value.isSidechain === true);
  const roots = side.filter((r) => r.value.parentUuid === null);
  const tasks = toolUses(raw).filter((u) => u.name === 'Task');
  const taskInput = (id: string) =>
    (raw.flatMap((r) => blocks(r.value)).find((b) => b.id === id)?.input ?? {}) as { prompt?: string };

  it('makes each sidechain a session of its own, events kept contiguous', () => {
    expect(starts(events).map((s) => s.sessionId)).toEqual([S3, ...roots.map((r) => `${S3}/sidechain-${String(r.value.uuid)}`)]);
    expect(sessionsAreContiguous(events)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('links a sidechain to the Task whose prompt it starts with, else to the Task open when it started', () => {
    for (const root of roots) {
      const prompt = message(root.value).content;
      const byPrompt = tasks.find((t) => taskInput(t.id).prompt === prompt);
      const results = toolResults(raw);
      const startTime = ms(root.value.timestamp);
      const open = tasks
        .filter((t) => ms(t.ts) <= startTime && ms(results.find((r) => r.id === t.id)?.ts) >= startTime)
        .at(-1);
      const expected = byPrompt ?? open;
      expect(expected).toBeDefined();
      const start = starts(events).find((s) => s.sessionId === `${S3}/sidechain-${String(root.value.uuid)}`);
      expect(start?.meta.parent).toEqual({ sessionId: S3, toolCallId: expected?.id });
      expect(start?.meta.agentName).toBe('general-purpose');
    }
    // One of the three is linked by time: its prompt matches no Task input.
    expect(roots.filter((r) => !tasks.some((t) => taskInput(t.id).prompt === message(r.value).content))).toHaveLength(1);
  });

  it('puts sidechain records in the sidechain sessions only, usage counted per session', () => {
    const sideLines = new Set(side.map((r) => r.line));
    for (const e of inSession(events, S3)) expect(sideLines.has(e.source?.line ?? -1)).toBe(false);
    expect(eventTotals(inSession(events, S3))).toEqual(sum(usageByResponse(raw.filter((r) => r.value.isSidechain !== true)).values()));
    const sideEvents = events.filter((e) => e.sessionId.startsWith(`${S3}/sidechain-`));
    expect(eventTotals(sideEvents)).toEqual(sum(usageByResponse(side).values()));
    expect(ofType(sideEvents, 'tool.call').map((c) => c.callId)).toEqual(toolUses(side).map((u) => u.id));
  });
});

describe('claude-code: sibling agent-*.jsonl files (2.0.x)', async () => {
  const dir = fixture('sibling');
  const files = walk(dir);
  const { units, events, warnings } = await convert(files);
  const main = join(dir, `${S4}.jsonl`);

  it('plans the session with the agent files that carry its sessionId; others apart', () => {
    const bySession = new Map(files.map((f) => [f, rawLines(f)[0]?.value.sessionId]));
    const mine = files.filter((f) => f !== main && bySession.get(f) === S4).sort();
    const others = files.filter((f) => bySession.get(f) !== S4).sort();
    expect(units.map((u) => u.files)).toEqual([[main, ...mine], others]);
  });

  it('links each agent named by a Task result toolUseResult.agentId, even when its prompt differs', () => {
    const links = rawLines(main).filter((r) => (r.value.toolUseResult as { agentId?: string } | undefined)?.agentId);
    expect(links).toHaveLength(2);
    for (const result of links) {
      const agentId = (result.value.toolUseResult as { agentId: string }).agentId;
      const callId = blocks(result.value)[0]?.tool_use_id;
      const input = toolUses(rawLines(main)).find((u) => u.id === callId);
      const taskInput = blocks(rawLines(main).find((r) => r.line === input?.line)?.value ?? {})[0]?.input as { subagent_type: string };
      const start = starts(events).find((s) => s.sessionId === `${S4}/agent-${agentId}`);
      expect(start?.meta.parent).toEqual({ sessionId: S4, toolCallId: callId });
      expect(start?.meta.agentName).toBe(taskInput.subagent_type);
      const agentRaw = rawLines(join(dir, `agent-${agentId}.jsonl`));
      expect(eventTotals(inSession(events, `${S4}/agent-${agentId}`))).toEqual(sum(usageByResponse(agentRaw).values()));
    }
  });

  it('puts a warmup agent (no launching call) under its session root, without a warning', () => {
    const warmup = rawLines(join(dir, 'agent-6b6b6b6b.jsonl'));
    expect(warmup[0]?.value.sessionId).toBe(S4);
    const launched = rawLines(main).flatMap((r) => [(r.value.toolUseResult as { agentId?: string } | undefined)?.agentId ?? []]).flat();
    expect(launched).not.toContain('6b6b6b6b');
    expect(starts(events).find((s) => s.sessionId === `${S4}/agent-6b6b6b6b`)?.meta.parent).toEqual({ sessionId: S4 });
    expect(eventTotals(inSession(events, `${S4}/agent-6b6b6b6b`))).toEqual(sum(usageByResponse(warmup).values()));
  });

  it('marks an agent whose session file is missing as such, with a warning', () => {
    const unlinked = warnings.filter((w) => w.code === 'subagent_unlinked').map((w) => w.file).sort();
    expect(unlinked).toEqual([join(dir, 'agent-7c7c7c7c.jsonl')]);
    const orphanSession = String(rawLines(join(dir, 'agent-7c7c7c7c.jsonl'))[0]?.value.sessionId);
    expect(files.some((f) => f.endsWith(`${orphanSession}.jsonl`))).toBe(false);
    const start = starts(events).find((s) => s.sessionId === `${orphanSession}/agent-7c7c7c7c`);
    expect(start?.meta.parent).toEqual({ sessionId: orphanSession, missing: true });
  });
});

describe('claude-code: <session>/subagents/ folder (2.1.x)', async () => {
  const main = fixture('subfolder', `${S5}.jsonl`);
  const sub = fixture('subfolder', S5, 'subagents');
  // Only the session file is given: its subagents folder is found on disk.
  const { units, events, warnings } = await convert([main]);
  const raw = rawLines(main);
  const sessionOf = (agentId: string) => starts(events).find((s) => s.sessionId === `${S5}/agent-${agentId}`);

  it('finds the subagent files and meta files next to the session', () => {
    expect(units).toHaveLength(1);
    expect(units[0]?.files.slice().sort()).toEqual([main, ...walk(sub)].sort());
    expect(sessionsAreContiguous(events)).toBe(true);
  });

  it('links by agent_progress (data.agentId + parentToolUseID) and by toolUseResult.agentId', () => {
    const viaProgress = raw.find((r) => r.value.type === 'progress' && (r.value.data as { agentId?: string }).agentId === 'a1f1f1f');
    expect(sessionOf('a1f1f1f')?.meta.parent).toEqual({ sessionId: S5, toolCallId: viaProgress?.value.parentToolUseID });
    const viaResult = raw.find((r) => (r.value.toolUseResult as { agentId?: string } | undefined)?.agentId === 'a2f2f2f');
    expect(sessionOf('a2f2f2f')?.meta.parent).toEqual({ sessionId: S5, toolCallId: blocks(viaResult?.value ?? {})[0]?.tool_use_id });
  });

  it('takes agentName from the meta file and the title from the Task description', () => {
    const meta = JSON.parse(readFileSync(join(sub, 'agent-a1f1f1f.meta.json'), 'utf8')) as { agentType: string };
    expect(sessionOf('a1f1f1f')?.meta.agentName).toBe(meta.agentType);
    expect(sessionOf('a2f2f2f')?.meta).toMatchObject({ agentName: 'Plan', title: 'Plan work' });
  });

  it('nests a subagent launched by another subagent under that subagent', () => {
    const nested = rawLines(join(sub, 'agent-a2f2f2f.jsonl')).find((r) => r.value.toolUseResult !== undefined);
    expect(sessionOf('a4f4f4f')?.meta.parent).toEqual({
      sessionId: `${S5}/agent-a2f2f2f`,
      toolCallId: blocks(nested?.value ?? {})[0]?.tool_use_id,
    });
  });

  it('links the auto-compaction agent to the session root, without a call', () => {
    expect(sessionOf('acompact-0d0d0d')?.meta).toMatchObject({ parent: { sessionId: S5 }, agentName: 'compact' });
    expect(sessionOf('acompact-0d0d0d')?.meta.parent?.toolCallId).toBeUndefined();
    expect(warnings.filter((w) => w.code === 'subagent_unlinked')).toEqual([]);
  });

  it('rebuilds a subagent whose file is absent from agent_progress, without counting it in the parent', () => {
    const steps = raw.filter((r) => r.value.type === 'progress' && (r.value.data as { agentId?: string }).agentId === 'a3f3f3f');
    const inner: RawLine[] = steps.map((r) => ({ line: r.line, value: (r.value.data as { message: Record<string, unknown> }).message }));
    const id = `${S5}/agent-a3f3f3f`;
    expect(sessionOf('a3f3f3f')?.meta.parent?.toolCallId).toBe(steps[0]?.value.parentToolUseID);
    expect(warnings.filter((w) => w.code === 'subagent_partial').map((w) => w.file)).toEqual([main]);
    const results = ofType(inSession(events, id), 'tool.result');
    const calls = ofType(inSession(events, id), 'tool.call');
    for (const use of toolUses(inner)) {
      const result = toolResults(inner).find((r) => r.id === use.id);
      const event = results.find((e) => e.callId === use.id);
      const call = calls.find((c) => c.callId === use.id);
      expect(event?.success).toBe(!result?.isError);
      expect(event?.durationMs).toBeUndefined();
      expect((event?.time ?? NaN) - (call?.time ?? NaN)).toBe(ms(result?.ts) - ms(use.ts));
    }
    expect(eventTotals(inSession(events, id))).toEqual(sum(usageByResponse(inner).values()));
    expect(eventTotals(inSession(events, S5))).toEqual(sum(usageByResponse(raw).values()));
    expect(ofType(inSession(events, S5), 'tool.call').map((c) => c.callId)).toEqual(toolUses(raw).map((u) => u.id));
  });
});

describe('claude-code: a subagent file whose session file is missing', async () => {
  const file = fixture('orphan', S6, 'subagents', 'agent-a6f6f6f.jsonl');
  const raw = rawLines(file);
  const { events, warnings } = await convert([file]);

  it('converts it as its own session, unlinked, with a subagent_unlinked warning', () => {
    expect(starts(events).map((s) => [s.sessionId, s.meta.parent])).toEqual([[`${S6}/agent-a6f6f6f`, { sessionId: S6, missing: true }]]);
    expect(warnings.map((w) => [w.code, w.file])).toEqual([['subagent_unlinked', file]]);
    expect(eventTotals(events)).toEqual(sum(usageByResponse(raw).values()));
    const callTime = new Map(ofType(events, 'tool.call').map((c) => [c.callId, c.time]));
    expect(ofType(events, 'tool.result').map((r) => [r.durationMs, r.time - (callTime.get(r.callId) ?? NaN)])).toEqual(
      toolResults(raw).map((r) => [undefined, ms(r.ts) - ms(toolUses(raw).find((u) => u.id === r.id)?.ts)]),
    );
  });
});

describe('claude-code: stable output', () => {
  it('converts the same files to the same events every time', async () => {
    const files = walk(FIXTURES);
    const a = await convert(files);
    const b = await convert(files);
    expect(b.events).toEqual(a.events);
    expect(a.events.length).toBeGreaterThan(100);
    for (const e of a.events) expect(AgentEvent.safeParse(e).success).toBe(true);
  });
});

describe('claude-code: cache writes split between the 5-minute and the 1-hour cache', () => {
  const usage = (write: number, hour: number | null) => ({
    input_tokens: 3,
    output_tokens: 9,
    cache_read_input_tokens: 40,
    cache_creation_input_tokens: write,
    ...(hour === null ? {} : { cache_creation: { ephemeral_5m_input_tokens: write - hour, ephemeral_1h_input_tokens: hour } }),
  });
  const line = (id: string, u: object, second: number) =>
    JSON.stringify({
      type: 'assistant',
      sessionId: S7,
      uuid: `u-${id}`,
      timestamp: `2026-01-02T03:04:0${second}.000Z`,
      message: { id, role: 'assistant', model: 'claude-opus-4-6', content: [{ type: 'text', text: 'ok' }], usage: u },
    });

  it('keeps the 1-hour part apart, and only when it fits within the writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-otel-claude-1h-'));
    try {
      const file = join(dir, `${S7}.jsonl`);
      writeFileSync(file, [line('m1', usage(500, 300), 1), line('m2', usage(500, 0), 2), line('m3', usage(100, 700), 3), line('m4', usage(80, null), 4)].join('\n') + '\n');
      const { events } = await convert([file]);
      const byId = new Map(ofType(events, 'model.call').map((c) => [c.responseId, c.usage]));
      expect(byId.get('m1')).toMatchObject({ cacheCreation: 500, cacheCreation1h: 300 });
      for (const id of ['m2', 'm3', 'm4']) expect(byId.get(id)?.cacheCreation1h, id).toBeUndefined();
      expect(byId.get('m3')?.cacheCreation).toBe(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
