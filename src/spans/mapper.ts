import type { WarningSink } from '../core/diagnostics.js';
import type { AgentEvent, EventOf } from '../model/events.js';
import type { SessionMeta } from '../model/session.js';
import { resolvePriceTable, type PriceTable } from '../cost/price-table.js';
import { tallyCall } from './call-tally.js';
import { ContentPolicy } from './content.js';
import { ChatContent } from './chat-content.js';
import { putTurn } from './chat-turn.js';
import type { MapperOptions } from './mapper-options.js';
import { spanIdFor, spanKeys } from './ids.js';
import { placeSession, type SessionLink } from './session-ids.js';
import { sessionResource } from './resource.js';
import { buildChatSpan, buildToolSpan, type BuildContext } from './span-builders.js';
import { routeSpanEvent } from './event-routing.js';
import { closingSpans } from './session-close.js';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_SESSION_ID, ATTR_TOOL_KIND, ATTR_USER_ID } from './semconv.js';
import { toSpanEvent } from './span-events.js';
import { SpanRecord, type SpanRecordInit } from './span-record.js';
import { countToolCall, SessionState } from './session-state.js';
import { MapperStats } from './mapper-stats.js';
import { SCOPE } from './scope.js';
import { applySpanLimits, DEFAULT_SPAN_LIMITS, resolveSpanLimits, type SpanLimits } from './span-limits.js';

/**
 * The one mapper from canonical events to spans (see the span model). It is
 * incremental: `push` takes one event and returns the spans it finished;
 * `closeSession` and `finish` end what is still open. Memory holds only what is
 * open: sessions, unfinished tool calls and a bounded list of span events.
 */
export class SpanMapper {
  readonly stats = new MapperStats();
  private readonly sessions = new Map<string, SessionState>();
  /** Ids of sessions already closed, so late events are reported rather than opening a new root. */
  private readonly closed = new Set<string>();
  private readonly ctx: BuildContext;
  private readonly eventLimit: number;
  private readonly pendingLimit: number;
  /** Longest message JSON put on a span: the content length limit, or the span's value limit if lower. */
  private readonly messageMax: number;
  readonly limits: SpanLimits;
  private readonly warn: WarningSink;
  private readonly prices: PriceTable;
  /** Source format tag for the sessions that start from now on. */
  format: string | undefined;

  constructor(private readonly options: MapperOptions = {}) {
    this.format = options.format;
    const content = options.content instanceof ContentPolicy ? options.content : new ContentPolicy(options.content);
    this.ctx = { content, scope: options.scope ?? SCOPE, diagnostic: (text) => content.clean(text) };
    this.limits = resolveSpanLimits(
      { eventCountLimit: options.maxEventsPerSpan, ...options.limits },
      options.env ?? process.env,
      { ...DEFAULT_SPAN_LIMITS, attributeValueLengthLimit: content.maxLength },
    );
    this.eventLimit = this.limits.eventCountLimit;
    this.pendingLimit = options.maxPendingResponses ?? 256;
    this.messageMax = Math.min(content.maxLength, this.limits.attributeValueLengthLimit);
    this.warn = options.warn ?? (() => {});
    this.prices = resolvePriceTable(options.prices, options.env ?? process.env);
  }

  get content(): ContentPolicy {
    return this.ctx.content;
  }

  /** Maps one event; returns the spans it finished. Never throws on odd input. */
  push(event: AgentEvent): SpanRecord[] {
    const out: SpanRecord[] = [];
    if (event.type === 'session.start') {
      this.startSession(event);
      return out;
    }
    if (this.closed.has(event.sessionId)) {
      this.warn({ code: 'session_closed', message: `event ${event.type} after session ${event.sessionId} was closed; ignored`, ...where(event) });
      return out;
    }
    const state = this.sessions.get(event.sessionId) ?? this.implicitSession(event);
    state.touch(event.time);
    if (event.timeExact === false) state.inexactTimes = true;
    switch (event.type) {
      case 'session.end':
        state.end = event;
        break;
      case 'model.call':
        this.modelCall(state, event, out);
        break;
      case 'tool.call':
        this.toolCall(state, event);
        break;
      case 'tool.result':
        this.toolResult(state, event, out);
        break;
      case 'message':
      case 'reasoning':
        state.chat.add(event, (id) => state.seenResponses.has(id));
        break;
      case 'heartbeat':
        state.heartbeats++;
        break;
      default:
        this.addEvent(state, event);
    }
    return out;
  }

