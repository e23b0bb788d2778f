import type { Probe } from '../adapter.js';
import { hasFields } from '../has-fields.js';
import { someFirstLine } from '../probe.js';

const KINDS = new Set(['ToolCall', 'ToolResult', 'Message', 'Error', 'Cost', 'Hook', 'Lifecycle']);

/** An `Event` line: `session_id`, `ts_ms`, a `kind` and the `ts_exact` flag (or one of the known kinds). */
export function isKaizenEvent(value: unknown): boolean {
  return (
    hasFields(value, { session_id: 'string', ts_ms: 'number', kind: 'string' }) &&
    ('ts_exact' in value || KINDS.has(value.kind as string))
  );
}

/** `session.json`: a `SessionRecord` (`id`, `started_at_ms`, `status`, `trace_path`). */
export function isKaizenSessionRecord(doc: unknown): boolean {
  return hasFields(doc, { id: 'string', started_at_ms: 'number', status: 'string', trace_path: 'present' });
}

export function detectKaizen(probe: Probe): boolean {
  return someFirstLine(probe, isKaizenEvent) || isKaizenSessionRecord(probe.document);
}
