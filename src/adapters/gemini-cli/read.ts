import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { sessionEvents, type GeminiSession, type SubagentLink } from './convert.js';
import { readJsonlSession } from './jsonl.js';
import { readLegacySession } from './legacy.js';
import { sanitizeFilenamePart } from './plan.js';
import { placeSubagentChat } from './subagent-parent.js';

/** Reads a unit's chat files in order (parents before their subagent chats), linking each subagent to its parent. */
export async function* readGeminiCli(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const links = new Map<string, SubagentLink>();
  /** Sessions read in this unit: id and sanitized id -> id. */
  const parents = new Map<string, string>();
  for (const file of unit.files) {
    const session = file.endsWith('.jsonl')
      ? await readJsonlSession(file, ctx.warn, ctx.maxLineBytes)
      : await readLegacySession(file, ctx.warn);
    if (!session) continue;
    if (session.meta.kind === 'subagent') linkParent(session, file, links, parents, ctx);
    else {
      parents.set(session.meta.sessionId, session.meta.sessionId);
      parents.set(sanitizeFilenamePart(session.meta.sessionId), session.meta.sessionId);
    }
    yield* sessionEvents(session, ctx.warn, links);
  }
}

/**
 * Puts a subagent chat under its own session (see `placeSubagentChat`); the
 * launching call is the parent's tool call whose `agentId` is the subagent's
 * session id (Gemini CLI 0.39 and later, known when the parent was read
 * first). A subagent whose session is not among the inputs is reported and
 * gets a trace of its own.
 */
function linkParent(
  session: GeminiSession,
  file: string,
  links: Map<string, SubagentLink>,
  parents: Map<string, string>,
  ctx: ReadContext,
): void {
  const { parent, sessionId } = placeSubagentChat(file, session.meta, parents);
  const link = links.get(session.meta.sessionId);
  if (parent.missing) {
    ctx.warn({
      code: 'subagent_unlinked',
      file,
      message: `subagent chat ${sessionId ?? file}: its parent session ${parent.sessionId} is not among the inputs; converted in a trace of its own`,
    });
  }
  session.parent = { ...parent, ...(link && !parent.missing ? { toolCallId: link.toolCallId } : {}) };
  if (sessionId !== undefined) session.meta = { ...session.meta, sessionId };
  session.agentName = link?.name;
}
