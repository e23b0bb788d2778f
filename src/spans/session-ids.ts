import type { SessionMeta } from '../model/session.js';
import { spanIdFor, spanKeys, traceIdFor } from './ids.js';

/** Where a session's root span sits: its trace, its own span id, and its parent span, if any. */
export interface SessionPlacement {
  traceId: string;
  rootSpanId: string;
  parentSpanId?: string;
  /**
   * How the session is attached: under the call that launched it, under its
   * parent session's root, in a trace of its own because its parent's records
   * are missing (`orphan`), or not a subagent at all (`none`).
   */
  link: SessionLink;
}

export type SessionLink = 'tool' | 'session' | 'orphan' | 'none';

/**
 * Places a session. A top-level session gets the trace of (agent, session id).
 * A subagent joins its parent's trace, under the tool span of the call that
 * launched it (or the parent's root when that call is unknown); the ids are
 * derived, so this holds even when the parent was converted in another run.
 * A subagent whose parent is known to be missing (`parent.missing`) gets the
 * trace of (agent, its own session id), as a top-level session would.
 * `parentTraceId` is the parent's trace when the parent is open in this mapper.
 */
export function placeSession(sessionId: string, meta: SessionMeta, parentTraceId?: string): SessionPlacement {
  const link = meta.parent;
  if (!link || (link.missing === true && parentTraceId === undefined)) {
    const traceId = traceIdFor(meta.agent, sessionId);
    return { traceId, rootSpanId: spanIdFor(traceId, spanKeys.session(sessionId)), link: link ? 'orphan' : 'none' };
  }
  const traceId = parentTraceId ?? traceIdFor(link.agent ?? meta.agent, link.sessionId);
  const parentSpanId = link.toolCallId
    ? spanIdFor(traceId, spanKeys.tool(link.sessionId, link.toolCallId))
    : spanIdFor(traceId, spanKeys.session(link.sessionId));
  return {
    traceId,
    rootSpanId: spanIdFor(traceId, spanKeys.session(sessionId)),
    parentSpanId,
    link: link.toolCallId ? 'tool' : 'session',
  };
}
