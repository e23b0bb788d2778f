/**
 * Groups trace lines into request bodies of at most `maxBytes` bytes. A body
 * is `{"resourceSpans":[` + the lines' array contents joined by `,` + `]}`: the
 * lines' text is reused as is. A single line bigger than the bound travels
 * alone in its own request.
 */

/** How far one file has been consumed: everything before `offset` (and before line `line`) is covered. */
export interface FilePosition {
  file: string;
  /** Byte offset just after the last covered line (its line break included). */
  offset: number;
  /** Number of the next line to read (1-based). */
  line: number;
}

/** A run of consecutive lines of one file: bytes `offset` to `end`, lines `line` to `endLine - 1`. */
export interface LineRange {
  file: string;
  offset: number;
  line: number;
  end: number;
  /** Number of the line after the range. */
  endLine: number;
}

export interface Batch {
  /** Array contents of each line, in order. */
  parts: Buffer[];
  /** Size of the body `batchBody` builds, in bytes. */
  bytes: number;
  spans: number;
  /** Where each file stands once this batch is acknowledged (includes skipped lines read before the batch closed). */
  positions: FilePosition[];
  /** The lines this batch consumed (sent or skipped), as runs of consecutive lines. */
  ranges: LineRange[];
}

const PREFIX = Buffer.from('{"resourceSpans":[');
const SUFFIX = Buffer.from(']}');
const COMMA = Buffer.from(',');
const FRAME_BYTES = PREFIX.length + SUFFIX.length;

export class BatchBuilder {
  private parts: Buffer[] = [];
  private bytes = FRAME_BYTES;
  private spans = 0;
  private positions = new Map<string, FilePosition>();
  private ranges: LineRange[] = [];

  constructor(readonly maxBytes: number) {}

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  /** True when nothing at all (no line, no position) is pending. */
  get isIdle(): boolean {
    return this.parts.length === 0 && this.positions.size === 0 && this.ranges.length === 0;
  }

  /** Whether a part of `partBytes` bytes fits; an empty batch takes any part. */
  fits(partBytes: number): boolean {
    if (this.parts.length === 0) return true;
    return this.bytes + 1 + partBytes <= this.maxBytes;
  }

  add(part: Buffer, spans: number): void {
    this.bytes += (this.parts.length === 0 ? 0 : 1) + part.length;
    this.parts.push(part);
    this.spans += spans;
  }

  /**
   * Records that the line from `before` to `after` was consumed (sent in this
   * batch or skipped). A line read again from a refused range (`resend`)
   * does not move the file's position, which is already past it.
   */
  consume(before: FilePosition, after: FilePosition, resend = false): void {
    if (!resend) this.positions.set(after.file, after);
    const last = this.ranges.at(-1);
    if (last && last.file === before.file && last.end === before.offset) {
      last.end = after.offset;
      last.endLine = after.line;
    } else {
      this.ranges.push({ file: before.file, offset: before.offset, line: before.line, end: after.offset, endLine: after.line });
    }
  }

  take(): Batch {
    const batch: Batch = {
      parts: this.parts,
      bytes: this.parts.length === 0 ? 0 : this.bytes,
      spans: this.spans,
      positions: [...this.positions.values()],
      ranges: this.ranges,
    };
    this.parts = [];
    this.bytes = FRAME_BYTES;
    this.spans = 0;
    this.positions = new Map();
    this.ranges = [];
    return batch;
  }
}

/** The request body of a batch in pieces, the lines' bytes among them (OTLP/JSON `ExportTraceServiceRequest`, same shape as `TracesData`). */
export function batchPieces(batch: Pick<Batch, 'parts'>): Buffer[] {
  const pieces: Buffer[] = [PREFIX];
  for (const part of batch.parts) {
    if (pieces.length > 1) pieces.push(COMMA);
    pieces.push(part);
  }
  pieces.push(SUFFIX);
  return pieces;
}

/** The request body of a batch as one buffer. */
export function batchBody(batch: Pick<Batch, 'parts'>): Buffer {
  return Buffer.concat(batchPieces(batch));
}
