import { isoParts, rawJsonLines, str } from './raw-lines.js';

/**
 * What the end-to-end tests expect of each session's tool calls (and a few
 * token counts), read from the raw input files with JSON.parse and the
 * formats' own rules written out here, independent of the adapters: the
 * tool calls a session made, whether each succeeded, and when it ran.
 */

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

export function list(value: unknown): Obj[] {
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
export function isoDiffUs(a: string, b: string): number {
  const pa = isoParts(a);
  const pb = isoParts(b);
  return (pb.wholeMs - pa.wholeMs) * 1000 + (pb.nanos - pa.nanos) / 1000;
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
