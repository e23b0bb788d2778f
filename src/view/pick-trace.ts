import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_SESSION_ID } from '../spans/semconv.js';
import type { TraceSpan } from '../traces/trace-span.js';
import { AmbiguousTraceError, TraceNotFoundError } from './view-errors.js';

/** Which trace a page shows: by trace id (or a prefix of it naming one trace), or by session id. */
export type TraceChoice = { trace: string } | { session: string };

const listed = (ids: readonly string[]): string => ids.slice(0, 10).join(', ') + (ids.length > 10 ? `, ... (${ids.length} in all)` : '');

function byTraceId(traces: ReadonlyMap<string, readonly TraceSpan[]>, wanted: string): string {
  const id = wanted.trim().toLowerCase();
  if (traces.has(id)) return id;
  const matches = [...traces.keys()].filter((t) => t.startsWith(id));
  if (id !== '' && matches.length === 1) return matches[0]!;
  if (matches.length > 1 && id !== '') throw new AmbiguousTraceError(`--trace ${wanted} is the start of ${matches.length} trace ids: ${listed(matches)}`, matches);
  throw new TraceNotFoundError(`no trace ${wanted} in the input (${traces.size} trace${traces.size === 1 ? '' : 's'}: ${listed([...traces.keys()])})`);
}

/**
 * The trace of a session: the traces with a span whose `session.id` or
 * `gen_ai.conversation.id` is the id; when a subagent converted without its
 * parent has a trace of its own under the same session, the trace whose root
 * is the session itself is the one.
 */
function bySession(traces: ReadonlyMap<string, readonly TraceSpan[]>, session: string): string {
  const matches: string[] = [];
  const own: string[] = [];
  for (const [traceId, spans] of traces) {
    if (!spans.some((s) => s.attributes[ATTR_SESSION_ID] === session || s.attributes[ATTR_GEN_AI_CONVERSATION_ID] === session)) continue;
    matches.push(traceId);
    if (spans.some((s) => s.parentSpanId === undefined && s.attributes[ATTR_GEN_AI_CONVERSATION_ID] === session)) own.push(traceId);
  }
  if (matches.length === 1) return matches[0]!;
  if (own.length === 1) return own[0]!;
  if (matches.length === 0) throw new TraceNotFoundError(`no trace of session ${session} in the input`);
  throw new AmbiguousTraceError(`session ${session} has ${matches.length} traces: ${listed(matches)}; choose one with --trace`, matches);
}

/** The id of the trace chosen, from traces by id. */
export function pickTrace(traces: ReadonlyMap<string, readonly TraceSpan[]>, choice: TraceChoice): string {
  return 'trace' in choice ? byTraceId(traces, choice.trace) : bySession(traces, choice.session);
}
