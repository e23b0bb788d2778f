import { closeSync, constants, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, OutputNotFileError, OutputUnwritableError } from '../../core/errors.js';
import { writeAll } from '../../core/write-all.js';
import { nextSequence, rotatedFileName } from './file-names.js';
import { headerLine } from './header-line.js';
import type { JsonlLayout, JsonlSettings } from './jsonl-options.js';
import { checkOutputTarget, errorCode, outputError } from './output-target.js';

export { layoutOf } from './output-target.js';

const FILE_MODE = 0o600;
const NEWLINE = Buffer.from('\n');
/** Never waits: a FIFO without a reader fails (ENXIO) instead of blocking the process. */
const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

interface OpenFile {
  fd: number;
  path: string;
  size: number;
  /** The file holds at least one line of spans (a header alone does not count). */
  hasLines: boolean;
  /** The file does not end with a newline (a previous writer stopped mid-line). */
  needsNewline: boolean;
  /** This sink created the file (so it may remove it when it ends up without spans). */
  created: boolean;
}

type SinkSettings = Pick<JsonlSettings, 'path' | 'layout' | 'maxFileBytes' | 'fsync'>;

/**
 * The file side of the JSONL exporter: opens, appends, rotates and closes,
 * synchronously (as pino's destination does), so that what is handed to it is
 * in the file when the call returns, even in an `exit` handler; and no call
 * can wait forever (no recursive mkdir, a non-blocking open). Writes whole
 * lines only. A failed write (a full disk) is cut back to the last whole line,
 * and a file it created that holds no spans is removed.
 */
export class JsonlSink {
  private _file: OpenFile | undefined;
  private _layout: JsonlLayout | undefined;
  private _checked = false;
  private readonly _files: string[] = [];

  constructor(private readonly _settings: SinkSettings) {
    this._layout = _settings.layout;
  }

  /** Every file this sink has written spans to (or has open), in order. */
  get files(): readonly string[] {
    return this._files;
  }

  /** Appends `lines` (each without its newline). Returns the bytes written, headers and repairs included. */
  append(lines: readonly Uint8Array[]): number {
    let written = 0;
    let next = 0;
    while (next < lines.length) {
      const file = this._current();
      const chunk: Uint8Array[] = [];
      let chunkBytes = 0;
      if (file.needsNewline) {
        chunk.push(NEWLINE);
        chunkBytes += 1;
      }
      let chunkHasLines = false;
      for (let line = lines[next]; line !== undefined; line = lines[next]) {
        const size = line.length + 1;
        const full = file.size + chunkBytes + size > this._settings.maxFileBytes;
        if (this._layout === 'directory' && full && (file.hasLines || chunkHasLines)) break;
        chunk.push(line, NEWLINE);
        chunkBytes += size;
        chunkHasLines = true;
        next += 1;
      }
      if (chunkHasLines) {
        this._write(file, Buffer.concat(chunk, chunkBytes));
        file.needsNewline = false;
        file.hasLines = true;
        written += chunkBytes;
      }
      if (next < lines.length) this._closeCurrent();
    }
    return written;
  }

  /** Data is written on every append; with `fsync` it is also synced to disk. */
  flush(): void {
    const file = this._file;
    if (this._settings.fsync && file) this._guard(file, file.size, () => fdatasyncSync(file.fd));
  }

  close(): void {
    this.flush();
    this._closeCurrent();
  }

  private _current(): OpenFile {
    if (this._file) return this._file;
    if (!this._checked) {
      this._layout = checkOutputTarget(this._settings.path, this._layout);
      this._checked = true;
    }
    const file = this._layout === 'directory' ? this._createInDirectory() : this._openForAppend();
    if (this._files.at(-1) !== file.path) this._files.push(file.path);
    this._file = file;
    return file;
  }

  private _openForAppend(): OpenFile {
    const path = this._settings.path;
    let fd: number | undefined;
    try {
      fd = openSync(path, APPEND_FLAGS, FILE_MODE);
      const info = fstatSync(fd);
      if (!info.isFile()) throw new OutputNotFileError(path, 'not a regular file');
      const size = info.size;
      let needsNewline = false;
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        needsNewline = last[0] !== NEWLINE[0];
      }
      return { fd, path, size, hasLines: size > 0, needsNewline, created: size === 0 };
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      throw outputError(path, error);
    }
  }

  private _createInDirectory(): OpenFile {
    for (;;) {
      const path = join(this._settings.path, rotatedFileName(new Date(), process.pid, nextSequence()));
      let fd: number;
      try {
        fd = openSync(path, CREATE_FLAGS, FILE_MODE);
      } catch (error) {
        if (errorCode(error) === 'EEXIST') continue;
        throw outputError(path, error);
      }
      const file: OpenFile = { fd, path, size: 0, hasLines: false, needsNewline: false, created: true };
      this._write(file, headerLine());
      return file;
    }
  }

  private _write(file: OpenFile, data: Uint8Array): void {
    const before = file.size;
    this._guard(file, before, () => {
      writeAll(file.fd, [data]);
      file.size += data.length;
    });
  }

  /**
   * Runs a file operation; on failure the file is cut back to `wholeSize` (its
   * last whole line), removed if this sink made it and it holds no spans, and
   * closed (the next append opens one again); the error is wrapped.
   */
  private _guard(file: OpenFile, wholeSize: number, operation: () => void): void {
    try {
      operation();
    } catch (error) {
      if (this._file === file) this._file = undefined;
      try {
        ftruncateSync(file.fd, wholeSize);
        file.size = wholeSize;
      } catch {
        // Cannot be cut back: the reader reports the torn line with its position.
      }
      try {
        closeSync(file.fd);
      } catch {
        // Already failed; the first error is the one to report.
      }
      if (file.created && !file.hasLines) this._remove(file.path);
      throw outputError(file.path, error);
    }
  }

  private _remove(path: string): void {
    try {
      unlinkSync(path);
      const index = this._files.lastIndexOf(path);
      if (index >= 0) this._files.splice(index, 1);
    } catch {
      // Left behind; it holds no spans.
    }
  }

  private _closeCurrent(): void {
    const file = this._file;
    if (!file) return;
    this._file = undefined;
    try {
      closeSync(file.fd);
    } catch (error) {
      throw new OutputUnwritableError(file.path, describeError(error), { cause: error });
    }
  }
}
