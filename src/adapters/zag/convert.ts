import type { z } from 'zod';
import type { AgentEvent, SessionOutcome, SourceRef } from '../../model/events.js';
import { MessageRole } from '../../model/events.js';
import { parseTimestamp } from '../../model/time.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { opt, optContent, optNumber } from '../optional-fields.js';
import { exactness, type Stamp } from '../record-clock.js';
import { parseRecord } from '../record.js';
import { NOTICE_TYPES, noticeEvent, usageLimitHit, usageLimitResumed } from './notices.js';
import { providerName } from './providers.js';
import {
  ZagHeartbeat,
  type ZagIndexEntry,
  type ZagLine,
  ZagMessage,
  ZagNotice,
  ZagPermission,
  ZagSessionEnded,
  ZagSessionStarted,
  ZagToolCall,
  ZagToolResult,
  ZagUsage,
  ZagUsageLimitHit,
  ZagUsageLimitResumed,
} from './schema.js';
import { zagSessionMeta } from './session-meta.js';
import { ZagTools } from './tools.js';
import { usageEvent } from './usage.js';

type Base = { sessionId: string; time: number; timeExact?: false; source: SourceRef };

const INTERRUPTED = /interrupt|cancel|abort|sigint|sigterm|killed/i;

/**
 * Turns the records of one zag session, in `seq` order, into canonical events.
 * Stateful: it pairs tool calls with results and ties each `usage` record to
 * the assistant message before it.
 */
export class ZagSession {
  private started = false;
  private readonly tools = new ZagTools();
  private model: string | undefined;
  private provider: string | undefined;
  private providerSessionId: string | undefined;
  /** The id of the last assistant message not yet closed by a `usage` record. */
  private responseId: string | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly entry: ZagIndexEntry | undefined,
    private readonly warn: WarningSink,
  ) {}

  convert(line: ZagLine, at: Stamp, source: SourceRef): AgentEvent[] {
    const base: Base = { sessionId: this.sessionId, time: at.time, ...exactness(at), source };
    const out: AgentEvent[] = [];
    if (!this.started) out.push(this.start(line, base));
    else if (line.type === 'session_started') out.push(this.restart(line, base));
    else this.noteProviderSession(line, base, out);
    if (line.type !== 'session_started') this.convertKind(line, base, out);
    return out;
  }

  private start(line: ZagLine, base: Base): AgentEvent {
    this.started = true;
    const started = line.type === 'session_started' ? this.parse(ZagSessionStarted, line, base) : undefined;
    const meta = zagSessionMeta(line, started, this.entry);
    this.model = meta.model;
    this.provider = meta.provider ?? providerName(line.provider);
    this.providerSessionId = line.provider_session_id ?? this.entry?.provider_session_id ?? undefined;
    let time = base.time;
    // A file that does not begin with session_started: the index knows when it began.
    const indexed = started ? undefined : parseTimestamp(this.entry?.started_at);
    if (indexed !== undefined && indexed <= time) time = indexed;
    return { ...base, time, type: 'session.start', meta };
  }

  /** A second `session_started` in the same file: the session was resumed. */
  private restart(line: ZagLine, base: Base): AgentEvent {
    const started = this.parse(ZagSessionStarted, line, base);
    if (started?.model) this.model = started.model;
    const name = started?.resumed ? 'session_resumed' : 'session_started';
    return { ...base, type: 'lifecycle', name, level: 'info', data: started };
  }

  private noteProviderSession(line: ZagLine, base: Base, out: AgentEvent[]): void {
    const id = line.provider_session_id ?? undefined;
    if (id === undefined || id === this.providerSessionId) return;
    this.providerSessionId = id;
    out.push({ ...base, type: 'state.change', key: 'provider_session_id', value: id });
  }

  private convertKind(line: ZagLine, base: Base, out: AgentEvent[]): void {
    switch (line.type) {
      case 'user_message': {
        const r = this.parse(ZagMessage, line, base);
        if (!r) return;
        const role = MessageRole.safeParse(r.role);
        out.push({ ...base, type: 'message', role: role.success ? role.data : 'user', ...optContent(r.content), ...opt('messageId', r.message_id) });
        return;
      }
      case 'assistant_message': {
        const r = this.parse(ZagMessage, line, base);
        if (!r) return;
        if (r.message_id) this.responseId = r.message_id;
        out.push({ ...base, type: 'message', role: 'assistant', ...optContent(r.content), ...opt('messageId', r.message_id), ...opt('responseId', r.message_id) });
        return;
      }
      case 'reasoning': {
        const r = this.parse(ZagMessage, line, base);
        if (r) out.push({ ...base, type: 'reasoning', ...optContent(r.content), ...opt('responseId', r.message_id) });
        return;
      }
      case 'tool_call': {
        const r = this.parse(ZagToolCall, line, base);
        if (r) out.push(this.tools.call(base, r));
        return;
      }
      case 'tool_result': {
        const r = this.parse(ZagToolResult, line, base);
        if (r) out.push(this.tools.result(base, r));
        return;
      }
      case 'permission': {
        const r = this.parse(ZagPermission, line, base);
        if (!r) return;
        const callId = this.tools.permission(r.tool_name ?? undefined, r.granted);
        out.push({
          ...base,
          type: 'permission',
          granted: r.granted,
          ...opt('tool', r.tool_name),
          ...opt('callId', callId),
          ...opt('description', r.description),
        });
        return;
      }
      case 'usage':
        return this.usage(line, base, out);
      case 'heartbeat': {
        const r = this.parse(ZagHeartbeat, line, base);
        if (r) out.push({ ...base, type: 'heartbeat', ...optNumber('intervalSecs', r.interval_secs) });
        return;
      }
      case 'session_ended': {
        const r = this.parse(ZagSessionEnded, line, base);
        if (!r) return;
        const outcome: SessionOutcome = r.success ? 'ok' : r.error && INTERRUPTED.test(r.error) ? 'interrupted' : 'error';
        out.push({ ...base, type: 'session.end', outcome, ...opt('error', r.error) });
        return;
      }
      case 'usage_limit_hit': {
        const r = this.parse(ZagUsageLimitHit, line, base);
        if (r) out.push(usageLimitHit(r, base));
        return;
      }
      case 'usage_limit_resumed':
      case 'usage_limit_resume_failed': {
        const r = this.parse(ZagUsageLimitResumed, line, base);
        if (r) out.push(usageLimitResumed(line.type === 'usage_limit_resume_failed', r, base));
        return;
      }
      case 'session_cleared': {
        const r = this.parse(ZagNotice, line, base);
        if (!r) return;
        this.providerSessionId = r.new_session_id ?? undefined;
        out.push({ ...base, type: 'state.change', key: 'provider_session_id', value: r.new_session_id ?? null });
        return;
      }
      default:
        if (NOTICE_TYPES.has(line.type)) {
          const r = this.parse(ZagNotice, line, base);
          if (r) out.push(noticeEvent(line.type, r, base));
          return;
        }
        out.push({ ...base, type: 'unknown', kind: line.type, data: line });
    }
  }

  private usage(line: ZagLine, base: Base, out: AgentEvent[]): void {
    const r = this.parse(ZagUsage, line, base);
    if (!r) return;
    const event = usageEvent(r, base, { responseId: this.responseId, provider: this.provider, model: this.model });
    this.responseId = undefined;
    if (event) out.push(event);
  }

  private parse<S extends z.ZodType>(schema: S, line: ZagLine, base: Base): z.infer<S> | undefined {
    return parseRecord(schema, line, base.source, this.warn);
  }
}
