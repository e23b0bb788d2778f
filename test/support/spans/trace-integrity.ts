import type { NormalizedSpan } from './otlp-normalize.js';
import { SpanTree, attr, conversation, operation } from './span-tree.js';

/**
 * What is wrong with the shape of the traces, per the span model ("one trace
 * per session"); empty when nothing is:
 * - every trace has exactly one span without a parent, an `invoke_agent` span;
 * - every parent span exists, in the same trace;
 * - each session (`gen_ai.conversation.id` of an `invoke_agent` span) has one
 *   such span, in one trace;
 * - every chat or tool span descends from its own session's `invoke_agent` span;
 * - a trace holds one top-level session: every other `invoke_agent` span in it
 *   names, as `agent_otel.parent.conversation_id`, the session it sits under.
 */
export function traceProblems(spans: readonly NormalizedSpan[]): string[] {
  const problems: string[] = [];
  const tree = new SpanTree(spans);
  const label = (s: NormalizedSpan) => `${s.name} ${s.spanId} (${String(conversation(s))})`;
  for (const [traceId, trace] of tree.traces) {
    const roots = [...trace.values()].filter((s) => s.parentSpanId === undefined);
    if (roots.length !== 1) problems.push(`trace ${traceId} has ${roots.length} roots: ${roots.map(label).join(', ')}`);
    for (const root of roots) if (operation(root) !== 'invoke_agent') problems.push(`trace ${traceId}: root ${label(root)} is not invoke_agent`);
    for (const span of trace.values()) {
      if (span.parentSpanId !== undefined && !trace.has(span.parentSpanId)) {
        problems.push(`trace ${traceId}: parent ${span.parentSpanId} of ${label(span)} is not in the trace`);
      }
    }
  }
  const sessions = new Map<string, NormalizedSpan[]>();
  for (const span of spans.filter((s) => operation(s) === 'invoke_agent')) {
    const id = String(conversation(span));
    sessions.set(id, [...(sessions.get(id) ?? []), span]);
  }
  for (const [id, list] of sessions) if (list.length !== 1) problems.push(`session ${id} has ${list.length} invoke_agent spans`);
  for (const span of spans) {
    const owner = tree.ancestors(span).find((a) => operation(a) === 'invoke_agent');
    if (operation(span) !== 'invoke_agent') {
      if (!owner || conversation(owner) !== conversation(span)) {
        problems.push(`${label(span)} does not descend from its session's invoke_agent (nearest: ${owner ? label(owner) : 'none'})`);
      }
    } else if (owner && attr(span, 'agent_otel.parent.conversation_id') !== conversation(owner)) {
      problems.push(`${label(span)} sits under session ${String(conversation(owner))} but names ${String(attr(span, 'agent_otel.parent.conversation_id'))} as its parent`);
    }
  }
  return problems;
}
