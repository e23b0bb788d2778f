import type { Probe } from '../adapter.js';
import { isRecord } from '../json-lines.js';

/** A chat event line: `recorded_at`, `session_id`, `message_type`, and a `sequence` or a `role`. */
export function isChatEvent(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.recorded_at === 'string' &&
    typeof value.session_id === 'string' &&
    typeof value.message_type === 'string' &&
    (typeof value.sequence === 'number' || typeof value.role === 'string')
  );
}

export function detectCodetether(probe: Probe): boolean {
  return probe.lines.slice(0, 5).some(isChatEvent);
}
