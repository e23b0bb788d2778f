import type { Probe } from '../adapter.js';
import { isRecord } from '../json-lines.js';

const KINDS = new Set(['ToolCall', 'ToolResult', 'Message', 'Error', 'Cost', 'Hook', 'Lifecycle']);

/** An `Event` line: `session_id`, `ts_ms`, a `kind` and the `ts_exact` flag (or one of the known kinds). */
export function isKaizenEvent(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.session_id === 'string' &&
    typeof value.ts_ms === 'number' &&
    typeof value.kind === 'string' &&
    ('ts_exact' in value || KINDS.has(value.kind))
  );
}

/** `session.json`: a `SessionRecord` (`id`, `started_at_ms`, `status`, `trace_path`). */
export function isKaizenSessionRecord(doc: unknown): boolean {
  return (
    isRecord(doc) &&
    typeof doc.id === 'string' &&
    typeof doc.started_at_ms === 'number' &&
    typeof doc.status === 'string' &&
    'trace_path' in doc
  );
}

export function detectKaizen(probe: Probe): boolean {
  return probe.lines.slice(0, 5).some(isKaizenEvent) || isKaizenSessionRecord(probe.document);
}
