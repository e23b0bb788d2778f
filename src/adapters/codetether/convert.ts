import type { AgentEvent, SourceRef, ToolResultEvent } from '../../model/events.js';
import { MessageRole } from '../../model/events.js';
import type { SessionMeta } from '../../model/session.js';
import { inferToolKind } from '../../model/tool-kind.js';
import { opt, optContent } from '../optional-fields.js';
import { exactness, type Stamp } from '../record-clock.js';
import type { ChatEvent } from './schema.js';

type Base = { sessionId: string; time: number; timeExact?: false; source: SourceRef };

/** What a look at the first records tells about a session before its first event is emitted. */
export interface SessionPreview {
  agentName?: string;
  /** The earliest moment seen: a tool result's start is its record time minus its duration. */
  start?: number;
}

const TRUNCATED = /\.\.\.\[truncated (\d+) bytes\]$/;
const ERROR_PREFIX = 'Error:';

/**
 * Turns one codetether session's chat events, in stream order, into canonical
 * events. Tool results are recorded only when a tool ends and carry no call id:
 * each gets `#<n>`, its position among the session's tool results.
 */
export class CodetetherSession {
  private started = false;
  private toolResults = 0;
  private agentName: string | undefined;
  private okr: string | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly preview: SessionPreview | undefined,
  ) {}

  convert(record: ChatEvent, at: Stamp, source: SourceRef): AgentEvent[] {
    const base: Base = { sessionId: this.sessionId, time: at.time, ...exactness(at), source };
    const out: AgentEvent[] = [];
    if (!this.started) out.push(this.start(record, base));
    else this.noteChanges(record, base, out);
    out.push(this.event(record, base));
    return out;
  }

  private start(record: ChatEvent, base: Base): AgentEvent {
    this.started = true;
    this.agentName = record.agent_name ?? this.preview?.agentName;
    this.okr = okrKey(record);
    const meta: SessionMeta = { agent: 'codetether' };
    if (this.agentName) meta.agentName = this.agentName;
    if (record.workspace) meta.cwd = record.workspace;
    const attributes: Record<string, unknown> = {};
    if (record.okr_id) attributes['codetether.okr_id'] = record.okr_id;
    if (record.okr_run_id) attributes['codetether.okr_run_id'] = record.okr_run_id;
    if (record.relay_id) attributes['codetether.relay_id'] = record.relay_id;
    if (Object.keys(attributes).length > 0) meta.attributes = attributes;
    const first = Math.min(base.time - (record.tool_duration_ms ?? 0), this.preview?.start ?? Infinity);
    return { ...base, time: Math.max(0, first), type: 'session.start', meta };
  }

  /** OKR context and agent name change along the stream: recorded as state changes. */
  private noteChanges(record: ChatEvent, base: Base, out: AgentEvent[]): void {
    const okr = okrKey(record);
    if (okr !== undefined && okr !== this.okr) {
      this.okr = okr;
      out.push({
        ...base,
        type: 'state.change',
        key: 'okr',
        value: { okr_id: record.okr_id ?? null, okr_run_id: record.okr_run_id ?? null, relay_id: record.relay_id ?? null },
      });
    }
    if (record.agent_name && record.agent_name !== this.agentName) {
      this.agentName = record.agent_name;
      out.push({ ...base, type: 'state.change', key: 'agent_name', value: record.agent_name });
    }
  }

  private event(record: ChatEvent, base: Base): AgentEvent {
    const type = record.message_type.toLowerCase();
    const role = MessageRole.safeParse(record.role);
    switch (type) {
      case 'tool_result':
        return this.toolResult(record, base);
      case 'handoff': {
        const to = (record as Record<string, unknown>).to ?? (record as Record<string, unknown>).target_agent;
        return {
          ...base,
          type: 'handoff',
          ...opt('from', record.agent_name),
          ...opt('to', typeof to === 'string' ? to : undefined),
          ...optContent(record.content),
        };
      }
      case 'error':
        return { ...base, type: 'error', message: record.content ?? 'error', errorType: 'agent_error' };
      case 'session':
        return { ...base, type: 'lifecycle', name: 'session', level: 'info', ...opt('message', record.content) };
      case 'user':
      case 'assistant':
      case 'system':
        return { ...base, type: 'message', role: role.success ? role.data : type, ...optContent(record.content) };
      default:
        if (role.success && typeof record.content === 'string') {
          return { ...base, type: 'message', role: role.data, content: record.content };
        }
        return { ...base, type: 'unknown', kind: record.message_type, data: record };
    }
  }

  private toolResult(record: ChatEvent, base: Base): ToolResultEvent {
    const callId = `#${this.toolResults++}`;
    const content = record.content ?? undefined;
    const success = record.tool_success ?? !(content ?? '').startsWith(ERROR_PREFIX);
    const event: ToolResultEvent = { ...base, type: 'tool.result', callId, success };
    if (record.tool_name) {
      event.name = record.tool_name;
      event.kind = inferToolKind(record.tool_name);
    }
    if (typeof record.tool_duration_ms === 'number') event.durationMs = record.tool_duration_ms;
    if (!success) {
      event.errorType = 'tool_error';
      if (content !== undefined) event.error = content;
    } else if (content !== undefined) {
      const cut = TRUNCATED.exec(content);
      // codetether keeps the first 10,000 bytes and appends the original size.
      event.output = cut ? { text: content, truncated: true, originalBytes: Number(cut[1]) } : content;
    }
    return event;
  }
}

function okrKey(record: ChatEvent): string | undefined {
  if (!record.okr_id && !record.okr_run_id && !record.relay_id) return undefined;
  return JSON.stringify([record.okr_id ?? null, record.okr_run_id ?? null, record.relay_id ?? null]);
}
