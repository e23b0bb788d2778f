import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { WarningSink } from '../adapters/diagnostics.js';
import type { AgentEvent, EventOf } from '../model/events.js';
import type { SessionMeta } from '../model/session.js';
import { addTotals, emptyTotals, normalizeUsage } from '../model/usage.js';
import { ContentPolicy, type ContentOptions } from './content.js';
import { spanIdFor, spanKeys, traceIdFor } from './ids.js';
import { sessionResource } from './resource.js';
import { buildRootSpan } from './root-span.js';
import { buildChatSpan, buildToolSpan, putUsage, type BuildContext } from './span-builders.js';
import { ATTR_TOOL_KIND } from './semconv.js';
import { toSpanEvent } from './span-events.js';
import { SpanRecord, type SpanRecordInit } from './span-record.js';
import { SessionState } from './session-state.js';
import { MapperStats } from './mapper-stats.js';
import { SCOPE } from './scope.js';
import { applySpanLimits, DEFAULT_SPAN_LIMITS, resolveSpanLimits, type SpanLimits } from './span-limits.js';
import type { Env } from '../config/env.js';

export interface MapperOptions {
  content?: ContentOptions | ContentPolicy;
  /** Overrides `service.name` for every session. */
  serviceName?: string;
  /** Extra resource attributes (e.g. from OTEL_RESOURCE_ATTRIBUTES). */
  resourceAttributes?: Attributes;
  /** Source format tag put on each resource. */
  format?: string;
  /** The agent assumed for events whose session never started (default `unknown`). */
  defaultAgent?: string;
  /** Span events kept per span; the rest are counted as dropped. Same as `limits.eventCountLimit`. */
  maxEventsPerSpan?: number;
  /**
   * Attribute value length and attribute / event counts per span. Default:
   * the OTEL_*_LIMIT variables, then DEFAULT_SPAN_LIMITS, except that values
   * are cut at the content length limit when nothing else is set.
   */
  limits?: Partial<SpanLimits>;
  /** Environment read for the limits (default `process.env`). */
  env?: Env;
  /** Response events waiting for their chat span, per session, before they go to the root (default 256). */
  maxPendingResponses?: number;
  warn?: WarningSink;
  scope?: InstrumentationScope;
}

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
  readonly limits: SpanLimits;
  private readonly warn: WarningSink;
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
    this.warn = options.warn ?? (() => {});
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
      case 'heartbeat':
        state.heartbeats++;
        break;
      case 'cost':
        state.costUsd += event.costUsd;
        this.addEvent(state, event);
        break;
      default:
        this.addEvent(state, event);
    }
    return out;
  }

  /** Ends a session now (the live API's end): its open calls become interrupted. */
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

  /** Sessions still open. */
  get openSessions(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (!s.closed) n++;
    return n;
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
    const parentLink = meta.parent;
    const parent = parentLink ? this.sessions.get(parentLink.sessionId) : undefined;
    let traceId: string;
    let parentSpanId: string | undefined;
    if (parentLink) {
      traceId = parent?.traceId ?? traceIdFor(parentLink.agent ?? meta.agent, parentLink.sessionId);
      parentSpanId = parentLink.toolCallId
        ? spanIdFor(traceId, spanKeys.tool(parentLink.sessionId, parentLink.toolCallId))
        : parent?.rootSpanId ?? spanIdFor(traceId, spanKeys.session(parentLink.sessionId));
      this.stats.subagents++;
      if (parentLink.toolCallId) this.stats.subagentsLinked++;
      else this.stats.subagentsUnderSession++;
    } else {
      traceId = traceIdFor(meta.agent, sessionId);
    }
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
      spanIdFor(traceId, spanKeys.session(sessionId)),
      parentSpanId,
      resource,
      parent,
      time,
      this.eventLimit,
    );
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
    const usage = event.usage ? normalizeUsage(event.usage) : emptyTotals();
    for (let s: SessionState | undefined = state; s; s = s.parent) addTotals(s.totals, usage);
    if (event.costUsd !== undefined) state.costUsd += event.costUsd;
    state.modelCalls++;
    this.stats.modelCalls++;
    const events = event.responseId !== undefined ? state.responseEvents.get(event.responseId) ?? [] : [];
    if (event.responseId !== undefined) state.responseEvents.delete(event.responseId);
    const spanId = spanIdFor(state.traceId, spanKeys.chat(state.sessionId, responseKey));
    if (event.startTime !== undefined) state.touch(event.startTime);
    else if (event.latencyMs !== undefined) state.touch(event.time - event.latencyMs);
    this.emit(buildChatSpan(state, event, spanId, usage, events, this.ctx), out);
  }

  private toolCall(state: SessionState, event: EventOf<'tool.call'>): void {
    if (state.openTools.has(event.callId) || state.finishedTools.has(event.callId)) {
      this.warn({ code: 'duplicate_tool_call', message: `tool call ${event.callId} seen twice; the second is ignored`, ...where(event) });
      return;
    }
    const spanId = spanIdFor(state.traceId, spanKeys.tool(state.sessionId, event.callId));
    state.openTools.set(event.callId, { call: event, spanId, events: [], droppedEvents: 0 });
  }

  private toolResult(state: SessionState, event: EventOf<'tool.result'>, out: SpanRecord[]): void {
    if (state.finishedTools.has(event.callId)) {
      this.warn({ code: 'duplicate_tool_result', message: `a second result for tool call ${event.callId}; ignored`, ...where(event) });
      return;
    }
    const open = state.openTools.get(event.callId);
    state.openTools.delete(event.callId);
    state.finishedTools.add(event.callId);
    const spanId = open?.spanId ?? spanIdFor(state.traceId, spanKeys.tool(state.sessionId, event.callId));
    if (!open && event.durationMs !== undefined) state.touch(event.time - event.durationMs);
    if (open && event.durationMs !== undefined) state.touch(open.call.time + event.durationMs);
    const init = buildToolSpan(state, spanId, open?.call, event, event.time, open?.events ?? [], open?.droppedEvents ?? 0, this.ctx);
    this.countTool(state, event.success);
    if (init.attributes[ATTR_TOOL_KIND] === 'sub_agent') state.heldTools.set(event.callId, init);
    else this.emit(init, out);
  }

  private countTool(state: SessionState, success: boolean): void {
    state.toolCalls++;
    this.stats.toolCalls++;
    if (!success) {
      state.toolFailures++;
      this.stats.toolFailures++;
    }
  }

  private addEvent(state: SessionState, event: AgentEvent): void {
    const timed = toSpanEvent(event, this.ctx.content, this.ctx.diagnostic);
    if (!timed) return;
    const callId = 'callId' in event ? event.callId : undefined;
    const open = callId !== undefined ? state.openTools.get(callId) : undefined;
    if (open) {
      if (open.events.length < this.eventLimit) open.events.push(timed);
      else open.droppedEvents++;
      return;
    }
    const responseId = 'responseId' in event ? event.responseId : undefined;
    if (responseId !== undefined && !state.seenResponses.has(responseId)) {
      this.holdForResponse(state, responseId, timed);
      return;
    }
    state.rootEvents.add(timed);
  }

  private holdForResponse(state: SessionState, responseId: string, timed: TimedEvent): void {
    let list = state.responseEvents.get(responseId);
    if (!list) {
      if (state.responseEvents.size >= this.pendingLimit) {
        // The oldest response never got its chat span: its events go to the root.
        const [oldest] = state.responseEvents.keys();
        if (oldest !== undefined) {
          for (const e of state.responseEvents.get(oldest) ?? []) state.rootEvents.add(e);
          state.responseEvents.delete(oldest);
        }
      }
      list = [];
      state.responseEvents.set(responseId, list);
    }
    if (list.length < this.eventLimit) list.push(timed);
    else state.rootEvents.dropped++;
  }

  private close(state: SessionState, out: SpanRecord[]): void {
    for (const child of state.children) if (!child.closed) this.close(child, out);
    for (const open of state.openTools.values()) {
      const init = buildToolSpan(state, open.spanId, open.call, undefined, state.lastMs, open.events, open.droppedEvents, this.ctx);
      this.countTool(state, false);
      this.stats.interruptedToolCalls++;
      this.emit(init, out);
    }
    for (const [callId, init] of state.heldTools) {
      const sub = state.subagentTotals.get(callId);
      if (sub) putUsage(init.attributes, sub, true);
      this.emit(init, out);
    }
    for (const events of state.responseEvents.values()) for (const e of events) state.rootEvents.add(e);
    const root = buildRootSpan(state, this.ctx);
    state.closed = true;
    const parent = state.parent;
    if (parent) {
      parent.touch(state.firstMs);
      parent.touch(Math.max(state.lastMs, state.end?.time ?? 0));
      const callId = state.meta.parent?.toolCallId;
      if (callId) {
        const sub = parent.subagentTotals.get(callId) ?? emptyTotals();
        addTotals(sub, state.totals);
        parent.subagentTotals.set(callId, sub);
      }
    }
    if (root.status?.code === 2) this.stats.failedSessions++;
    this.emit(root, out);
    this.sessions.delete(state.sessionId);
    this.closed.add(state.sessionId);
  }

  private emit(init: SpanRecordInit, out: SpanRecord[]): void {
    this.stats.spans++;
    out.push(new SpanRecord(applySpanLimits(init, this.limits, this.stats)));
  }
}

function where(event: AgentEvent): { file?: string; line?: number } {
  return event.source ? { file: event.source.file, line: event.source.line } : {};
}
