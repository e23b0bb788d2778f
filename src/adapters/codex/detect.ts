import type { Probe } from '../adapter.js';
import { isRecord } from '../../core/json-lines.js';
import { ENVELOPE_TYPES, isLegacyHeader } from './records.js';

/** Response item types a pre-envelope rollout line may start with. */
const BARE_ITEM_TYPES: ReadonlySet<string> = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
]);

function isEnvelope(value: unknown): boolean {
  return isRecord(value) && typeof value.type === 'string' && ENVELOPE_TYPES.has(value.type) && isRecord(value.payload);
}

function isBareItem(value: unknown): boolean {
  return isRecord(value) && typeof value.type === 'string' && BARE_ITEM_TYPES.has(value.type) && !('payload' in value);
}

/**
 * True for a Codex rollout: an envelope line among the first lines (the first
 * is `session_meta` in every version that has the envelope), or a
 * pre-envelope header followed by a state marker or a bare response item.
 */
export function looksLikeRollout(lines: readonly unknown[]): boolean {
  const head = lines.slice(0, 5);
  if (head.some(isEnvelope)) return true;
  const [first, second] = head;
  if (!isLegacyHeader(first)) return false;
  return second === undefined || (isRecord(second) && second.record_type === 'state') || isBareItem(second);
}

export function detectCodex(probe: Probe): boolean {
  return looksLikeRollout(probe.lines);
}
