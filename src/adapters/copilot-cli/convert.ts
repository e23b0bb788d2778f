import type { z } from 'zod';
import type { AgentEvent } from '../../model/events.js';
import { parseTimestamp } from '../../model/time.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { parseRecord } from '../record.js';
import { Clock, exactness } from '../record-clock.js';
import { Contexts, type Context } from './contexts.js';
import { COPILOT_AGENT, startMeta } from './meta.js';
import { noticeEvents } from './notices.js';
import {
  AssistantMessageData,
  AssistantUsageData,
  CopilotEnvelope,
  MiscData,
  PermissionCompletedData,
  PermissionRequestedData,
  ShutdownData,
  StartData,
  SubagentData,
  ToolExecutionCompleteData,
  ToolExecutionStartData,
  UserMessageData,
} from './schema.js';
import { Responses, shutdownEvents, type Base } from './responses.js';
import { completeTool, startTool, unstartedCalls } from './tools.js';

/** Turns the records of one events.jsonl, in order, into canonical events. */
export class CopilotConverter {
  private contexts: Contexts | undefined;
  private readonly clock = new Clock();
  private readonly permissions = new Map<string, { callId?: string; kind?: string }>();
  private readonly responses: Responses;

  constructor(
    private readonly file: string,
    private readonly fallbackSessionId: string,
    usageKeys: Set<string>,
    private readonly warn: WarningSink,
  ) {
    this.responses = new Responses(usageKeys);
  }

  *record(value: unknown, line: number): Generator<AgentEvent> {
    const source = { file: this.file, line };
    const envelope = parseRecord(CopilotEnvelope, value, source, this.warn);
    if (!envelope) return;
    const stamp = this.clock.at(envelope.timestamp);
    if (!stamp) {
      const message = 'record has no timestamp and none precedes it; skipped';
      this.warn({ code: 'no_timestamp', file: this.file, line, message });
      return;
    }
    const at = { time: stamp.time, ...exactness(stamp), source };
    if (!this.contexts) {
      if (envelope.type === 'session.start') {
        yield* this.start(envelope.data, at);
        return;
      }
      this.contexts = new Contexts(this.fallbackSessionId);
      const meta = { agent: COPILOT_AGENT };
      yield { type: 'session.start', sessionId: this.fallbackSessionId, ...at, timeExact: false, meta };
    }
    const contexts = this.contexts;
    if (envelope.type.startsWith('subagent.')) {
      yield* this.subagent(envelope, { ...at, sessionId: contexts.root.sessionId });
      return;
    }
    const { context, start } = contexts.of(envelope, at.time, source);
    if (start) yield start;
    yield* this.dispatch(envelope, context, { ...at, sessionId: context.sessionId });
  }

  /** Calls that were requested and never ran, at the end of the file. */
  *finish(): Generator<AgentEvent> {
    for (const context of this.contexts?.all() ?? []) yield* unstartedCalls(context);
  }

  private *start(raw: unknown, at: Omit<Base, 'sessionId'>): Generator<AgentEvent> {
    const data = parseRecord(StartData, raw, at.source, this.warn);
    const sessionId = data?.sessionId ?? this.fallbackSessionId;
    this.contexts = new Contexts(sessionId);
    const started = parseTimestamp(data?.startTime);
    yield {
      type: 'session.start',
      sessionId,
      ...at,
      ...(started !== undefined ? { time: started } : {}),
      meta: data ? startMeta(data) : { agent: COPILOT_AGENT },
    };
  }

  private *subagent(envelope: CopilotEnvelope, base: Base): Generator<AgentEvent> {
    const data = parseRecord(SubagentData, envelope.data ?? {}, base.source, this.warn);
    if (!data) return;
    if (envelope.type === 'subagent.started' && envelope.agentId) {
      this.contexts?.noteLaunch(envelope.agentId, data.toolCallId, data.agentName);
    }
    const failed = envelope.type === 'subagent.failed';
    yield {
      ...base,
      type: 'lifecycle',
      name: envelope.type,
      level: failed ? 'error' : 'info',
      message: failed ? data.error : data.agentDisplayName ?? data.agentName,
      data: { agentId: envelope.agentId, toolCallId: data.toolCallId, agentName: data.agentName },
    };
  }

  private *dispatch(envelope: CopilotEnvelope, ctx: Context, base: Base): Generator<AgentEvent> {
    const { type, data: raw } = envelope;
    const parse = <S extends z.ZodType>(schema: S): z.infer<S> | undefined =>
      parseRecord(schema, raw ?? {}, base.source, this.warn);
    switch (type) {
      case 'session.start':
        yield { ...base, type: 'lifecycle', name: 'session.start', level: 'info', message: 'repeated session.start' };
        return;
      case 'user.message': {
        const data = parse(UserMessageData);
        if (data) yield { ...base, type: 'message', role: 'user', content: data.content, messageId: envelope.id };
        ctx.requestStart = base.time;
        return;
      }
      case 'assistant.turn_start':
        ctx.requestStart = base.time;
        break;
      case 'assistant.message': {
        const data = parse(AssistantMessageData);
        if (data) yield* this.responses.message(data, ctx, base, envelope.id);
        return;
      }
      case 'assistant.reasoning': {
        const data = parse(MiscData);
        if (data) yield { ...base, type: 'reasoning', content: data.content };
        return;
      }
      case 'assistant.usage': {
        const data = parse(AssistantUsageData);
        if (data) yield this.responses.usage(data, base, envelope.id);
        return;
      }
      case 'tool.execution_start': {
        const data = parse(ToolExecutionStartData);
        if (data) yield* startTool(ctx, data, base);
        return;
      }
      case 'tool.execution_complete': {
        const data = parse(ToolExecutionCompleteData);
        if (data) yield* completeTool(ctx, data, base);
        return;
      }
      case 'permission.requested': {
        const data = parse(PermissionRequestedData);
        const request = data?.permissionRequest;
        if (data) this.permissions.set(data.requestId, { callId: request?.toolCallId, kind: request?.kind });
        break;
      }
      case 'permission.completed': {
        const data = parse(PermissionCompletedData);
        if (!data) return;
        const request = this.permissions.get(data.requestId);
        this.permissions.delete(data.requestId);
        const outcome = data.result?.kind ?? 'unknown';
        yield {
          ...base,
          type: 'permission',
          callId: request?.callId,
          tool: request?.kind,
          description: outcome,
          granted: outcome === 'approved',
        };
        return;
      }
      case 'session.shutdown': {
        const data = parse(ShutdownData);
        if (data) yield* shutdownEvents(data, base);
        return;
      }
    }
    const events = noticeEvents(type, raw, base, this.warn);
    if (events) yield* events;
    else yield { ...base, type: 'unknown', kind: type, data: raw };
  }
}
