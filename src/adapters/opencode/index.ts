import type { AgentEvent } from '../../model/events.js';
import type { Adapter, Probe, ReadContext, SourceUnit } from '../adapter.js';
import { isRecord } from '../json-lines.js';
import { OPENCODE_AGENT, storeEvents } from './convert.js';
import { JsonStore } from './json-store.js';
import { planOpenCodeUnits, storageRoot } from './plan.js';
import { SqliteStore } from './sqlite-store.js';
import type { OpenCodeStore } from './store.js';

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** The schema text of the first pages names OpenCode's tables (`message`, `part` with `session_id`). */
function isOpenCodeDatabase(head: string): boolean {
  return (
    head.startsWith(SQLITE_HEADER) &&
    /CREATE TABLE\s+[`"']?message[`"']?\s*\(/i.test(head) &&
    /CREATE TABLE\s+[`"']?part[`"']?\s*\(/i.test(head) &&
    head.includes('session_id')
  );
}

/** A session, message or part document of the JSON storage. */
function isStorageDocument(doc: unknown): boolean {
  if (!isRecord(doc) || typeof doc.id !== 'string') return false;
  const time = doc.time;
  if (typeof doc.projectID === 'string' && isRecord(time) && typeof time.created === 'number') return true;
  const role = doc.role;
  if (typeof doc.sessionID === 'string' && (role === 'user' || role === 'assistant') && isRecord(time)) return true;
  return typeof doc.sessionID === 'string' && typeof doc.messageID === 'string' && typeof doc.type === 'string';
}

/**
 * OpenCode sessions, from the JSON file storage (`storage/session`,
 * `storage/message`, `storage/part`) or from the SQLite `opencode.db` of newer
 * versions. Child sessions (`parentID`) are subagents of their parent's
 * `task` calls.
 */
export const openCodeAdapter: Adapter = {
  format: 'opencode',
  agent: OPENCODE_AGENT,
  description: 'OpenCode sessions (storage/session|message|part/*.json, or opencode.db)',

  detect(probe: Probe): boolean {
    if (isOpenCodeDatabase(probe.head)) return true;
    return isStorageDocument(probe.document);
  },

  plan: planOpenCodeUnits,

  async *read(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
    const first = unit.files[0];
    if (first === undefined) return;
    const root = typeof unit.hints?.root === 'string' ? unit.hints.root : storageRoot(first)?.root;
    const stores: OpenCodeStore[] = [];
    if (root !== undefined) stores.push(new JsonStore(root, unit.files, ctx.warn));
    else {
      for (const file of unit.files) {
        const store = await SqliteStore.open(file, ctx.warn);
        if (store) stores.push(store);
      }
    }
    for (const store of stores) {
      try {
        yield* storeEvents(store, ctx.warn);
      } finally {
        store.close();
      }
    }
  },
};