  /** Ends a session now, with its subagents (the live API's end, or a source that holds no more of it): its open calls become interrupted. */
  closeSession(sessionId: string): SpanRecord[] {
    const state = this.sessions.get(sessionId);
    const out: SpanRecord[] = [];
    if (state && !state.closed) this.close(state, out);
    return out;
  }

  /** Ends every open session (end of a source unit, or shutdown). */
  finish(): SpanRecord[] {
    const out: SpanRecord[] = [];
    for (const state of [...this.sessions.values()]) {
      if (!state.closed && !state.parent) this.close(state, out);
    }
    for (const state of [...this.sessions.values()]) if (!state.closed) this.close(state, out);
    this.sessions.clear();
    this.closed.clear();
    return out;
  }

  private startSession(event: EventOf<'session.start'>): void {
    const existing = this.sessions.get(event.sessionId);
    if (this.closed.has(event.sessionId)) {
      this.warn({ code: 'session_closed', message: `session ${event.sessionId} started again after it was closed; ignored`, ...where(event) });
      return;
    }
    if (existing) {
      // A resumed or re-announced session: keep one root, widen its time range.
      existing.touch(event.time);
      return;
    }
    this.createSession(event.sessionId, event.meta, event.time);
  }

  private createSession(sessionId: string, meta: SessionMeta, time: number): SessionState {
    const parent = meta.parent ? this.sessions.get(meta.parent.sessionId) : undefined;
    const { traceId, rootSpanId, parentSpanId, link } = placeSession(sessionId, meta, parent?.traceId);
    countPlacement(this.stats, link, parent !== undefined);
    const resource = sessionResource(meta, {
      serviceName: this.options.serviceName,
      attributes: this.options.resourceAttributes,
      format: this.format,
      clean: this.ctx.diagnostic,
    });
    const state = new SessionState(
      sessionId,
      meta,
      traceId,
      rootSpanId,
      parentSpanId,
      resource,
      parent,
      time,
      this.eventLimit,
      new ChatContent({
        policy: this.ctx.content,
        pendingResponses: this.pendingLimit,
        maxItems: 1024,
      }),
    );
    state.link = link;
    if (parent) {
      parent.children.push(state);
      parent.subagents++;
    }
    this.sessions.set(sessionId, state);
    this.stats.sessions++;
    return state;
  }

  private implicitSession(event: AgentEvent): SessionState {
    this.warn({ code: 'no_session_start', message: `events for session ${event.sessionId} before its start; using defaults`, ...where(event) });
    return this.createSession(event.sessionId, { agent: this.options.defaultAgent ?? 'unknown' }, event.time);
  }

  private modelCall(state: SessionState, event: EventOf<'model.call'>, out: SpanRecord[]): void {
    let responseKey: string;
    if (event.responseId !== undefined) {
      if (state.seenResponses.has(event.responseId)) {
        this.warn({ code: 'duplicate_response', message: `response ${event.responseId} seen twice; its usage is counted once`, ...where(event) });
        return;
      }
      state.seenResponses.add(event.responseId);
      responseKey = event.responseId;
    } else {
      responseKey = `#${++state.chatSeq}`;
    }
    const { usage, cost } = tallyCall(state, event, this.prices);
    state.modelCalls++;
    this.stats.modelCalls++;
    const events = event.responseId !== undefined ? state.responseEvents.get(event.responseId) ?? [] : [];
    if (event.responseId !== undefined) state.responseEvents.delete(event.responseId);
    const spanId = spanIdFor(state.traceId, spanKeys.chat(state.sessionId, responseKey));
    if (event.startTime !== undefined) state.touch(event.startTime);
    else if (event.latencyMs !== undefined) state.touch(event.time - event.latencyMs);
    const init = buildChatSpan(state, event, spanId, usage, cost, events, this.ctx);
    const turn = state.chat.take(event, (id) => state.seenResponses.has(id));
    putTurn(init.attributes, turn, this.ctx.content, this.messageMax, { finishReason: event.finishReasons?.[0], failed: event.error !== undefined });
    this.emit(init, out, state);
  }

