import { readLines } from '../core/line-reader.js';
import { parseTraceLine } from './trace-line.js';
import { latestEnd, parseKeepingNanos } from './rebase-time.js';

/**
 * First pass of `--rebase-time`: the latest span end over all files, read as
 * a stream. Bad lines are ignored here; the sending pass reports them.
 */
export async function scanLatestEnd(
  files: readonly string[],
  options: { maxLineBytes?: number; signal?: AbortSignal } = {},
): Promise<bigint | undefined> {
  let latest: bigint | undefined;
  for (const file of files) {
    const lineOptions = options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes };
    for await (const l of readLines(file, lineOptions)) {
      if (options.signal?.aborted) return latest;
      if ('overlong' in l || l.text.trim() === '') continue;
      const parsed = parseTraceLine(l.text, parseKeepingNanos);
      if (!parsed.ok) continue;
      const end = latestEnd(parsed.line.value);
      if (end !== undefined && (latest === undefined || end > latest)) latest = end;
    }
  }
  return latest;
}
