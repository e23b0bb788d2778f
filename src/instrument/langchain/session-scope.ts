/**
 * One traced LangChain/LangGraph run as a session: its live session, the
 * model and tool calls in flight, the subgraph sessions started inside it,
 * and how it ends.
 */
import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { ModelCallHandle, ModelCallOptions, SessionEnd, ToolCallEnd, ToolCallHandle } from '../../live/handles.js';
import type { LiveSession } from '../../live/live-session.js';
import type { ChatResult } from './chat-result.js';
import { errorValue } from './lc-values.js';
import type { RunStop } from './run-errors.js';

export type ScopeEnd = RunStop | 'ok';

/** The session's end as the span model names it: a cancelled or paused run is `interrupted`, with the reason. */
function sessionEnd(how: ScopeEnd, error: unknown): SessionEnd {
  switch (how) {
    case 'ok':
      return { outcome: 'ok' };
    case 'handoff':
      return { outcome: 'ok', reason: 'handoff' };
    case 'interrupt':
      return { outcome: 'interrupted', reason: 'interrupt' };
    case 'cancelled':
      return { outcome: 'interrupted', reason: 'cancelled' };
    default:
      return { outcome: 'error', error: errorValue(error) };
  }
}

export class SessionScope {
  /** Run ids recorded in this session (forgotten when it ends). */
  readonly runs = new Set<string>();
  private readonly models = new Map<string, ModelCallHandle>();
  /** Streamed model calls: when each started, until its first token (then the milliseconds to it). */
  private readonly firstToken = new Map<string, { startedAt: number; ms?: number }>();
  private readonly tools = new Map<string, ToolCallHandle>();
  /** Tool call id -> the response that asked for it. */
  private readonly askedBy = new Map<string, string>();
  readonly children = new Set<SessionScope>();
  /** A run inside was cancelled: the session ends cancelled whatever error reaches its root. */
  cancelled = false;
  /** A run inside paused at LangGraph's `interrupt()`: the graph returns, waiting for a human. */
  paused = false;
  private ended = false;

  constructor(
    readonly session: LiveSession,
    readonly telemetry: AgentTelemetry,
    readonly rootRunId: string,
    readonly parent?: SessionScope,
  ) {
    parent?.children.add(this);
  }

  startModel(runId: string, options: ModelCallOptions): void {
    this.models.set(runId, this.session.startModelCall(options));
    this.firstToken.set(runId, { startedAt: performance.now() });
  }

  modelToken(runId: string): void {
    const first = this.firstToken.get(runId);
    if (first !== undefined && first.ms === undefined) first.ms = performance.now() - first.startedAt;
  }

  /**
   * Ends a model call with its result, or its error; false when it is not
   * one of this session's calls in flight. The response's parts go first,
   * named by its id, so that they are its chat span's output.
   */
  endModel(runId: string, result: ChatResult | { error: Error | string }): boolean {
    const handle = this.models.get(runId);
    if (handle === undefined) return false;
    const timeToFirstTokenMs = this.firstToken.get(runId)?.ms;
    this.models.delete(runId);
    this.firstToken.delete(runId);
    if ('error' in result) {
      handle.end({ error: result.error });
      return true;
    }
    const { responseId, toolCalls } = result;
    if (result.reasoning !== undefined) this.session.record({ type: 'reasoning', content: result.reasoning, responseId });
    if (result.content !== undefined || toolCalls.length > 0) {
      this.session.record({ type: 'message', role: 'assistant', content: result.content, responseId, toolCalls: toolCalls.length > 0 ? toolCalls : undefined });
    }
    if (responseId !== undefined) for (const call of toolCalls) this.askedBy.set(call.callId, responseId);
    handle.end({ responseId, responseModel: result.responseModel, usage: result.usage, finishReasons: result.finishReasons, timeToFirstTokenMs });
    return true;
  }

  /** Starts a tool call (named by the model's call id, which links it to the response that asked for it); its call id. */
  startTool(runId: string, name: string, input: unknown, callId: string | undefined): string {
    const responseId = callId === undefined ? undefined : this.askedBy.get(callId);
    const handle = this.session.startToolCall(name, input, { callId, responseId });
    this.tools.set(runId, handle);
    return handle.callId;
  }

  /** Ends a tool call; false when it is not one of this session's calls in flight. */
  endTool(runId: string, end: ToolCallEnd): boolean {
    const handle = this.tools.get(runId);
    if (handle === undefined) return false;
    this.tools.delete(runId);
    this.askedBy.delete(handle.callId);
    handle.end(end);
    return true;
  }

  /**
   * Ends the session: subgraph sessions still open first, then the calls in
   * flight (they get the run's error, or say the run ended before them).
   * Returns the run ids to forget.
   */
  end(how: ScopeEnd, error?: unknown): string[] {
    if (this.ended) return [];
    this.ended = true;
    const stop: ScopeEnd = this.cancelled && how === 'error' ? 'cancelled' : this.paused && how === 'ok' ? 'interrupt' : how;
    const forget = [...this.children].flatMap((child) => child.end(stop, error));
    const cause = stop === 'error' && error !== undefined ? errorValue(error) : `the run ended before the call did (${stop})`;
    const errorType = stop === 'cancelled' ? 'cancelled' : stop === 'error' ? 'tool_error' : 'interrupted';
    for (const handle of this.models.values()) handle.end({ error: cause });
    for (const handle of this.tools.values()) handle.end({ success: false, error: cause, errorType });
    this.session.end(sessionEnd(stop, error));
    this.parent?.children.delete(this);
    return [...forget, ...this.runs];
  }
}
