import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { SessionEnd } from '../../live/handles.js';
import type { LiveSession } from '../../live/live-session.js';
import type { RecordedEvent } from '../../live/recorded-event.js';
import { startRunSession } from '../run-context.js';

/** One agent's session: the run's first agent, or an agent a handoff or a tool call started. */
export interface AgentSession {
  readonly live: LiveSession;
  readonly agent: string;
  /** When it started (epoch ms): nothing in it is recorded earlier. */
  readonly startedAt: number;
}

/** The tool call (a function call, a handoff) a session nests under; without a call id, the session itself. */
export interface ToolLink {
  readonly session: AgentSession;
  readonly callId?: string;
}

export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Starts the session of an agent. With `link` it is a subagent under that
 * call; without, a run started inside another SDK's traced tool call still
 * nests under it (startRunSession).
 */
export function startAgentSession(telemetry: AgentTelemetry, agent: string, link: ToolLink | undefined, sdkTraceId: string): AgentSession {
  const startedAt = now();
  const parent =
    link === undefined ? undefined : { agent: link.session.agent, sessionId: link.session.live.sessionId, ...(link.callId !== undefined ? { toolCallId: link.callId } : {}) };
  const live = startRunSession(telemetry, agent, { ...(parent !== undefined ? { parent } : {}), attributes: { 'openai_agents.trace_id': sdkTraceId } });
  return { live, agent, startedAt };
}

/** Records `event` in `session`, never earlier than the session's start (the SDK's times are whole milliseconds). */
export function recordIn(session: AgentSession, event: RecordedEvent): void {
  const time = event.time === undefined ? undefined : Math.max(event.time, session.startedAt);
  if (event.type === 'model.call' && event.startTime !== undefined) {
    session.live.record({ ...event, time, startTime: Math.min(Math.max(event.startTime, session.startedAt), time ?? Number.POSITIVE_INFINITY) });
  } else {
    session.live.record({ ...event, time });
  }
}

export function endSession(session: AgentSession, end: SessionEnd): void {
  session.live.end(end);
}
