import type { z } from 'zod';
import type { AgentEvent, SessionOutcome, SourceRef } from '../../model/events.js';
import type { SessionMeta } from '../../model/session.js';
import { inferToolKind } from '../../model/tool-kind.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord } from '../../core/json-lines.js';
import { opt, optContent } from '../optional-fields.js';
import { exactness, type Stamp } from '../record-clock.js';
import { parseRecord } from '../record.js';
import { SyntheticToolIds } from '../synthetic-tool-ids.js';
import {
  AgentResponse,
  MessageReceived,
  MessageSent,
  type SessionEvent,
  SessionEnded,
  SessionStarted,
  StateChanged,
  ToolCalled,
  ToolResult,
} from './schema.js';
import { readTokens } from './usage.js';

type Base = { sessionId: string; time: number; timeExact?: false; source: SourceRef };

const FAILED_END = /error|fail|crash|panic/i;
const INTERRUPTED_END = /interrupt|cancel|abort|kill/i;

/**
 * Turns one event-store session's events into canonical events. Tool calls
 * carry no id: they are numbered per tool name (`grep#0`) and each result takes
 * the oldest open call of its name.
 */
export class EventStoreSession {
  private started = false;
  private agentId: string | undefined;
  private readonly tools = new SyntheticToolIds();
  /** The agent_response just before, whose text the next message_sent delivers. */
  private lastResponse: string | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly warn: WarningSink,
  ) {}

  convert(e: SessionEvent, at: Stamp, source: SourceRef): AgentEvent[] {
    const base: Base = { sessionId: this.sessionId, time: at.time, ...exactness(at), source };
    const out: AgentEvent[] = [];
    if (!this.started) out.push(this.start(e, base));
    else {
      if (e.kind.type === 'session_started') {
        out.push({ ...base, type: 'lifecycle', name: 'session_started', level: 'info', data: e.kind });
        return out;
      }
      if (e.agent_id && e.agent_id !== this.agentId) {
        this.agentId = e.agent_id;
        out.push({ ...base, type: 'state.change', key: 'agent_id', value: e.agent_id });
      }
    }
    if (e.kind.type !== 'session_started') this.kind(e, base, out);
    return out;
  }

  private start(e: SessionEvent, base: Base): AgentEvent {
    this.started = true;
    this.agentId = e.agent_id ?? undefined;
    const meta: SessionMeta = { agent: 'event-store' };
    if (e.agent_id) meta.agentName = e.agent_id;
    if (e.kind.type === 'session_started') {
      const s = this.parse(SessionStarted, e.kind, base);
      const attributes: Record<string, unknown> = {};
      if (s?.channel) attributes['event_store.channel'] = s.channel;
      if (s?.peer_id) attributes['event_store.peer_id'] = s.peer_id;
      if (Object.keys(attributes).length > 0) meta.attributes = attributes;
    }
    return { ...base, type: 'session.start', meta };
  }

  private kind(e: SessionEvent, base: Base, out: AgentEvent[]): void {
    const id = eventIdHex(e.id);
    const response = this.lastResponse;
    this.lastResponse = undefined;
    switch (e.kind.type) {
      case 'message_received': {
        const r = this.parse(MessageReceived, e.kind, base);
        if (!r) return;
        out.push({ ...base, type: 'message', role: 'user', ...optContent(r.content), ...opt('messageId', id) });
        if (r.attachments && r.attachments.length > 0) {
          out.push({ ...base, type: 'lifecycle', name: 'attachments', level: 'info', data: r.attachments });
        }
        return;
      }
      case 'message_sent': {
        const r = this.parse(MessageSent, e.kind, base);
        if (!r) return;
        out.push({
          ...base,
          type: 'message',
          role: 'assistant',
          ...optContent(r.content),
          ...opt('messageId', r.message_id ?? id),
          ...opt('responseId', response),
        });
        return;
      }
      case 'tool_called': {
        const r = this.parse(ToolCalled, e.kind, base);
        if (!r) return;
        const callId = this.tools.call(r.tool_name);
        out.push({ ...base, type: 'tool.call', callId, name: r.tool_name, kind: inferToolKind(r.tool_name), ...(r.params !== undefined ? { input: r.params } : {}) });
        return;
      }
      case 'tool_result': {
        const r = this.parse(ToolResult, e.kind, base);
        if (!r) return;
        const { callId } = this.tools.result(r.tool_name);
        const success = r.success ?? !(isRecord(r.result) && r.result.error != null);
        const error = success ? undefined : errorText(r.result);
        out.push({
          ...base,
          type: 'tool.result',
          callId,
          name: r.tool_name,
          kind: inferToolKind(r.tool_name),
          success,
          ...(r.result !== undefined ? { output: r.result } : {}),
          ...(success ? {} : { errorType: 'tool_error', ...opt('error', error) }),
        });
        return;
      }
      case 'agent_response': {
        const r = this.parse(AgentResponse, e.kind, base);
        if (!r) return;
        const usage = r.tokens ? readTokens(r.tokens) : undefined;
        this.lastResponse = id;
        out.push({
          ...base,
          type: 'model.call',
          ...opt('responseId', id),
          ...opt('requestModel', r.model),
          ...opt('responseModel', r.model),
          ...(usage ? { usage } : {}),
          ...optContent(r.content),
        });
        return;
      }
      case 'state_changed': {
        const r = this.parse(StateChanged, e.kind, base);
        if (r) out.push({ ...base, type: 'state.change', key: r.key, value: r.value ?? null });
        return;
      }
      case 'session_ended': {
        const r = this.parse(SessionEnded, e.kind, base);
        if (!r) return;
        const reason = r.reason ?? undefined;
        const outcome: SessionOutcome = reason && FAILED_END.test(reason) ? 'error' : reason && INTERRUPTED_END.test(reason) ? 'interrupted' : 'ok';
        out.push({ ...base, type: 'session.end', outcome, ...opt('reason', reason) });
        return;
      }
      default:
        out.push({ ...base, type: 'unknown', kind: e.kind.type, data: e.kind });
    }
  }

  private parse<S extends z.ZodType>(schema: S, kind: unknown, base: Base): z.infer<S> | undefined {
    return parseRecord(schema, kind, base.source, this.warn);
  }
}

/** The `EventId` as hex (the store's own `to_hex`), or a string id as is. */
export function eventIdHex(id: SessionEvent['id']): string | undefined {
  if (typeof id === 'string') return id || undefined;
  if (!id || id.length === 0) return undefined;
  return id.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The error text of a failed result: a string result, or its `error` / `message` field. */
function errorText(result: unknown): string | undefined {
  if (typeof result === 'string') return result || undefined;
  if (!isRecord(result)) return undefined;
  const e = result.error ?? result.message;
  return typeof e === 'string' && e !== '' ? e : undefined;
}
