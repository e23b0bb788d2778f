/**
 * Conformance over the real Claude Code files in ../shared/fixtures/real/claude-code:
 * every expectation is computed here from the raw lines with plain JSON parsing.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentEvent } from '../../src/model/events.js';
import {
  blocks,
  convert,
  eventTotals,
  isObj,
  message,
  ms,
  rawLines,
  sum,
  toolResults,
  toolUses,
  usageByResponse,
  walk,
  type Obj,
  type RawLine,
} from '../support/expectations/claude-code-raw.js';
import { inSession, ofType, sessionsAreContiguous, starts } from '../support/runs/collect-events.js';

const REAL = resolve(import.meta.dirname, '../../../shared/fixtures/real/claude-code');
const present = existsSync(REAL);
if (!present) {
  if (process.env.CI) throw new Error(`real Claude Code fixtures missing at ${REAL}`);
  console.warn(`claude-code conformance skipped: ${REAL} is absent`);
}

interface Expected {
  sessionId: string;
  file: string;
  lines: RawLine[];
  /** The launching call, when the raw files show one. */
  toolCallId?: string;
  /** True for a subagent that must link to its session root without a call. */
  rootOnly?: boolean;
  root?: string;
}

const AGENT_FILE = /^agent-(.+)\.jsonl$/;

/** The sessions the raw files hold, with their lines, computed without the adapter. */
function expectedSessions(files: string[]): { sessions: Expected[]; inline: Map<string, RawLine[]> } {
  const jsonl = files.filter((f) => f.endsWith('.jsonl'));
  const byFile = new Map(jsonl.map((f) => [f, rawLines(f)]));
  const agentFiles = new Set(jsonl.flatMap((f) => AGENT_FILE.exec(basename(f))?.[1] ?? []));
  const all = [...byFile.values()].flat().map((r) => r.value);
  const launchOf = (agentId: string): string | undefined => {
    for (const v of all) {
      if (isObj(v.toolUseResult) && v.toolUseResult.agentId === agentId) return String(blocks(v)[0]?.tool_use_id);
      if (v.type === 'progress' && isObj(v.data) && v.data.agentId === agentId && typeof v.parentToolUseID === 'string') return v.parentToolUseID;
    }
    return undefined;
  };
  const sessions: Expected[] = [];
  const inline = new Map<string, RawLine[]>();
  for (const [file, lines] of byFile) {
    const messages = lines.filter((r) => r.value.type === 'user' || r.value.type === 'assistant');
    if (messages.length === 0) continue;
    const sid = String(lines.find((r) => typeof r.value.sessionId === 'string')?.value.sessionId ?? basename(file, '.jsonl'));
    const agent = AGENT_FILE.exec(basename(file))?.[1];
    if (agent !== undefined) {
      const id = String(lines.find((r) => typeof r.value.agentId === 'string')?.value.agentId ?? agent);
      const toolCallId = launchOf(id);
      sessions.push({
        sessionId: `${sid}/agent-${id}`,
        file,
        lines,
        ...(toolCallId ? { toolCallId } : {}),
        ...(id.startsWith('acompact-') ? { rootOnly: true, root: sid } : {}),
      });
      continue;
    }
    sessions.push({ sessionId: sid, file, lines: lines.filter((r) => r.value.isSidechain !== true) });
    const side = lines.filter((r) => r.value.isSidechain === true);
    if (side.length > 0) inline.set(sid, side);
    // Subagents with no file of their own: their steps are copied into agent_progress records.
    const progressOnly = new Map<string, RawLine[]>();
    for (const r of lines) {
      const data = r.value.data;
      if (r.value.type !== 'progress' || !isObj(data) || data.type !== 'agent_progress' || typeof data.agentId !== 'string') continue;
      if (agentFiles.has(data.agentId) || !isObj(data.message)) continue;
      const step: Obj = { timestamp: r.value.timestamp, ...data.message };
      progressOnly.set(data.agentId, [...(progressOnly.get(data.agentId) ?? []), { line: r.line, value: step }]);
    }
    for (const [agentId, steps] of progressOnly) {
      const toolCallId = launchOf(agentId);
      sessions.push({ sessionId: `${sid}/agent-${agentId}`, file, lines: steps, ...(toolCallId ? { toolCallId } : {}) });
    }
  }
  return { sessions, inline };
}

