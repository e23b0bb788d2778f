/**
 * Helpers that keep optional event fields absent rather than null or empty:
 * spread their result into an event literal (`{ ...base, ...opt('error', r.error) }`).
 */

/** `{ [key]: value }` when value is a non-empty string, else nothing. */
export function opt<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

/** `{ [key]: value }` when value is a finite number, else nothing. */
export function optNumber<K extends string>(key: K, value: number | null | undefined): { [P in K]?: number } {
  return (typeof value === 'number' && Number.isFinite(value) ? { [key]: value } : {}) as { [P in K]?: number };
}

/** `{ content }` when the content is a string (an empty one included), else nothing. */
export function optContent(content: string | null | undefined): { content?: string } {
  return typeof content === 'string' ? { content } : {};
}

/** The fields whose value is defined, in the order given (`{ input: 3, output: undefined }` -> `{ input: 3 }`). */
export function definedFields<K extends string, T>(fields: Record<K, T | undefined>): Partial<Record<K, T>> {
  const out: Partial<Record<K, T>> = {};
  for (const key of Object.keys(fields) as K[]) if (fields[key] !== undefined) out[key] = fields[key];
  return out;
}
