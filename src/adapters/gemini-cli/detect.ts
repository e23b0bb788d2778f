import type { Probe } from '../adapter.js';
import { isRecord } from '../../core/json-lines.js';

function isSessionMeta(value: Record<string, unknown>): boolean {
  return typeof value.sessionId === 'string' && typeof value.projectHash === 'string';
}

/**
 * A legacy document (session fields and `messages`), or a JSONL file whose
 * first line is the session's metadata.
 */
export function detectGeminiCli(probe: Probe): boolean {
  const doc = probe.document;
  if (isRecord(doc)) return isSessionMeta(doc) && Array.isArray(doc.messages);
  const first = probe.lines[0];
  if (isRecord(first)) return isSessionMeta(first);
  // A legacy document larger than the probe: JSON whose head names the fields.
  const head = probe.head;
  return /^\s*\{/.test(head) && ['sessionId', 'projectHash', 'messages'].every((k) => head.includes(`"${k}"`));
}
