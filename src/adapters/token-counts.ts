/**
 * Token counts as the sources write them. A count the source may not have
 * (null, a string, a negative or broken number) is undefined, so that the
 * usage field stays absent rather than wrong; see `definedFields`.
 */

/** A count written as an integer: a non-negative integer, else undefined. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A count from a source that may write fractions or negatives: rounded, at least 0; undefined when not a finite number. */
export function roundedTokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : undefined;
}
