import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import type { SessionEnd } from '../../live/handles.js';
import { endSession, startAgentSession, type AgentSession, type ToolLink } from './run-sessions.js';

/**
 * One run of the SDK's runner (a `task` span; the whole trace when the run
 * opens none) and the sessions of its agents: the first agent's session is
 * the run's and lasts as long as the run; an agent handed off to is a
 * subagent under the handoff's tool call. Those end with the run, the last
 * first, since each one's span holds the agents it handed off to.
 */
export class AgentRun {
  /** The session of the run's first agent. */
  session?: AgentSession;
  /** The last handoff: the next agent's session nests under it. */
  handoff?: ToolLink;
  /** The agents handed off to, in order, each with how its agent span ended. */
  private readonly handedOff: { session: AgentSession; end?: SessionEnd }[] = [];

  /** `link`: the tool call the run was started by (an agent used as a tool). */
  constructor(readonly link?: ToolLink) {}

  /** Starts the session of an agent of the run. */
  agentStarted(telemetry: AgentTelemetry, name: string, sdkTraceId: string): AgentSession {
    if (this.session === undefined) return (this.session = startAgentSession(telemetry, name, this.link, sdkTraceId));
    // A later agent nests under the handoff to it (else under the run's first agent).
    const session = startAgentSession(telemetry, name, this.handoff ?? { session: this.session }, sdkTraceId);
    this.handedOff.push({ session });
    return session;
  }

  /** An agent's span ended: a handed-off agent's session keeps `end` for the run's end. */
  agentEnded(session: AgentSession | undefined, end: SessionEnd): void {
    const entry = this.handedOff.find((h) => h.session === session);
    if (entry !== undefined) entry.end = end;
  }

  /**
   * Ends the run's sessions: each handed-off agent with how its span ended
   * (else `end`), then the run's with `end`. A run that failed before any
   * agent started still leaves a session, named `name`, with the error.
   */
  end(telemetry: AgentTelemetry, end: SessionEnd, name: string, sdkTraceId: string): void {
    for (const entry of this.handedOff.reverse()) if (!entry.session.live.isEnded) endSession(entry.session, entry.end ?? end);
    this.handedOff.length = 0;
    if (this.session === undefined && end.outcome !== 'ok') this.session = startAgentSession(telemetry, name, this.link, sdkTraceId);
    if (this.session !== undefined && !this.session.live.isEnded) endSession(this.session, end);
  }
}
