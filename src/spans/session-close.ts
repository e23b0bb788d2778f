import { SpanStatusCode } from '@opentelemetry/api';
import { addRollup, emptyRollup } from '../cost/usage-rollup.js';
import { releaseHeldEvents } from './event-routing.js';
import type { MapperStats } from './mapper-stats.js';
import { buildRootSpan } from './root-span.js';
import { buildToolSpan, putRollup, type BuildContext } from './span-builders.js';
import { PREFIX_USAGE_SUBTREE } from './semconv.js';
import type { SpanRecordInit } from './span-record.js';
import { countToolCall, type SessionState } from './session-state.js';

/**
 * The spans that close a session, in the order they are emitted: calls still
 * open (ended where the session's records end, marked interrupted), tool
 * spans held back for their subagents' totals, then the `invoke_agent` root.
 * Its totals are added to the parent session and to the call that launched
 * it. The caller closes the session's children first.
 */
export function closingSpans(state: SessionState, ctx: BuildContext, stats: MapperStats): SpanRecordInit[] {
  const out: SpanRecordInit[] = [];
  for (const open of state.openTools.values()) {
    out.push(buildToolSpan(state, open.spanId, open.call, undefined, state.lastMs, open.events, open.droppedEvents, ctx));
    countToolCall(state, stats, false);
    stats.interruptedToolCalls++;
  }
  for (const [callId, init] of state.heldTools) {
    const sub = state.subagentTotals.get(callId);
    if (sub) putRollup(init.attributes, PREFIX_USAGE_SUBTREE, sub);
    out.push(init);
  }
  releaseHeldEvents(state);
  const root = buildRootSpan(state, ctx);
  if (root.status?.code === SpanStatusCode.ERROR) stats.failedSessions++;
  out.push(root);
  state.closed = true;
  rollUp(state);
  return out;
}

function rollUp(state: SessionState): void {
  const parent = state.parent;
  if (!parent) return;
  parent.touch(state.firstMs);
  parent.touch(Math.max(state.lastMs, state.end?.time ?? 0));
  const callId = state.meta.parent?.toolCallId;
  if (!callId) return;
  const sub = parent.subagentTotals.get(callId) ?? emptyRollup();
  addRollup(sub, state.subtree);
  parent.subagentTotals.set(callId, sub);
}
