import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { describeError, InvalidCheckpointError, OutputUnwritableError } from '../errors.js';
import type { FilePosition } from './batch-builder.js';
import { HEAD_BYTES, hashHead, parseCheckpoint, type CheckpointFile, type DestinationState } from './checkpoint-file.js';

/**
 * The resume checkpoint: a small JSON file recording, per destination and per
 * input file, the byte offset up to which every line has been acknowledged
 * (or deliberately skipped). A replay interrupted at any point resumes there
 * without sending anything twice. Progress is kept per destination so
 * replaying the same files to a second backend starts from the beginning.
 *
 * Each file entry also keeps a hash of the file's first bytes, so a file that
 * was replaced or rewritten since (same path, other content) is detected and
 * read from its start again. The file is rewritten atomically (write to a
 * temporary file, then rename), so a crash never leaves half a checkpoint.
 */

export class Checkpoint {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private failure: unknown;

  private constructor(
    readonly path: string,
    private readonly data: CheckpointFile,
    private readonly state: DestinationState,
    private readonly readOnly: boolean,
  ) {}

  /** Reads the checkpoint at `path` (absent = empty) and selects the entry of `destination`. */
  static async open(path: string, destination: string, options: { readOnly?: boolean } = {}): Promise<Checkpoint> {
    let data: CheckpointFile = { version: 1, destinations: {} };
    try {
      data = parseCheckpoint(path, await readFile(path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        if (error instanceof InvalidCheckpointError) throw error;
        throw new InvalidCheckpointError(path, describeError(error), { cause: error });
      }
    }
    const state = (data.destinations[destination] ??= { files: {} });
    return new Checkpoint(path, data, state, options.readOnly ?? false);
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
   * Where to resume `file`: the recorded position if the file still starts
   * with the same bytes and is not shorter; otherwise undefined plus a reason.
   */
  async resumePosition(file: string, size: number): Promise<{ position?: FilePosition; reset?: string }> {
    const progress = this.state.files[file];
    if (progress === undefined) return {};
    if (size < progress.offset) {
      return { reset: `is shorter (${size} bytes) than the checkpoint's offset ${progress.offset}` };
    }
    if (progress.headBytes < 0) return { reset: 'has no recorded fingerprint' };
    const head = progress.headBytes === 0 ? progress.head : await hashHead(file, progress.headBytes);
    if (head !== progress.head) return { reset: 'does not start with the same bytes as when the checkpoint was written' };
    return { position: { file, offset: progress.offset, line: progress.line } };
  }

  /** Records acknowledged progress; written by the next `save`/`flush`. */
  record(position: FilePosition): void {
    const previous = this.state.files[position.file];
    this.state.files[position.file] = {
      offset: position.offset,
      line: position.line,
      headBytes: previous?.headBytes ?? -1,
      head: previous?.head ?? '',
    };
    this.save();
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

  private async writeLoop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.refreshHeads();
        const tmp = `${this.path}.${process.pid}.tmp`;
        await writeFile(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
        await rename(tmp, this.path).catch(async (error: unknown) => {
          await rm(tmp, { force: true });
          throw error;
        });
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
