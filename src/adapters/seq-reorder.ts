import type { WarningSink } from '../core/diagnostics.js';

/** How many records may wait to be put back in sequence order. */
export const DEFAULT_REORDER_WINDOW = 256;

/**
 * Puts a stream of records back in the order of their sequence number when the
 * file holds them slightly out of order (concurrent writers), with memory
 * bounded by `window` records. Records with equal or missing numbers keep their
 * file order. A record that arrives after a later-numbered one has already
 * left the window is passed on as is, with a warning.
 */
export async function* reorderBySeq<T>(
  records: AsyncIterable<T>,
  seqOf: (record: T) => number | undefined,
  where: (record: T) => { file: string; line: number },
  warn: WarningSink,
  window = DEFAULT_REORDER_WINDOW,
): AsyncGenerator<T> {
  // Kept sorted by (seq, arrival); small enough for insertion sort.
  const buffer: { record: T; seq: number; arrival: number }[] = [];
  let arrival = 0;
  let lastOut = -Infinity;

  const release = (entry: { record: T; seq: number }): T => {
    if (entry.seq < lastOut) {
      const w = where(entry.record);
      warn({
        code: 'out_of_order',
        file: w.file,
        line: w.line,
        message: `record seq ${entry.seq} comes after seq ${lastOut}, beyond the ${window}-record reorder window; kept in file order`,
      });
    } else {
      lastOut = entry.seq;
    }
    return entry.record;
  };

  for await (const record of records) {
    const seq = seqOf(record);
    // A record without a number stays right after the records read before it.
    const key = seq ?? (buffer.length > 0 ? buffer[buffer.length - 1]!.seq : lastOut);
    const entry = { record, seq: key, arrival: arrival++ };
    let i = buffer.length;
    while (i > 0 && buffer[i - 1]!.seq > key) i--;
    buffer.splice(i, 0, entry);
    if (buffer.length > window) yield release(buffer.shift()!);
  }
  for (const entry of buffer) yield release(entry);
}
