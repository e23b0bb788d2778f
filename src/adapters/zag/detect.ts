import { hasFields } from '../has-fields.js';
import { isRecord } from '../../core/json-lines.js';
import { someFirstLine } from '../probe.js';
import type { Probe } from '../adapter.js';

/** A session log line: `seq`, `ts`, `wrapper_session_id` and a `type` tag. */
export function isZagLine(value: unknown): boolean {
  return hasFields(value, { seq: 'number', ts: 'string', wrapper_session_id: 'string', type: 'string' });
}

const INDEX_HEAD = /^\s*\{\s*"sessions"\s*:\s*\[/;

/** `index.json`: `{"sessions": [{"wrapper_session_id": ..., "log_path": ...}]}`. */
export function isZagIndex(probe: Probe): boolean {
  const doc = probe.document;
  if (isRecord(doc)) {
    const first: unknown = Array.isArray(doc.sessions) ? doc.sessions[0] : undefined;
    return isRecord(first) && typeof first.wrapper_session_id === 'string' && 'log_path' in first;
  }
  // A large index does not fit the probe's head: judge by its opening.
  return INDEX_HEAD.test(probe.head) && probe.head.includes('"wrapper_session_id"') && probe.head.includes('"log_path"');
}

export function detectZag(probe: Probe): boolean {
  return someFirstLine(probe, isZagLine) || isZagIndex(probe);
}
