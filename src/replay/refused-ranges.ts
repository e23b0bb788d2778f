/**
 * The lines of a file the endpoint refused, kept in the checkpoint as byte
 * ranges so that the next run sends them again (and only them): the file's
 * position moves past a refused batch, so that what follows is not sent twice,
 * but the refused lines are not acknowledged.
 */

/** Bytes `offset` to `end` of a file, lines `line` to `endLine - 1`. */
export interface StoredRange {
  offset: number;
  line: number;
  end: number;
  endLine: number;
}

/** `ranges` (sorted, disjoint) with `range` added; overlapping and touching ranges merge. */
export function addRange(ranges: readonly StoredRange[], range: StoredRange): StoredRange[] {
  const out: StoredRange[] = [];
  let merged = { ...range };
  for (const r of ranges) {
    if (r.end < merged.offset || r.offset > merged.end) {
      out.push(r);
      continue;
    }
    merged = {
      offset: Math.min(r.offset, merged.offset),
      line: r.offset < merged.offset ? r.line : merged.line,
      end: Math.max(r.end, merged.end),
      endLine: r.end > merged.end ? r.endLine : merged.endLine,
    };
  }
  out.push(merged);
  return out.sort((a, b) => a.offset - b.offset);
}

/** `ranges` without the bytes of `range` (lines acknowledged since). */
export function subtractRange(ranges: readonly StoredRange[], range: StoredRange): StoredRange[] {
  const out: StoredRange[] = [];
  for (const r of ranges) {
    if (r.end <= range.offset || r.offset >= range.end) {
      out.push(r);
      continue;
    }
    if (r.offset < range.offset) out.push({ offset: r.offset, line: r.line, end: range.offset, endLine: range.line });
    if (r.end > range.end) out.push({ offset: range.end, line: range.endLine, end: r.end, endLine: r.endLine });
  }
  return out;
}

/** Whether a value read from a checkpoint is a list of ranges. */
export function isRangeList(value: unknown): value is StoredRange[] {
  return (
    Array.isArray(value) &&
    value.every(
      (r: unknown) =>
        typeof r === 'object' &&
        r !== null &&
        ['offset', 'line', 'end', 'endLine'].every((k) => Number.isSafeInteger((r as Record<string, unknown>)[k])) &&
        (r as StoredRange).offset < (r as StoredRange).end,
    )
  );
}
