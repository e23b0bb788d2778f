import type { Probe } from '../adapter.js';
import { isRecord } from '../json-lines.js';

/** A `SessionEvent` line: `session_key`, `timestamp`, `agent_id` and a `kind` object with a `type`. */
export function isSessionEvent(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.session_key === 'string' &&
    typeof value.timestamp === 'string' &&
    'agent_id' in value &&
    isRecord(value.kind) &&
    typeof value.kind.type === 'string'
  );
}

export function detectEventStore(probe: Probe): boolean {
  return probe.lines.slice(0, 5).some(isSessionEvent);
}
