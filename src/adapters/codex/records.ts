import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord } from '../../core/json-lines.js';
import { recordKind, reportNotARecord } from '../record.js';

/** The envelope kinds (`RolloutItem` variants) of rollouts since Codex 0.4x. */
export const ENVELOPE_TYPES: ReadonlySet<string> = new Set([
  'session_meta',
  'response_item',
  'event_msg',
  'turn_context',
  'compacted',
]);

/** One rollout line, sorted by shape. */
export type RolloutRecord =
  | { shape: 'envelope'; type: string; payload: unknown; timestamp: unknown }
  | { shape: 'header'; header: Record<string, unknown> }
  | { shape: 'state' }
  | { shape: 'item'; item: Record<string, unknown>; timestamp: unknown }
  | { shape: 'other'; value: unknown };

export function classify(value: unknown): RolloutRecord {
  if (!isRecord(value)) return { shape: 'other', value };
  const type = value.type;
  if (typeof type === 'string') {
    // Bare response items never have a `payload`; an envelope of a kind not known yet still does.
    if ('payload' in value) return { shape: 'envelope', type, payload: value.payload, timestamp: value.timestamp };
    return { shape: 'item', item: value, timestamp: value.timestamp };
  }
  if (value.record_type === 'state') return { shape: 'state' };
  if (isLegacyHeader(value)) return { shape: 'header', header: value };
  return { shape: 'other', value };
}

/** The first line of a pre-envelope rollout: `{id, timestamp, instructions, git?}`. */
export function isLegacyHeader(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    value.type === undefined &&
    typeof value.id === 'string' &&
    typeof value.timestamp === 'string' &&
    ('instructions' in value || 'git' in value || 'cli_version' in value)
  );
}

/** A `response_item` or `event_msg` payload without a `type` string (or not an object) cannot be converted: one warning, skipped. */
export function reportUntypedPayload(payload: unknown, where: { file: string; line: number }, warn: WarningSink): void {
  const prefixed: WarningSink = (w) => warn({ ...w, message: `payload: ${w.message}` });
  if (isRecord(payload)) recordKind(payload, 'type', where, prefixed);
  else reportNotARecord(payload, where, prefixed);
}
