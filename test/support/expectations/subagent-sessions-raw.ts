import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { rawJsonLines, str } from './raw-lines.js';
import { isoDiffUs, isoUs, list, obj, type Obj, type RawSession, type RawTool } from './tool-calls-raw.js';

/**
 * Raw readings (JSON.parse, the format's rules written out here, nothing
 * from the adapters) of the two formats whose subagents live in files of
 * their own, for the end-to-end tests: Claude Code and Codex.
 */

// --- Claude Code: tool_use / tool_result blocks; is_error is the only failure flag ---

interface ClaudeRecord {
  ts?: string;
  value: Obj;
}

function claudeTools(records: readonly ClaudeRecord[], dated: boolean): RawTool[] {
  const calls: Array<{ id: string; name: string; ts?: string }> = [];
  const results = new Map<string, { isError: boolean; ts?: string }>();
  for (const { ts, value } of records) {
    for (const block of list(obj(value.message).content)) {
      if (block.type === 'tool_use') calls.push({ id: String(block.id), name: String(block.name), ts });
      if (block.type === 'tool_result') results.set(String(block.tool_use_id), { isError: block.is_error === true, ts });
    }
  }
  return calls.map((call) => {
    const result = results.get(call.id);
    const tool: RawTool = { callId: call.id, name: call.name, success: result !== undefined && !result.isError };
    if (dated && call.ts) tool.startUs = isoUs(call.ts);
    if (dated && call.ts && result?.ts) tool.durationUs = isoDiffUs(call.ts, result.ts);
    return tool;
  });
}

function claudeChats(records: readonly ClaudeRecord[]): RawSession['chats'] {
  const last = new Map<string, Obj>();
  for (const { value } of records) {
    const message = obj(value.message);
    if (value.type === 'assistant' && typeof message.id === 'string' && message.usage) last.set(message.id, obj(message.usage));
  }
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return [...last].map(([responseId, u]) => ({
    responseId,
    // Anthropic's input_tokens leaves out cache reads and writes; the semantic conventions count them in.
    input: n(u.input_tokens) + n(u.cache_read_input_tokens) + n(u.cache_creation_input_tokens),
    output: n(u.output_tokens),
  }));
}

/**
 * A Claude Code session file and its subagents (`<session>/subagents/agent-<id>.jsonl`).
 * A subagent is found through the Task/Agent call that launched it: the
 * tool_result's `toolUseResult.agentId`, or the `parentToolUseID` of the
 * parent's `agent_progress` records. A subagent whose file is missing is read
 * from those progress records (the messages the parent copied).
 */
export function claudeCodeSessions(mainFile: string): RawSession[] {
  const main: ClaudeRecord[] = rawJsonLines(mainFile).map(({ value }) => ({ ts: str(value.timestamp), value }));
  const sessionId = String(main.find((r) => typeof r.value.sessionId === 'string')?.value.sessionId);
  const dir = join(dirname(mainFile), basename(mainFile, '.jsonl'), 'subagents');
  const agentFiles = existsSync(dir) ? readdirSync(dir).filter((f) => /^agent-.+\.jsonl$/.test(f)).sort() : [];
  const agents = new Map<string, ClaudeRecord[]>(
    agentFiles.map((f) => [f.slice('agent-'.length, -'.jsonl'.length), rawJsonLines(join(dir, f)).map(({ value }) => ({ ts: str(value.timestamp), value }))]),
  );
  const launchedBy = new Map<string, string>();
  const copied = new Map<string, ClaudeRecord[]>();
  for (const records of [main, ...agents.values()]) {
    for (const { value } of records) {
      const agentId = str(obj(value.toolUseResult).agentId);
      const result = list(obj(value.message).content).find((b) => b.type === 'tool_result');
      if (agentId && result) launchedBy.set(agentId, String(result.tool_use_id));
      const data = obj(value.data);
      if (value.type === 'progress' && data.type === 'agent_progress' && typeof data.agentId === 'string') {
        if (typeof value.parentToolUseID === 'string') launchedBy.set(data.agentId, value.parentToolUseID);
        const inner = obj(data.message);
        copied.set(data.agentId, [...(copied.get(data.agentId) ?? []), { ts: str(inner.timestamp), value: inner }]);
      }
    }
  }
  const sessions: RawSession[] = [
    { label: `claude-code ${sessionId}`, locate: { conversationId: sessionId }, tools: claudeTools(main, true), chats: claudeChats(main) },
  ];
  for (const [agentId, records] of agents) {
    const by = launchedBy.get(agentId);
    // A subagent no call launched (e.g. a compaction) has no tool span to hang under; the tree check covers it.
    if (by) sessions.push({ label: `claude-code subagent ${agentId}`, locate: { launchedBy: by }, tools: claudeTools(records, true), chats: claudeChats(records) });
  }
  for (const [agentId, records] of copied) {
    const by = launchedBy.get(agentId);
    if (!agents.has(agentId) && by) {
      // Only the copies' own times are known, not when the parent saw them: no times expected.
      sessions.push({ label: `claude-code subagent ${agentId} (from progress records)`, locate: { launchedBy: by }, tools: claudeTools(records, false) });
    }
  }
  return sessions;
}

