import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isoParts, rawJsonLines, str } from './raw-lines.js';

/**
 * What the end-to-end tests expect of each session's tool calls (and a few
 * token counts), read from the raw input files with JSON.parse and the
 * formats' own rules written out here, independent of the adapters: the
 * tool calls a session made, whether each succeeded, and when it ran.
 */

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

export interface RawTool {
  /** The source's call id; undefined where the format records none (agent-otel makes one up). */
  callId: string | undefined;
  name: string;
  success: boolean;
  /** Epoch µs of the call record, where the format dates it. */
  startUs?: number;
  /** µs from the call record to the result record (or the duration the format records). */
  durationUs?: number;
}

/** How to find a session's invoke_agent span. */
export type Locate =
  /** gen_ai.conversation.id = the source's session id (span model). */
  | { conversationId: string }
  /** The subagent launched by this tool call: the invoke_agent whose parent is that execute_tool span. */
  | { launchedBy: string };

export interface RawSession {
  label: string;
  locate: Locate;
  tools: RawTool[];
  /** Token usage per model response, where the format makes it plain. */
  chats?: Array<{ responseId?: string; input: number; output: number }>;
  /** Totals of the whole session, where the format records them itself. */
  totals?: { input: number; output: number };
}

/** Epoch µs of an RFC 3339 time, from its digits (sub-µs digits dropped). */
export function isoUs(ts: string): number {
  const p = isoParts(ts);
  return p.wholeMs * 1000 + Math.floor(p.nanos / 1000);
}

/** Exact µs between two RFC 3339 times (fractional). */
function isoDiffUs(a: string, b: string): number {
  const pa = isoParts(a);
  const pb = isoParts(b);
  return (pb.wholeMs - pa.wholeMs) * 1000 + (pb.nanos - pa.nanos) / 1000;
}

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

// --- zag and kaizen: call/result records, paired by id, or in order per tool name when there is none ---

interface PairInput {
  id: string | undefined;
  name: string;
  isCall: boolean;
  success: boolean;
  startUs: number;
  ts?: string;
  durationUs?: number;
}

function pairCalls(records: readonly PairInput[]): RawTool[] {
  const tools: Array<RawTool & { ts?: string }> = [];
  const byId = new Map<string, RawTool & { ts?: string }>();
  const waiting = new Map<string, Array<RawTool & { ts?: string }>>();
  for (const r of records) {
    if (r.isCall) {
      const tool = { callId: r.id, name: r.name, success: false, startUs: r.startUs, ts: r.ts };
      tools.push(tool);
      if (r.id) byId.set(r.id, tool);
      else waiting.set(r.name, [...(waiting.get(r.name) ?? []), tool]);
      continue;
    }
    const tool = r.id ? byId.get(r.id) : waiting.get(r.name)?.shift();
    if (!tool) continue;
    tool.success = r.success;
    if (r.durationUs !== undefined) tool.durationUs = r.durationUs;
    else if (tool.ts && r.ts) tool.durationUs = isoDiffUs(tool.ts, r.ts);
  }
  return tools.map(({ ts: _ts, ...tool }) => tool);
}

/** A zag session log: `tool_call` / `tool_result` with `tool_id` (or none), `success: true` or not. */
export function zagSession(file: string): RawSession {
  const lines = rawJsonLines(file).map((l) => l.value);
  const sessionId = String(lines[0]?.wrapper_session_id);
  const tools = pairCalls(
    lines
      .filter((v) => v.type === 'tool_call' || v.type === 'tool_result')
      .map((v) => ({
        id: str(v.tool_id),
        name: String(v.tool_name),
        isCall: v.type === 'tool_call',
        success: v.success === true,
        startUs: isoUs(String(v.ts)),
        ts: String(v.ts),
      })),
  );
  return { label: `zag ${sessionId}`, locate: { conversationId: sessionId }, tools };
}

/** kaizen's success flags: `ok`, else `success`, else `is_error`, else no `error`. */
function kaizenSuccess(payload: Obj): boolean {
  if (typeof payload.ok === 'boolean') return payload.ok;
  if (typeof payload.success === 'boolean') return payload.success;
  if (typeof payload.is_error === 'boolean') return !payload.is_error;
  return payload.error === undefined || payload.error === null;
}

/** A kaizen events.jsonl: ToolCall / ToolResult (run time in latency_ms), Messages with token counts. */
export function kaizenSession(file: string): RawSession {
  const lines = rawJsonLines(file).map((l) => l.value);
  const sessionId = String(lines[0]?.session_id);
  const tools = pairCalls(
    lines
      .filter((v) => v.kind === 'ToolCall' || v.kind === 'ToolResult')
      .map((v) => ({
        id: str(v.tool_call_id),
        name: String(v.tool),
        isCall: v.kind === 'ToolCall',
        success: kaizenSuccess(obj(v.payload)),
        startUs: typeof v.ts_ms === 'number' ? v.ts_ms * 1000 : 0,
        ...(typeof v.latency_ms === 'number' ? { durationUs: v.latency_ms * 1000 } : {}),
      })),
  );
  const chats = lines
    .filter((v) => v.kind === 'Message' && (typeof v.tokens_in === 'number' || typeof v.tokens_out === 'number'))
    .map((v) => ({ input: Number(v.tokens_in ?? 0), output: Number(v.tokens_out ?? 0) }));
  return { label: `kaizen ${sessionId}`, locate: { conversationId: sessionId }, tools, chats };
}
