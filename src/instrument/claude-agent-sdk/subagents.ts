import { isRecord } from '../../core/json-lines.js';
import { AGENT } from '../../adapters/claude-code/session-meta.js';
import type { AgentTelemetry } from '../../live/agent-telemetry.js';
import { Transcript } from './transcript.js';

/**
 * The subagents of a run: the SDK marks a subagent's messages with
 * `parent_tool_use_id`, the id of the Task/Agent call that runs it. Each is a
 * session of its own, nested under that call (in the main agent's transcript,
 * or in the subagent's that made the call), and ends when the call's result
 * arrives.
 */
export class Subagents {
  /** Open subagents by the id of the call that runs them. */
  private readonly open = new Map<string, Transcript>();
  /** The transcript each tool call was made in. */
  private readonly callOwners = new Map<string, Transcript>();

  constructor(
    private readonly telemetry: AgentTelemetry,
    private readonly now: () => number,
  ) {}

  /** The transcript of the subagent run by `callId`, started at its first message. */
  of(callId: string, message: Record<string, unknown>, main: Transcript): Transcript {
    const open = this.open.get(callId);
    if (open) return open;
    const parent = this.callOwners.get(callId) ?? main;
    const agentId = typeof message.agent_id === 'string' ? message.agent_id : undefined;
    const session = this.telemetry.startSession({
      agent: AGENT,
      // As `convert` names a subagent of a transcript: <session>/agent-<agentId>.
      sessionId: `${main.session.sessionId}/${agentId !== undefined ? `agent-${agentId}` : callId}`,
      parent: { agent: AGENT, sessionId: parent.session.sessionId, toolCallId: callId },
      provider: 'anthropic',
      ...(typeof message.subagent_type === 'string' ? { agentName: message.subagent_type } : {}),
      ...(typeof message.task_description === 'string' ? { title: message.task_description } : {}),
    });
    const sub = new Transcript(session, this.now());
    this.open.set(callId, sub);
    return sub;
  }

  /** Remembers the tool calls an assistant message makes, and in which transcript. */
  noteCalls(transcript: Transcript, message: Record<string, unknown>): void {
    for (const block of contentBlocks(message)) {
      if (block.type === 'tool_use' && typeof block.id === 'string') this.callOwners.set(block.id, transcript);
    }
  }

  /** A user message with the result of a Task/Agent call ends its subagent first: the subagent sits inside the call's span. */
  endAnswered(message: Record<string, unknown>): void {
    for (const block of contentBlocks(message)) {
      if (block.type !== 'tool_result' || typeof block.tool_use_id !== 'string') continue;
      const sub = this.open.get(block.tool_use_id);
      if (!sub) continue;
      this.open.delete(block.tool_use_id);
      sub.end(block.is_error === true ? { outcome: 'error', reason: 'tool_error' } : { outcome: 'ok' });
    }
  }

  /** The run ended: subagents still open were cut off. */
  endAll(): void {
    for (const sub of this.open.values()) sub.end({ outcome: 'interrupted', reason: 'run_ended' });
    this.open.clear();
  }
}

function contentBlocks(message: Record<string, unknown>): Record<string, unknown>[] {
  const inner = message.message;
  if (!isRecord(inner) || !Array.isArray(inner.content)) return [];
  return inner.content.filter(isRecord);
}
