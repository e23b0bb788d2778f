import type { Probe } from '../adapter.js';
import { hasFields } from '../has-fields.js';
import { someFirstLine } from '../probe.js';

/** A chat event line: `recorded_at`, `session_id`, `message_type`, and a `sequence` or a `role`. */
export function isChatEvent(value: unknown): boolean {
  return (
    hasFields(value, { recorded_at: 'string', session_id: 'string', message_type: 'string' }) &&
    (typeof value.sequence === 'number' || typeof value.role === 'string')
  );
}

export function detectCodetether(probe: Probe): boolean {
  return someFirstLine(probe, isChatEvent);
}
