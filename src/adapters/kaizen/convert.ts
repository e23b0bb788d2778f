import type { AgentEvent, ModelCallEvent, SourceRef, ToolResultEvent } from '../../model/events.js';
import { MessageRole } from '../../model/events.js';
import { inferToolKind } from '../../model/tool-kind.js';
import { isRecord } from '../../core/json-lines.js';
import { opt, optContent, optNumber } from '../optional-fields.js';
import { exactness, type Stamp } from '../record-clock.js';
import { SyntheticToolIds } from '../synthetic-tool-ids.js';
import type { KaizenEvent } from './schema.js';

type Base = { sessionId: string; time: number; timeExact?: false; source: SourceRef };

/**
 * Turns one kaizen session's events into canonical events. A `Message` that
 * carries token counts or latency is one LLM call (a `chat` span) plus its
 * message. A `Cost` right after it is that call's cost: the call is held
 * until the next record (or `flush`) so that its chat span carries the cost.
 */
export class KaizenSession {
  private readonly synthetic = new SyntheticToolIds();
  /** Tool names by call id, for results that leave the name out. */
  private readonly names = new Map<string, string>();
  /** The model call of the record just before, for a Cost event right after it. */
  private lastResponse: { id: string; seq: number | undefined } | undefined;
  /** The events of that call, held until the next record says whether a Cost follows. */
  private held: { call: ModelCallEvent; events: AgentEvent[] } | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly model: string | undefined,
  ) {}

  convert(e: KaizenEvent, at: Stamp, source: SourceRef): AgentEvent[] {
    const previous = this.lastResponse;
    const held = this.flush();
    if (held.length === 0) return this.record(e, at, source, previous);
    const call = held.find((x): x is ModelCallEvent => x.type === 'model.call');
    // A Cost right after a call with no cost of its own becomes the call's cost: one figure, on its chat span.
    if (e.kind === 'Cost' && typeof e.cost_usd_e6 === 'number' && e.cost_usd_e6 >= 0 && call !== undefined && call.costUsd === undefined && follows(e, previous)) {
      call.costUsd = e.cost_usd_e6 / 1e6;
      return held;
    }
    return [...held, ...this.record(e, at, source, previous)];
  }

  /** The call held for a Cost that may follow it (at the end of the input, or before the next record). */
  flush(): AgentEvent[] {
    const held = this.held;
    this.held = undefined;
    this.lastResponse = undefined;
    return held?.events ?? [];
  }

  private record(e: KaizenEvent, at: Stamp, source: SourceRef, previous: KaizenSession['lastResponse']): AgentEvent[] {
    const base: Base = { sessionId: this.sessionId, time: at.time, ...exactness(at), source };
    const payload = isRecord(e.payload) ? e.payload : {};
    switch (e.kind) {
      case 'ToolCall': {
        const name = e.tool || str(payload.tool) || 'unknown';
        const callId = e.tool_call_id || this.synthetic.call(name);
        this.names.set(callId, name);
        return [{ ...base, type: 'tool.call', callId, name, kind: inferToolKind(name), ...(e.payload !== undefined ? { input: e.payload } : {}) }];
      }
      case 'ToolResult':
        return [this.toolResult(e, payload, base)];
      case 'Message':
        return this.message(e, payload, base);
      case 'Cost': {
        if (typeof e.cost_usd_e6 !== 'number') return [{ ...base, type: 'unknown', kind: e.kind, data: e }];
        // A Cost not folded into its call (the call had a cost of its own) still names it.
        return [{ ...base, type: 'cost', costUsd: e.cost_usd_e6 / 1e6, ...opt('responseId', follows(e, previous) ? previous?.id : undefined) }];
      }
      case 'Error':
        return [
          {
            ...base,
            type: 'error',
            message: str(payload.message) ?? str(payload.error) ?? 'error',
            ...opt('errorType', str(payload.type) ?? (e.tool_call_id ? 'tool_error' : undefined)),
            ...opt('callId', e.tool_call_id),
          },
        ];
      case 'Hook':
      case 'Lifecycle':
        return [
          {
            ...base,
            type: 'lifecycle',
            name: str(payload.type) ?? e.kind.toLowerCase(),
            level: 'info',
            data: { kind: e.kind, ...(e.source ? { source: e.source } : {}), payload: e.payload ?? null },
          },
        ];
      default:
        return [{ ...base, type: 'unknown', kind: e.kind, data: e }];
    }
  }

  private toolResult(e: KaizenEvent, payload: Record<string, unknown>, base: Base): ToolResultEvent {
    const name = e.tool || (e.tool_call_id ? this.names.get(e.tool_call_id) : undefined) || str(payload.tool);
    const callId = e.tool_call_id || this.synthetic.result(name ?? 'unknown').callId;
    this.names.delete(callId);
    const success = toolSuccess(payload);
    const event: ToolResultEvent = { ...base, type: 'tool.result', callId, success };
    if (name) {
      event.name = name;
      event.kind = inferToolKind(name);
    }
    // kaizen records a tool's run time in latency_ms; the mapper prefers it over the time difference.
    if (typeof e.latency_ms === 'number') event.durationMs = e.latency_ms;
    const error = success ? undefined : (str(payload.error) ?? str(payload.output));
    if (!success) {
      event.errorType = 'tool_error';
      if (error) event.error = error;
    }
    // A failed tool's output that is its error message is not kept twice.
    if (payload.output !== undefined && payload.output !== error) event.output = payload.output;
    if (typeof payload.exit_code === 'number' && Number.isInteger(payload.exit_code)) event.exitCode = payload.exit_code;
    return event;
  }

  private message(e: KaizenEvent, payload: Record<string, unknown>, base: Base): AgentEvent[] {
    const role = MessageRole.safeParse(payload.role);
    const content = str(payload.text) ?? str(payload.content);
    const isCall = [e.tokens_in, e.tokens_out, e.latency_ms, e.ttft_ms].some((v) => typeof v === 'number');
    if (!isCall) return [{ ...base, type: 'message', role: role.success ? role.data : 'assistant', ...optContent(content) }];

    const responseId = str(payload.id) ?? str(payload.message_id) ?? `seq:${e.seq ?? base.source.line}`;
    this.lastResponse = { id: responseId, seq: e.seq ?? undefined };
    const call: ModelCallEvent = {
      ...base,
      type: 'model.call',
      responseId,
      ...opt('requestModel', str(payload.model) ?? this.model),
      usage: {
        ...optNumber('input', e.tokens_in),
        ...optNumber('output', e.tokens_out),
        ...optNumber('cacheRead', e.cache_read_tokens),
        ...optNumber('cacheCreation', e.cache_creation_tokens),
        ...optNumber('reasoning', e.reasoning_tokens),
        // tokens_in is the whole prompt: it equals context_used_tokens and is never below the cache figures.
        inputIncludesCache: true,
      },
      ...optNumber('latencyMs', e.latency_ms),
      ...optNumber('timeToFirstTokenMs', e.ttft_ms),
      ...optNumber('retries', e.retry_count),
      ...optNumber('contextUsed', e.context_used_tokens),
      ...optNumber('contextMax', e.context_max_tokens),
      ...(e.stop_reason ? { finishReasons: [e.stop_reason] } : {}),
      ...(typeof e.cost_usd_e6 === 'number' && e.cost_usd_e6 >= 0 ? { costUsd: e.cost_usd_e6 / 1e6 } : {}),
    };
    // The response's message first, then its model.call: the chat span takes the message as its output.
    const out: AgentEvent[] = [];
    if (content !== undefined || role.success) {
      out.push({ ...base, type: 'message', role: role.success ? role.data : 'assistant', responseId, ...optContent(content) });
    }
    out.push(call);
    this.held = { call, events: out };
    return [];
  }
}

/** A Cost right after a Message (next seq, or no seq to tell) is that call's cost. */
function follows(e: KaizenEvent, previous: { seq: number | undefined } | undefined): boolean {
  return previous !== undefined && (e.seq == null || previous.seq == null || e.seq === previous.seq + 1);
}

/** `ok` (the samples), else `success`, else failed when an `error` is given. */
function toolSuccess(payload: Record<string, unknown>): boolean {
  if (typeof payload.ok === 'boolean') return payload.ok;
  if (typeof payload.success === 'boolean') return payload.success;
  if (typeof payload.is_error === 'boolean') return !payload.is_error;
  return payload.error === undefined || payload.error === null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
