import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { AgentEvent } from '../model/events.js';
import type { SessionState } from './session-state.js';

export interface RoutingLimits {
  /** Span events kept per span. */
  eventLimit: number;
  /** Responses whose events may wait for their chat span, per session. */
  pendingLimit: number;
}

/**
 * Puts a span event on the nearest span: the open tool call it names, the
 * chat span of the response it names (held until that span is built), or
 * else the session's root.
 */
export function routeSpanEvent(state: SessionState, event: AgentEvent, timed: TimedEvent, limits: RoutingLimits): void {
  const callId = 'callId' in event ? event.callId : undefined;
  const open = callId !== undefined ? state.openTools.get(callId) : undefined;
  if (open) {
    if (open.events.length < limits.eventLimit) open.events.push(timed);
    else open.droppedEvents++;
    return;
  }
  const responseId = 'responseId' in event ? event.responseId : undefined;
  if (responseId !== undefined && !state.seenResponses.has(responseId)) {
    holdForResponse(state, responseId, timed, limits);
    return;
  }
  state.rootEvents.add(timed);
}

function holdForResponse(state: SessionState, responseId: string, timed: TimedEvent, limits: RoutingLimits): void {
  let list = state.responseEvents.get(responseId);
  if (!list) {
    if (state.responseEvents.size >= limits.pendingLimit) {
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
  if (list.length < limits.eventLimit) list.push(timed);
  else state.rootEvents.dropped++;
}

/** The events of responses that never got a chat span go to the root. */
export function releaseHeldEvents(state: SessionState): void {
  for (const events of state.responseEvents.values()) for (const e of events) state.rootEvents.add(e);
  state.responseEvents.clear();
}
