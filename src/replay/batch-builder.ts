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

export interface Batch {
  /** Array contents of each line, in order. */
  parts: string[];
  /** Size of the body `batchBody` builds, in bytes. */
  bytes: number;
  spans: number;
  /** Where each file stands once this batch is acknowledged (includes skipped lines read before the batch closed). */
  positions: FilePosition[];
}

const PREFIX = '{"resourceSpans":[';
const SUFFIX = ']}';
const FRAME_BYTES = PREFIX.length + SUFFIX.length;

export class BatchBuilder {
  private parts: string[] = [];
  private bytes = FRAME_BYTES;
  private spans = 0;
  private positions = new Map<string, FilePosition>();

  constructor(readonly maxBytes: number) {}

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  /** True when nothing at all (no line, no position) is pending. */
  get isIdle(): boolean {
    return this.parts.length === 0 && this.positions.size === 0;
  }

  /** Whether a part of `partBytes` bytes fits; an empty batch takes any part. */
  fits(partBytes: number): boolean {
    if (this.parts.length === 0) return true;
    return this.bytes + 1 + partBytes <= this.maxBytes;
  }

  add(part: string, partBytes: number, spans: number): void {
    this.bytes += (this.parts.length === 0 ? 0 : 1) + partBytes;
    this.parts.push(part);
    this.spans += spans;
  }

  /** Records that `position.file` has been read up to `position`. */
  advance(position: FilePosition): void {
    this.positions.set(position.file, position);
  }

  take(): Batch {
    const batch: Batch = {
      parts: this.parts,
      bytes: this.parts.length === 0 ? 0 : this.bytes,
      spans: this.spans,
      positions: [...this.positions.values()],
    };
    this.parts = [];
    this.bytes = FRAME_BYTES;
    this.spans = 0;
    this.positions = new Map();
    return batch;
  }
}

/** The request body of a batch (OTLP/JSON `ExportTraceServiceRequest`, same shape as `TracesData`). */
export function batchBody(batch: Pick<Batch, 'parts'>): Buffer {
  return Buffer.from(PREFIX + batch.parts.join(',') + SUFFIX, 'utf8');
}
