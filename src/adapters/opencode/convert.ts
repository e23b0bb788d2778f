import type { AgentEvent } from '../../model/events.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { messageEvents } from './message.js';
import type { OpenCodeSession } from './schema.js';
import { treeEnds } from './session-trees.js';
import type { OpenCodeStore, Stored } from './store.js';
import { providerName } from './usage.js';

export const OPENCODE_AGENT = 'opencode';

/**
 * The events of every session of a store, parents before children. A child
 * session (`parentID` set) is a subagent: its parent link names the parent's
 * `task` call that created it, found while the parent was read. OpenCode
 * records no session end, so none is emitted; `sessionsRead` is told of each
 * session tree once its last session has been read.
 */
export async function* storeEvents(
  store: OpenCodeStore,
  warn: WarningSink,
  sessionsRead?: (sessionIds: readonly string[]) => void,
): AsyncGenerator<AgentEvent> {
  const links = new Map<string, string>();
  const sessions = await store.sessions();
  const ends = sessionsRead ? treeEnds(sessions.map((s) => s.value)) : undefined;
  for (const [index, session] of sessions.entries()) {
    yield* sessionEvents(store, session, links, warn);
    const tree = ends?.get(index);
    if (tree) {
      sessionsRead?.(tree);
      for (const id of tree) links.delete(id);
    }
  }
}

async function* sessionEvents(
  store: OpenCodeStore,
  stored: Stored<OpenCodeSession>,
  links: Map<string, string>,
  warn: WarningSink,
): AsyncGenerator<AgentEvent> {
  const session = stored.value;
  const messages = await store.messages(session.id);
  const created = session.time?.created ?? messages[0]?.value.time?.created;
  if (created === undefined) {
    const message = `session ${session.id} has no time at all; skipped`;
    warn({ code: 'no_timestamp', file: stored.source.file, message });
    return;
  }
  const firstAssistant = messages.find((m) => m.value.role === 'assistant')?.value;
  const toolCallId = session.parentID ? links.get(session.id) : undefined;
  yield {
    type: 'session.start',
    sessionId: session.id,
    time: created,
    ...(session.time?.created === undefined ? { timeExact: false } : {}),
    source: stored.source,
    meta: {
      agent: OPENCODE_AGENT,
      agentVersion: session.version,
      agentName: firstAssistant?.agent ?? firstAssistant?.mode,
      provider: providerName(firstAssistant?.providerID),
      model: firstAssistant?.modelID,
      cwd: session.directory ?? firstAssistant?.path?.cwd,
      title: session.title,
      ...(session.parentID ? { parent: { sessionId: session.parentID, ...(toolCallId ? { toolCallId } : {}) } } : {}),
      ...(session.projectID ? { attributes: { 'opencode.project_id': session.projectID } } : {}),
    },
  };
  let last = created;
  for (const message of messages) {
    const parts = await store.parts(message.value.id, session.id);
    for (const event of messageEvents(session.id, message, parts, last, links)) {
      yield event;
      last = Math.max(last, event.time);
    }
  }
}