describe.runIf(present)('claude-code conformance on real files', async () => {
  const files = present ? walk(REAL) : [];
  const { events, warnings } = await convert(files);
  const { sessions, inline } = expectedSessions(files);

  it('emits valid canonical events, each session contiguous', () => {
    for (const e of events) expect(AgentEvent.safeParse(e).success).toBe(true);
    expect(sessionsAreContiguous(events)).toBe(true);
  });

  it('emits a session for every file or subagent with messages, and only those', () => {
    const inlineRoots = [...inline].flatMap(([sid, side]) =>
      side.filter((r) => r.value.parentUuid === null && r.value.type === 'user').map((r) => `${sid}/sidechain-${String(r.value.uuid)}`),
    );
    expect(starts(events).map((s) => s.sessionId).sort()).toEqual([...sessions.map((s) => s.sessionId), ...inlineRoots].sort());
  });

  it('emits each tool_use exactly once as tool.call, with its name, in its session', () => {
    const calls = ofType(events, 'tool.call');
    const expected = sessions.flatMap((s) => toolUses(s.lines).map((u) => ({ ...u, sessionId: s.sessionId })));
    const inlineUses = [...inline.values()].flatMap((side) => toolUses(side));
    expect(calls).toHaveLength(expected.length + inlineUses.length);
    for (const u of expected) {
      const matching = calls.filter((c) => c.callId === u.id);
      expect(matching.map((c) => [c.name, c.sessionId, c.time])).toEqual([[u.name, u.sessionId, ms(u.ts)]]);
    }
    for (const u of inlineUses) expect(calls.filter((c) => c.callId === u.id && c.name === u.name)).toHaveLength(1);
  });

  it('gives each result success = !is_error and duration = result line time - tool_use line time', () => {
    const results = ofType(events, 'tool.result');
    const callTime = new Map(ofType(events, 'tool.call').map((c) => [c.callId, c.time]));
    const groups = [...sessions.map((s) => s.lines), ...inline.values()];
    let checked = 0;
    for (const lines of groups) {
      const uses = new Map(toolUses(lines).map((u) => [u.id, u]));
      for (const r of toolResults(lines)) {
        const event = results.filter((e) => e.callId === r.id);
        expect(event).toHaveLength(1);
        expect(event[0]?.success).toBe(!r.isError);
        expect(event[0]?.time).toBe(ms(r.ts));
        const use = uses.get(r.id);
        // Claude Code records no duration: the span runs from the call's line to the result's.
        expect(event[0]?.durationMs).toBeUndefined();
        if (use) expect((event[0]?.time ?? NaN) - (callTime.get(r.id) ?? NaN)).toBe(ms(r.ts) - ms(use.ts));
        checked++;
      }
    }
    expect(checked).toBe(results.length);
    expect(checked).toBeGreaterThan(300);
  });

  it('counts usage once per message.id in each session', () => {
    for (const s of sessions) {
      expect(eventTotals(inSession(events, s.sessionId)), s.sessionId).toEqual(sum(usageByResponse(s.lines).values()));
      expect(ofType(inSession(events, s.sessionId), 'model.call')).toHaveLength(usageByResponse(s.lines).size);
    }
    for (const [sid, side] of inline) {
      const sideEvents = events.filter((e) => e.sessionId.startsWith(`${sid}/sidechain-`));
      expect(eventTotals(sideEvents)).toEqual(sum(usageByResponse(side).values()));
    }
  });

  it('links every subagent with a discoverable launching call to that call', () => {
    const byId = new Map(starts(events).map((s) => [s.sessionId, s]));
    let linked = 0;
    for (const s of sessions) {
      const meta = byId.get(s.sessionId)?.meta;
      if (s.toolCallId !== undefined) {
        expect(meta?.parent?.toolCallId, s.sessionId).toBe(s.toolCallId);
        linked++;
      }
      if (s.rootOnly && byId.has(s.root ?? '')) expect(meta?.parent).toEqual({ sessionId: s.root });
    }
    // Inline sidechains: the Task whose input prompt is the sidechain's first prompt.
    for (const [sid, side] of inline) {
      const parentLines = sessions.find((s) => s.sessionId === sid)?.lines ?? [];
      for (const root of side.filter((r) => r.value.parentUuid === null && r.value.type === 'user')) {
        const prompt = message(root.value).content;
        const task = parentLines.flatMap((r) => blocks(r.value)).find((b) => b.type === 'tool_use' && isObj(b.input) && b.input.prompt === prompt);
        if (!task) continue;
        expect(byId.get(`${sid}/sidechain-${String(root.value.uuid)}`)?.meta.parent).toEqual({ sessionId: sid, toolCallId: task.id });
        linked++;
      }
    }
    expect(linked).toBeGreaterThanOrEqual(6);
  });

  it('reports files without a session and unlinked or partial subagents, and nothing else', () => {
    const codes = new Set(warnings.map((w) => w.code));
    for (const code of codes) expect(['empty_file', 'no_messages', 'subagent_unlinked', 'subagent_partial']).toContain(code);
    const unlinked = warnings.filter((x) => x.code === 'subagent_unlinked').map((w) => w.file);
    expect(unlinked.length).toBeGreaterThan(0);
    for (const file of unlinked) {
      const s = sessions.find((x) => x.file === file && x.sessionId.includes('/agent-'));
      expect(s, file).toBeDefined();
      expect(s?.toolCallId).toBeUndefined();
      expect(s?.rootOnly).toBeUndefined();
    }
  });
});
