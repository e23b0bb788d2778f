import type { WarningSink } from '../core/diagnostics.js';
import { readLineBytes } from '../core/line-reader.js';
import type { BatchBuilder, FilePosition } from './batch-builder.js';
import type { BatchDispatcher } from './batch-dispatcher.js';
import { parseKeepingNanos, shiftTimes } from './rebase-time.js';
import type { ReplaySummary } from './summary.js';
import { parseTraceLine, tracePart, type TracePartResult } from './trace-line.js';

/**
 * Bytes read at a time: most lines then lie inside one chunk and are sent as
 * a slice of it, not copied, and a large file takes few reads (28% less CPU
 * than 256 KiB chunks on 800 KB lines). A batch in flight may keep up to two
 * chunks in memory.
 */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

export interface LineFeedOptions {
  batcher: BatchBuilder;
  dispatcher: BatchDispatcher;
  summary: ReplaySummary;
  warn: WarningSink;
  /** File sizes when the replay started. */
  sizes: ReadonlyMap<string, number>;
  /** Time shift (ns) of `rebaseTime`; undefined when not rebasing. */
  shift: bigint | undefined;
  maxLineBytes: number | undefined;
  /** Called after each line with the bytes read so far. */
  onProgress: (doneBytes: number) => void;
}

/**
 * Feeds the lines of replay's input files into batches: each line is
 * checked, counted and warned about (file and line) when it cannot be sent,
 * and recorded as consumed so that the checkpoint can move past it once its
 * batch is answered.
 */
export class LineFeed {
  /** Lines that are trace data, and lines that are not (not JSON, or JSON of another kind). */
  traceLines = 0;
  foreignLines = 0;
  doneBytes = 0;

  constructor(private readonly options: LineFeedOptions) {}

  /**
   * Reads `file` from `start`, up to byte `end` when given (lines refused
   * earlier, sent again: the file's position does not move). Resolves false
   * when the replay was stopped meanwhile.
   */
  async read(file: string, start: FilePosition, end?: number): Promise<boolean> {
    const { batcher, dispatcher, summary, warn } = this.options;
    const signal = dispatcher.signal;
    const resend = end !== undefined;
    const size = this.options.sizes.get(file) ?? 0;
    let offset = start.offset;
    const lineOptions = {
      start: start.offset,
      startLine: start.line,
      highWaterMark: READ_CHUNK_BYTES,
      ...(this.options.maxLineBytes === undefined ? {} : { maxLineBytes: this.options.maxLineBytes }),
    };
    for await (const l of readLineBytes(file, lineOptions)) {
      if (signal.aborted) return false;
      if (resend && l.offset >= end) break;
      const before: FilePosition = { file, offset: l.offset, line: l.line };
      if ('overlong' in l) {
        summary.lines++;
        summary.skippedLines++;
        warn({ code: 'line_too_long', file, line: l.line, message: `line of ${l.bytes} bytes is over the limit; skipped` });
        const after = Math.min(l.offset + l.bytes + 1, Math.max(size, l.offset + l.bytes));
        batcher.consume(before, { file, offset: after, line: l.line + 1 }, resend);
        this.doneBytes += after - offset;
        offset = after;
        continue;
      }
      const after: FilePosition = { file, offset: l.offset + l.bytes + (l.unterminated ? 0 : 1), line: l.line + 1 };
      this.doneBytes += after.offset - offset;
      offset = after.offset;
      this.options.onProgress(this.doneBytes);
      const parsed = this.partOf(l.data);
      if (parsed === undefined) {
        batcher.consume(before, after, resend); // a blank line
        continue;
      }
      summary.lines++;
      if (!parsed.ok) {
        summary.skippedLines++;
        if (l.unterminated && parsed.kind === 'json') {
          // Not recorded in the checkpoint: if its writer completes it, a resumed replay sends it.
          warn({
            code: 'torn_line',
            file,
            line: l.line,
            message: `last line (byte offset ${l.offset}, ${l.bytes} bytes) is incomplete, probably cut short while being written; skipped`,
          });
          continue;
        }
        this.foreignLines++;
        warn({ code: parsed.kind === 'json' ? 'invalid_json' : 'not_traces', file, line: l.line, message: `${parsed.reason}; skipped` });
        batcher.consume(before, after, resend);
        continue;
      }
      this.traceLines++;
      const { spans, part } = parsed;
      summary.spans += spans;
      if (spans === 0) {
        batcher.consume(before, after, resend); // e.g. a header line carrying only a resource
        continue;
      }
      if (!batcher.fits(part.length)) await dispatcher.dispatch(batcher.take());
      batcher.add(part, spans);
      batcher.consume(before, after, resend);
    }
    return !signal.aborted;
  }

  /** A line's part of a request; undefined for a blank line. With `rebaseTime`, lines are parsed to move their times. */
  private partOf(data: Buffer): TracePartResult | undefined {
    const shift = this.options.shift;
    if (shift === undefined || shift === 0n) return tracePart(data);
    const text = data.toString('utf8');
    if (text.trim() === '') return undefined;
    const parsed = parseTraceLine(text, parseKeepingNanos);
    if (!parsed.ok) return parsed;
    shiftTimes(parsed.line.value, shift);
    const part = Buffer.from(JSON.stringify(parsed.line.value.resourceSpans).slice(1, -1), 'utf8');
    return { ok: true, spans: parsed.line.spans, part };
  }
}
