/**
 * One traced LangChain/LangGraph run as a session: its live session, the
 * model and tool calls in flight, the subgraph sessions started inside it,
 * and how it ends.
 */
import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { SessionEnd } from '../../live/handles.js';
import type { ModelCallHandle, ToolCallHandle } from '../../live/handles.js';
import type { LiveSession } from '../../live/live-session.js';
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
  readonly models = new Map<string, ModelCallHandle>();
  /** Streamed model calls: when each started, until its first token (then the milliseconds to it). */
  readonly firstToken = new Map<string, { startedAt: number; ms?: number }>();
  readonly tools = new Map<string, ToolCallHandle>();
  /** Tool call id -> the response that asked for it. */
  readonly askedBy = new Map<string, string>();
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

  get isEnded(): boolean {
    return this.ended;
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
