import { basename, dirname, extname } from 'node:path';
import type { ParentLink } from '../../model/session.js';

/** What a chat file's metadata says of it. */
export interface ChatFileHead {
  sessionId?: string;
  kind?: string;
}

/**
 * The ids that may name a subagent chat's parent session, best first. Gemini
 * CLI has written subagent chats in two layouts:
 * - 0.37 and later: `chats/<parent session id, sanitized>/<subagent id>.json(l)`,
 *   with the subagent's own `sessionId`: the folder names the parent;
 * - 0.30 to 0.36: `chats/session-<time>-<id8>.json` next to the parent's chat,
 *   with the parent's own `sessionId` (the subagent has no id of its own).
 */
export function parentCandidates(file: string, head: ChatFileHead): string[] {
  const folder = basename(dirname(file));
  const out = folder !== 'chats' ? [folder] : [];
  if (head.sessionId !== undefined && !out.includes(head.sessionId)) out.push(head.sessionId);
  return out;
}

/**
 * Where a subagent chat goes: the first candidate that is a session read in
 * the same unit (`parents`: id and sanitized id -> session id), else the best
 * candidate marked missing. The subagent keeps its own session id, except in
 * the older layout where it carries its parent's: it then gets
 * `<parent id>/<file name>`, so that it is never merged into its parent.
 */
export function placeSubagentChat(
  file: string,
  head: ChatFileHead,
  parents: ReadonlyMap<string, string>,
): { parent: ParentLink; sessionId: string | undefined } {
  const candidates = parentCandidates(file, head);
  const found = candidates.map((c) => parents.get(c)).find((id) => id !== undefined);
  const parentId = found ?? candidates[0] ?? basename(dirname(file));
  const parent: ParentLink = found !== undefined ? { sessionId: found } : { sessionId: parentId, missing: true };
  const own = head.sessionId;
  const sessionId = own === undefined || own === parentId ? `${parentId}/${basename(file, extname(file))}` : own;
  return { parent, sessionId };
}
