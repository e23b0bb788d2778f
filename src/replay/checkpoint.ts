import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../core/atomic-write.js';
import { describeError, InvalidCheckpointError, OutputUnwritableError } from '../core/errors.js';
import type { FilePosition, LineRange } from './batch-builder.js';
import { HEAD_BYTES, hashHead, parseCheckpoint, type CheckpointFile, type DestinationState, type FileProgress } from './checkpoint-file.js';
import { addRange, subtractRange, type StoredRange } from './refused-ranges.js';

/**
 * The resume checkpoint: a small JSON file recording, per destination and per
 * input file, the byte offset up to which every line has been acknowledged
 * (or deliberately skipped), except the lines the endpoint refused, kept as
 * ranges to send again. A replay interrupted at any point resumes there
 * without sending anything twice. Progress is kept per destination so
 * replaying the same files to a second backend starts from the beginning.
 *
 * Each file entry also keeps a hash of the file's first bytes, so a file that
 * was replaced or rewritten since (same path, other content) is detected and
 * read from its start again. The file is rewritten atomically (write to a
 * temporary file, then rename), so a crash never leaves half a checkpoint,
 * and readable by its owner only (0600).
 */

function bytesOf(range: LineRange): StoredRange {
  return { offset: range.offset, line: range.line, end: range.end, endLine: range.endLine };
}

export class Checkpoint {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private failure: unknown;

  private constructor(
    readonly path: string,
    private readonly data: CheckpointFile,
    private readonly state: DestinationState,
    private readonly readOnly: boolean,
    /** Whether the file was there when opened. */
    readonly existed: boolean,
  ) {}

  /** Reads the checkpoint at `path` (absent = empty) and selects the entry of `destination`. */
  static async open(path: string, destination: string, options: { readOnly?: boolean } = {}): Promise<Checkpoint> {
    let data: CheckpointFile = { version: 1, destinations: {} };
    let existed = true;
    try {
      data = parseCheckpoint(path, await readFile(path, 'utf8'));
    } catch (error) {
      existed = false;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        if (error instanceof InvalidCheckpointError) throw error;
        throw new InvalidCheckpointError(path, describeError(error), { cause: error });
      }
    }
    const state = (data.destinations[destination] ??= { files: {} });
    return new Checkpoint(path, data, state, options.readOnly ?? false, existed);
  }

  get rebaseShift(): bigint | undefined {
    const value = this.state.rebaseShiftNanos;
    return value === undefined ? undefined : BigInt(value);
  }

  set rebaseShift(shift: bigint | undefined) {
    if (shift === undefined) delete this.state.rebaseShiftNanos;
    else this.state.rebaseShiftNanos = shift.toString();
  }

  /**
   * Where to resume `file`: the recorded position, and the refused ranges
   * before it to send again, if the file still starts with the same bytes and
   * is not shorter; otherwise undefined plus a reason.
   */
  async resumePosition(file: string, size: number): Promise<{ position?: FilePosition; refused?: LineRange[]; reset?: string }> {
    const progress = this.state.files[file];
    if (progress === undefined) return {};
    if (size < progress.offset) {
      return { reset: `is shorter (${size} bytes) than the checkpoint's offset ${progress.offset}` };
    }
    if (progress.headBytes < 0) return { reset: 'has no recorded fingerprint' };
    const head = progress.headBytes === 0 ? progress.head : await hashHead(file, progress.headBytes);
    if (head !== progress.head) return { reset: 'does not start with the same bytes as when the checkpoint was written' };
    // A refused range past the position (recorded before an earlier batch was acknowledged) is read again anyway.
    const refused = (progress.refused ?? []).filter((r) => r.end <= progress.offset).map((r) => ({ file, ...r }));
    const position = { file, offset: progress.offset, line: progress.line };
    return refused.length > 0 ? { position, refused } : { position };
  }

  /** Records acknowledged progress; written by the next `save`/`flush`. */
  record(position: FilePosition): void {
    const entry = this.entry(position.file);
    entry.offset = position.offset;
    entry.line = position.line;
    this.save();
  }

  /** Records lines the endpoint refused: not acknowledged, so the next run sends them again. */
  refuse(range: LineRange): void {
    const entry = this.entry(range.file);
    entry.refused = addRange(entry.refused ?? [], bytesOf(range));
    this.save();
  }

  /** Records lines as acknowledged: they leave the refused ranges they were in. */
  acknowledge(range: LineRange): void {
    const entry = this.state.files[range.file];
    if (entry?.refused === undefined) return;
    const left = subtractRange(entry.refused, bytesOf(range));
    if (left.length > 0) entry.refused = left;
    else delete entry.refused;
    this.save();
  }

  private entry(file: string): FileProgress {
    return (this.state.files[file] ??= { offset: 0, line: 1, headBytes: -1, head: '' });
  }

  /** Forgets a file's progress (it will be read from the start). */
  forget(file: string): void {
    delete this.state.files[file];
    this.save();
  }

  /** Starts (or queues) an atomic write of the current state; errors surface in `flush`. */
  save(): void {
    if (this.readOnly) return;
    this.dirty = true;
    this.writing ??= this.writeLoop().finally(() => {
      this.writing = undefined;
    });
  }

  /** Writes everything recorded so far and waits for it. */
  async flush(): Promise<void> {
    this.save();
    while (this.writing) await this.writing;
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      throw new OutputUnwritableError(this.path, describeError(failure), { cause: failure });
    }
  }

  /** Removes the file this run created (nothing in it is worth keeping). */
  async discard(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.existed && !this.readOnly) await rm(this.path, { force: true });
  }

  private async writeLoop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.refreshHeads();
        await writeFileAtomic(this.path, `${JSON.stringify(this.data, null, 2)}\n`);
      } catch (error) {
        this.failure ??= error;
      }
    }
  }

  /** Hashes the first bytes of each file whose recorded head is shorter than both its offset and HEAD_BYTES. */
  private async refreshHeads(): Promise<void> {
    for (const [file, p] of Object.entries(this.state.files)) {
      const want = Math.min(p.offset, HEAD_BYTES);
      if (p.headBytes === want) continue;
      const head = want === 0 ? '' : await hashHead(file, want);
      if (head === undefined) continue;
      p.headBytes = want;
      p.head = head;
    }
  }
}
