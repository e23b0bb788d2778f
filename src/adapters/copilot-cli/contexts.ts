import type { AgentEvent, SourceRef } from '../../model/events.js';
import type { SessionMeta } from '../../model/session.js';
import { COPILOT_AGENT } from './meta.js';
import type { CopilotEnvelope } from './schema.js';

/** Per-session state: the main agent and each sub-agent is a session of its own. */
export interface Context {
  sessionId: string;
  /** Tool calls requested by the model and not finished: id -> what is known of the request. */
  requested: Map<string, { name: string; input: unknown; time: number; source: SourceRef; responseId?: string }>;
  /** Tool calls whose tool.call was emitted and whose result has not come yet: id -> name. */
  open: Map<string, string>;
  /** When the next model request started (turn start or last tool completion), if known. */
  requestStart?: number;
}

function newContext(sessionId: string): Context {
  return { sessionId, requested: new Map(), open: new Map() };
}

/**
 * Routes events to sessions. Events of a sub-agent carry `agentId` (or, in
 * older CLIs, `data.parentToolCallId`); each sub-agent becomes a child session
 * `<session id>/<agent id>` whose parent link names the tool call that
 * launched it (`subagent.started` data, or the parent tool call id itself).
 */
export class Contexts {
  readonly root: Context;
  private readonly children = new Map<string, Context>();
  /** agentId -> launching tool call and agent name, from subagent.started. */
  private readonly launches = new Map<string, { toolCallId?: string; agentName?: string }>();

  constructor(rootSessionId: string) {
    this.root = newContext(rootSessionId);
  }

  /** The root and every sub-agent context seen so far. */
  all(): Context[] {
    return [this.root, ...this.children.values()];
  }

  noteLaunch(agentId: string, toolCallId: string | undefined, agentName: string | undefined): void {
    this.launches.set(agentId, { toolCallId, agentName });
  }

  /**
   * The context of an envelope, and the session.start to emit first when it is
   * the first event of a sub-agent.
   */
  of(envelope: CopilotEnvelope, time: number, source: SourceRef): { context: Context; start?: AgentEvent } {
    const parentToolCallId = parentToolCall(envelope.data);
    const key = envelope.agentId ?? (parentToolCallId ? `tool-${parentToolCallId}` : undefined);
    if (key === undefined) return { context: this.root };
    const existing = this.children.get(key);
    if (existing) return { context: existing };
    const context = newContext(`${this.root.sessionId}/${key}`);
    this.children.set(key, context);
    const launch = envelope.agentId ? this.launches.get(envelope.agentId) : undefined;
    const toolCallId = launch?.toolCallId ?? parentToolCallId;
    const meta: SessionMeta = {
      agent: COPILOT_AGENT,
      agentName: launch?.agentName,
      parent: { sessionId: this.root.sessionId, ...(toolCallId ? { toolCallId } : {}) },
    };
    return { context, start: { type: 'session.start', sessionId: context.sessionId, time, source, meta } };
  }
}

function parentToolCall(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>).parentToolCallId;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
