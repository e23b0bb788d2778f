import type { Probe } from '../adapter.js';
import { hasFields } from '../has-fields.js';
import { someFirstLine } from '../probe.js';

/** A `SessionEvent` line: `session_key`, `timestamp`, `agent_id` and a `kind` object with a `type`. */
export function isSessionEvent(value: unknown): boolean {
  return (
    hasFields(value, { session_key: 'string', timestamp: 'string', agent_id: 'present', kind: 'object' }) &&
    hasFields(value.kind, { type: 'string' })
  );
}

export function detectEventStore(probe: Probe): boolean {
  return someFirstLine(probe, isSessionEvent);
}
