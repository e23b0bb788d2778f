import { isRecord } from '../core/json-lines.js';

/** What a field must be: a JSON type, an object, or merely present (any value, null included). */
export type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'present';

/**
 * True when `value` is a JSON object whose fields are of the kinds named
 * (`{ session_id: 'string', ts_ms: 'number', trace_path: 'present' }`): the
 * usual test of a detector, which tells a format by the keys only it has.
 */
export function hasFields(value: unknown, fields: Readonly<Record<string, FieldKind>>): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  for (const [key, kind] of Object.entries(fields)) {
    if (kind === 'present' ? !(key in value) : kind === 'object' ? !isRecord(value[key]) : typeof value[key] !== kind) return false;
  }
  return true;
}
