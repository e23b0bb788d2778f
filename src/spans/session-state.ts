import type { Resource } from '@opentelemetry/resources';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { SessionEndEvent, ToolCallEvent } from '../model/events.js';
import type { SessionMeta } from '../model/session.js';
import { emptyRollup, type UsageRollup } from '../cost/usage-rollup.js';
import type { ChatContent } from './chat-content.js';
import type { SessionLink } from './session-ids.js';
import type { SpanRecordInit } from './span-record.js';

/** A tool call that has started and not yet finished. */
export interface OpenTool {
  call: ToolCallEvent;
  spanId: string;
  events: TimedEvent[];
  droppedEvents: number;
}

/** A bounded list of span events: past the limit, events are counted as dropped. */
export class EventList {
  readonly items: TimedEvent[] = [];
  dropped = 0;
  constructor(private readonly limit: number) {}
  add(event: TimedEvent): void {
    if (this.items.length < this.limit) this.items.push(event);
    else this.dropped++;
  }
}

/** Everything the mapper keeps about one session while its events stream in. */
export class SessionState {
  readonly openTools = new Map<string, OpenTool>();
  /** Finished calls, so a repeated result is recognised (ids only). */
  readonly finishedTools = new Set<string>();
  /** Tool spans held back until the session closes, to add their subagents' totals. */
  readonly heldTools = new Map<string, SpanRecordInit>();
  /** Span events waiting for their chat span (by response id). */
  readonly responseEvents = new Map<string, TimedEvent[]>();
  readonly seenResponses = new Set<string>();
  readonly rootEvents: EventList;
  readonly children: SessionState[] = [];
  /** Usage and cost of this session's own chat spans. */
  readonly own: UsageRollup = emptyRollup();
  /** Usage and cost of its own chat spans plus everything below it. */
  readonly subtree: UsageRollup = emptyRollup();
  /** Per launching tool call: usage and cost of the subagents it started (their subtrees). */
  readonly subagentTotals = new Map<string, UsageRollup>();
  toolCalls = 0;
  toolFailures = 0;
  modelCalls = 0;
  subagents = 0;
  heartbeats = 0;
  chatSeq = 0;
  firstMs: number;
  lastMs: number;
  end?: SessionEndEvent;
  closed = false;
  inexactTimes = false;
  /** How the session was placed (set by the mapper when it is created). */
  link: SessionLink = 'none';

  constructor(
    readonly sessionId: string,
    readonly meta: SessionMeta,
    readonly traceId: string,
    readonly rootSpanId: string,
    readonly parentSpanId: string | undefined,
    readonly resource: Resource,
    readonly parent: SessionState | undefined,
    startMs: number,
    eventLimit: number,
    /** The conversation, cut into the chat spans' input and output. */
    readonly chat: ChatContent,
  ) {
    this.firstMs = startMs;
    this.lastMs = startMs;
    this.rootEvents = new EventList(eventLimit);
  }

  /** Widens the session's time range to include `ms`. */
  touch(ms: number): void {
    if (ms < this.firstMs) this.firstMs = ms;
    if (ms > this.lastMs) this.lastMs = ms;
  }
}

/** Counts a finished (or interrupted) tool call on its session and in the mapper's totals. */
export function countToolCall(state: SessionState, stats: { toolCalls: number; toolFailures: number }, success: boolean): void {
  state.toolCalls++;
  stats.toolCalls++;
  if (!success) {
    state.toolFailures++;
    stats.toolFailures++;
  }
}