// --- Codex: function_call / function_call_output; an exit code decides, else success ---

/** Success of a Codex function call output: the exit code when it says one, else true. */
export function codexSuccess(output: unknown): boolean {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  try {
    const parsed = obj(JSON.parse(text));
    const code = obj(parsed.metadata).exit_code;
    if (typeof code === 'number') return code === 0;
    if (typeof parsed.success === 'boolean') return parsed.success;
  } catch {
    // plain text output
  }
  const exited = /Process exited with code (\d+)/.exec(text);
  return exited ? exited[1] === '0' : true;
}

interface CodexFile {
  id: string;
  parentId: string | undefined;
  records: Array<{ ts: string; type: string; p: Obj }>;
}

function readCodex(file: string): CodexFile {
  const records = rawJsonLines(file).map(({ value }) => ({ ts: String(value.timestamp), type: String(value.type), p: obj(value.payload) }));
  const meta = records.find((r) => r.type === 'session_meta')?.p ?? {};
  const spawn = obj(obj(obj(meta.source).subagent).thread_spawn);
  return { id: String(meta.id), parentId: str(meta.forked_from_id) ?? str(spawn.parent_thread_id), records };
}

/**
 * Codex rollout files. A spawned thread's file starts with a copy of its
 * parent's history; its own calls are the ones whose call_id the parent's
 * file does not hold. It is found through the spawning call
 * (`collab_agent_spawn_end`: call_id -> new_thread_id).
 */
export function codexSessions(files: readonly string[]): RawSession[] {
  const rollouts = files.map(readCodex);
  const callIds = (f: CodexFile) => new Set(f.records.filter((r) => r.p.type === 'function_call').map((r) => String(r.p.call_id)));
  const spawnedBy = new Map<string, string>();
  for (const f of rollouts) {
    for (const r of f.records) {
      if (r.type === 'event_msg' && r.p.type === 'collab_agent_spawn_end') spawnedBy.set(String(r.p.new_thread_id), String(r.p.call_id));
    }
  }
  return rollouts.map((f) => {
    const parent = rollouts.find((p) => p.id === f.parentId);
    const inherited = parent ? callIds(parent) : new Set<string>();
    const outputs = new Map(f.records.filter((r) => r.p.type === 'function_call_output').map((r) => [String(r.p.call_id), r]));
    const tools = f.records
      .filter((r) => r.p.type === 'function_call' && !inherited.has(String(r.p.call_id)))
      .map((call): RawTool => {
        const output = outputs.get(String(call.p.call_id));
        return {
          callId: String(call.p.call_id),
          name: String(call.p.name),
          success: output !== undefined && codexSuccess(output.p.output),
          startUs: isoUs(call.ts),
          ...(output ? { durationUs: isoDiffUs(call.ts, output.ts) } : {}),
        };
      });
    const by = spawnedBy.get(f.id);
    const session: RawSession = { label: `codex ${f.id}`, locate: by ? { launchedBy: by } : { conversationId: f.id }, tools };
    // A plain session (no fork, no spawn): the last token_count's running total is the session's usage.
    const plain = !parent && !rollouts.some((c) => c.parentId === f.id);
    const counts = f.records.filter((r) => r.p.type === 'token_count' && obj(r.p.info).total_token_usage);
    const total = obj(obj(counts.at(-1)?.p.info).total_token_usage);
    if (plain && typeof total.input_tokens === 'number' && typeof total.output_tokens === 'number') {
      session.totals = { input: total.input_tokens, output: total.output_tokens };
    }
    return session;
  });
}