  private toolCall(state: SessionState, event: EventOf<'tool.call'>): void {
    if (state.openTools.has(event.callId) || state.finishedTools.has(event.callId)) {
      this.warn({ code: 'duplicate_tool_call', message: `tool call ${event.callId} seen twice; the second is ignored`, ...where(event) });
      return;
    }
    const spanId = spanIdFor(state.traceId, spanKeys.tool(state.sessionId, event.callId));
    state.openTools.set(event.callId, { call: event, spanId, events: [], droppedEvents: 0 });
    state.chat.add(event, (id) => state.seenResponses.has(id));
  }

  private toolResult(state: SessionState, event: EventOf<'tool.result'>, out: SpanRecord[]): void {
    if (state.finishedTools.has(event.callId)) {
      this.warn({ code: 'duplicate_tool_result', message: `a second result for tool call ${event.callId}; ignored`, ...where(event) });
      return;
    }
    state.chat.add(event, (id) => state.seenResponses.has(id));
    const open = state.openTools.get(event.callId);
    state.openTools.delete(event.callId);
    state.finishedTools.add(event.callId);
    const spanId = open?.spanId ?? spanIdFor(state.traceId, spanKeys.tool(state.sessionId, event.callId));
    if (!open && event.durationMs !== undefined) state.touch(event.time - event.durationMs);
    if (open && event.durationMs !== undefined) state.touch(open.call.time + event.durationMs);
    const init = buildToolSpan(state, spanId, open?.call, event, event.time, open?.events ?? [], open?.droppedEvents ?? 0, this.ctx);
    countToolCall(state, this.stats, event.success);
    if (init.attributes[ATTR_TOOL_KIND] === 'sub_agent') state.heldTools.set(event.callId, init);
    else this.emit(init, out, state);
  }

  private addEvent(state: SessionState, event: AgentEvent): void {
    const timed = toSpanEvent(event, this.ctx.content, this.ctx.diagnostic);
    if (timed) routeSpanEvent(state, event, timed, { eventLimit: this.eventLimit, pendingLimit: this.pendingLimit });
  }

  private close(state: SessionState, out: SpanRecord[]): void {
    for (const child of state.children) if (!child.closed) this.close(child, out);
    const leftovers = state.chat.leftovers();
    for (const init of closingSpans(state, this.ctx, this.stats)) {
      // What no chat span took (sources that record no model calls) goes on the session's root.
      if (init.spanId === state.rootSpanId) putTurn(init.attributes, leftovers, this.ctx.content, this.messageMax);
      this.emit(init, out, state);
    }
    this.sessions.delete(state.sessionId);
    this.closed.add(state.sessionId);
  }

  private emit(init: SpanRecordInit, out: SpanRecord[], state: SessionState): void {
    // What LLM-observability backends group traces by: the top session (a subagent's spans share its trace), and its user.
    if (init.attributes[ATTR_GEN_AI_CONVERSATION_ID] !== undefined) init.attributes[ATTR_SESSION_ID] = topSessionId(state);
    if (state.meta.userId) init.attributes[ATTR_USER_ID] = this.ctx.diagnostic(state.meta.userId);
    this.stats.spans++;
    this.stats.cost.add(init);
    out.push(new SpanRecord(applySpanLimits(init, this.limits, this.stats)));
  }
}

/**
 * Counts a subagent by where its spans actually went: under its launching
 * call or its parent's root when that parent is converted in the same run,
 * otherwise as one without its parent (an orphan in a trace of its own, or a
 * subagent pointing into a trace whose spans this run does not write).
 */
function countPlacement(stats: MapperStats, link: SessionLink, parentOpen: boolean): void {
  if (link === 'none') return;
  stats.subagents++;
  if (link === 'tool' && parentOpen) stats.subagentsLinked++;
  else if (link === 'session' && parentOpen) stats.subagentsUnderSession++;
  else stats.subagentsUnlinked++;
}

/**
 * The session a trace belongs to: the top of the subagent chain, or the
 * parent a subagent names when its parent is not converted with it.
 */
function topSessionId(state: SessionState): string {
  let top = state;
  while (top.parent) top = top.parent;
  return top.meta.parent?.sessionId ?? top.sessionId;
}

function where(event: AgentEvent): { file?: string; line?: number } {
  return event.source ? { file: event.source.file, line: event.source.line } : {};
}

export type { MapperOptions } from './mapper-options.js';
