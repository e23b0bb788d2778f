import type { Probe } from '../adapter.js';
import { isRecord } from '../../core/json-lines.js';

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

export function detectOpenCode(probe: Probe): boolean {
  if (isOpenCodeDatabase(probe.head)) return true;
  return isStorageDocument(probe.document);
}
