import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { blocks, isObj, message, rawLines, sum, toolResults, toolUses, usageByResponse, walk, type Obj, type RawLine } from './claude-code-raw.js';
import { isoDiffMs, isoMs, str } from './raw-lines.js';
import { interruptedCall, type ExpectedCall, type ExpectedRun, type ExpectedSession, type ExpectedUsage } from './real-expected.js';

/**
 * Claude Code transcripts read plainly: one session per transcript file with
 * messages; sidechain records grouped by their `parentUuid` chain; subagent
 * files (`agent-<id>.jsonl`, sibling or in `<session>/subagents/`) linked to
 * the call whose result carries `toolUseResult.agentId` or whose
 * `agent_progress` records carry `data.agentId`; subagents with no file of
 * their own rebuilt from those `agent_progress` copies.
 */
const AGENT_FILE = /^agent-(.+)\.jsonl$/;
const LAUNCHERS = new Set(['Task', 'Agent']);

const isMessage = (r: RawLine) => r.value.type === 'user' || r.value.type === 'assistant';

function calls(lines: readonly RawLine[]): ExpectedCall[] {
  const results = toolResults(lines);
  const lastMs = Math.max(...lines.flatMap((r) => (typeof r.value.timestamp === 'string' ? [isoMs(r.value.timestamp)] : [])));
  return toolUses(lines).map((use) => {
    const result = results.find((r) => r.id === use.id);
    if (!result) return interruptedCall(use.id, use.name, isoMs(String(use.ts)), lastMs);
    const durationMs = isoDiffMs(String(use.ts), String(result.ts));
    return { id: use.id, name: use.name, success: !result.isError, durationMs, source: 'timestamps', interrupted: false };
  });
}

/** Anthropic usage: input + cache read + cache creation, once per message.id. */
function usage(lines: readonly RawLine[]): ExpectedUsage {
  const byResponse = usageByResponse(lines);
  const t = sum(byResponse.values());
  return { responses: byResponse.size, input: t.input + t.cacheRead + t.cacheCreation, output: t.output, cacheRead: t.cacheRead, cacheCreation: t.cacheCreation };
}

function session(id: string, file: string, lines: readonly RawLine[], parent?: ExpectedSession['parent']): ExpectedSession {
  return { agent: 'claude-code', id, file, calls: calls(lines), usage: usage(lines), ...(parent ? { parent } : {}) };
}

/** Sidechain records grouped under the uuid of the root of their parentUuid chain. */
function sidechains(lines: readonly RawLine[]): Map<string, RawLine[]> {
  const byUuid = new Map(lines.map((r) => [String(r.value.uuid), r]));
  const groups = new Map<string, RawLine[]>();
  for (const r of lines) {
    if (r.value.isSidechain !== true) continue;
    let root = r;
    for (let up = byUuid.get(String(root.value.parentUuid)); up?.value.isSidechain === true; up = byUuid.get(String(root.value.parentUuid))) root = up;
    const key = String(root.value.uuid);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
}

export function claudeCodeExpectations(dir: string): ExpectedRun {
  const files = walk(dir).filter((f) => f.endsWith('.jsonl')).sort();
  const byFile = new Map(files.map((f) => [f, rawLines(f)]));
  const run: ExpectedRun = { sessions: [], reports: [] };
  const sessionOf = (lines: RawLine[], file: string) => str(lines.find((r) => typeof r.value.sessionId === 'string')?.value.sessionId) ?? basename(file, '.jsonl');
  const agentFiles = new Set(files.flatMap((f) => AGENT_FILE.exec(basename(f))?.[1] ?? []));
  const mains = new Set(files.filter((f) => !AGENT_FILE.test(basename(f)) && byFile.get(f)!.some(isMessage)).map((f) => sessionOf(byFile.get(f)!, f)));
  const all = [...byFile.values()].flat().map((r) => r.value);
  /** The Task/Agent call that launched a subagent, from the parent's records. */
  const launchOf = (agentId: string): string | undefined => {
    for (const v of all) {
      if (isObj(v.toolUseResult) && v.toolUseResult.agentId === agentId) return str(blocks(v)[0]?.tool_use_id);
      if (v.type === 'progress' && isObj(v.data) && v.data.agentId === agentId && typeof v.parentToolUseID === 'string') return v.parentToolUseID;
    }
    return undefined;
  };

  for (const [file, lines] of byFile) {
    if (!lines.some(isMessage)) {
      run.reports.push({ file, code: statSync(file).size === 0 ? 'empty_file' : 'no_messages' });
      continue;
    }
    const sid = sessionOf(lines, file);
    const agent = AGENT_FILE.exec(basename(file))?.[1];
    if (agent !== undefined) {
      const agentId = str(lines.find((r) => typeof r.value.agentId === 'string')?.value.agentId) ?? agent;
      const id = `${sid}/agent-${agentId}`;
      if (!mains.has(sid)) {
        run.sessions.push({ ...session(id, file, lines), orphan: true });
        run.reports.push({ file, code: 'subagent_unlinked' });
        continue;
      }
      const toolCallId = launchOf(agentId);
      // Auto-compaction and warmup agents are not launched by a call: they hang under the session root.
      const parent =
        agentId.startsWith('acompact-') || toolCallId === undefined
          ? { sessionId: sid, evidence: 'root' as const }
          : { sessionId: sid, toolCallId, evidence: 'call' as const };
      run.sessions.push(session(id, file, lines, parent));
      continue;
    }
    const main = lines.filter((r) => r.value.isSidechain !== true);
    run.sessions.push(session(sid, file, main));
    // Inline sidechains (Claude Code 1.x): a Task's prompt is the sidechain root's first message.
    for (const [rootUuid, side] of sidechains(lines)) {
      const root = side.find((r) => String(r.value.uuid) === rootUuid) ?? side[0]!;
      const prompt = message(root.value).content;
      const task = main.flatMap((r) => blocks(r.value)).find((b) => b.type === 'tool_use' && LAUNCHERS.has(String(b.name)) && isObj(b.input) && b.input.prompt === prompt);
      const parent = task ? { sessionId: sid, toolCallId: String(task.id), evidence: 'call' as const } : { sessionId: sid, evidence: 'heuristic' as const };
      run.sessions.push(session(`${sid}/sidechain-${rootUuid}`, file, side, parent));
    }
    // Subagents with no transcript of their own: their steps are copied into agent_progress records.
    const copied = new Map<string, RawLine[]>();
    for (const r of lines) {
      const data = r.value.data;
      if (r.value.type !== 'progress' || !isObj(data) || data.type !== 'agent_progress' || typeof data.agentId !== 'string') continue;
      if (agentFiles.has(data.agentId) || !isObj(data.message)) continue;
      const step: Obj = { timestamp: r.value.timestamp, ...data.message };
      copied.set(data.agentId, [...(copied.get(data.agentId) ?? []), { line: r.line, value: step }]);
    }
    for (const [agentId, steps] of copied) {
      run.sessions.push(session(`${sid}/agent-${agentId}`, file, steps, { sessionId: sid, toolCallId: launchOf(agentId), evidence: 'call' }));
      run.reports.push({ file, code: 'subagent_partial' });
    }
  }
  return run;
}
