import { basename, dirname } from 'node:path';
import type { AgentEvent } from '../../model/events.js';
import type { Adapter, Probe, ReadContext, SourceUnit } from '../adapter.js';
import { isRecord } from '../json-lines.js';
import { GEMINI_AGENT, sessionEvents, type GeminiSession, type SubagentLink } from './convert.js';
import { readJsonlSession } from './jsonl.js';
import { readLegacySession } from './legacy.js';
import { planGeminiUnits, sanitizeFilenamePart } from './plan.js';

/**
 * Gemini CLI chat records: the legacy `session-*.json` documents and the
 * append-only `session-*.jsonl` files, with subagent files under
 * `chats/<parent session id>/`.
 */
export const geminiCliAdapter: Adapter = {
  format: 'gemini-cli',
  agent: GEMINI_AGENT,
  description: 'Gemini CLI chat records (~/.gemini/tmp/<project>/chats/session-*.json and *.jsonl)',

  detect(probe: Probe): boolean {
    const doc = probe.document;
    if (isRecord(doc)) return isSessionMeta(doc) && Array.isArray(doc.messages);
    const first = probe.lines[0];
    if (isRecord(first)) return isSessionMeta(first);
    // A legacy document larger than the probe: JSON whose head names the fields.
    const head = probe.head;
    return /^\s*\{/.test(head) && ['sessionId', 'projectHash', 'messages'].every((k) => head.includes(`"${k}"`));
  },

  plan: planGeminiUnits,

  async *read(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
    const links = new Map<string, SubagentLink>();
    const parents = new Map<string, string>();
    for (const file of unit.files) {
      const session = file.endsWith('.jsonl')
        ? await readJsonlSession(file, ctx.warn, ctx.maxLineBytes)
        : await readLegacySession(file, ctx.warn);
      if (!session) continue;
      if (session.meta.kind === 'subagent') linkParent(session, file, links, parents);
      else parents.set(sanitizeFilenamePart(session.meta.sessionId), session.meta.sessionId);
      yield* sessionEvents(session, ctx.warn, links);
    }
  },
};

function isSessionMeta(value: Record<string, unknown>): boolean {
  return typeof value.sessionId === 'string' && typeof value.projectHash === 'string';
}

/**
 * A subagent's parent is the session whose id names the subagent's folder;
 * the launching call is the parent's tool call whose `agentId` is the
 * subagent's session id (known when the parent was read first).
 */
function linkParent(
  session: GeminiSession,
  file: string,
  links: Map<string, SubagentLink>,
  parents: Map<string, string>,
): void {
  const folder = basename(dirname(file));
  const link = links.get(session.meta.sessionId);
  session.parent = {
    sessionId: parents.get(folder) ?? folder,
    ...(link ? { toolCallId: link.toolCallId } : {}),
  };
  session.agentName = link?.name;
}
