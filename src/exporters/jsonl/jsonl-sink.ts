import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { describeError, OutputUnwritableError } from '../../errors.js';
import { nextSequence, rotatedFileName } from './file-names.js';
import { headerLine } from './header-line.js';
import type { JsonlLayout, JsonlSettings } from './jsonl-options.js';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const NEWLINE = Buffer.from('\n');

interface OpenFile {
  handle: FileHandle;
  path: string;
  size: number;
  /** The file holds at least one line of spans (a header alone does not count). */
  hasLines: boolean;
  /** The file does not end with a newline (a previous writer stopped mid-line). */
  needsNewline: boolean;
}

type SinkSettings = Pick<JsonlSettings, 'path' | 'layout' | 'maxFileBytes' | 'fsync'>;

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * The layout of a path without an explicit one (see JsonlFileExporterOptions.path):
 * an existing folder or file says itself; a new path is a folder unless it has an extension.
 */
export function layoutOf(path: string, existing: { isDirectory(): boolean } | undefined): JsonlLayout {
  if (existing) return existing.isDirectory() ? 'directory' : 'file';
  return extname(path) === '' ? 'directory' : 'file';
}

/** Decides what a path without an explicit layout is, from the file system. */
export async function detectLayout(path: string): Promise<JsonlLayout> {
  try {
    return layoutOf(path, await stat(path));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    return layoutOf(path, undefined);
  }
}

/**
 * The file side of the JSONL exporter: opens, appends, rotates and closes.
 * Writes whole lines only, each call as few buffers as possible. Not safe for
 * concurrent calls; the exporter runs every call through one queue.
 */
export class JsonlSink {
  private _file: OpenFile | undefined;
  private _layout: JsonlLayout | undefined;
  private readonly _files: string[] = [];

  constructor(private readonly _settings: SinkSettings) {
    this._layout = _settings.layout;
  }

  /** Every file this sink has opened or created, in order. */
  get files(): readonly string[] {
    return this._files;
  }

  /** Appends `lines` (each without its newline). Returns the bytes written, headers and repairs included. */
  async append(lines: readonly Uint8Array[]): Promise<number> {
    let written = 0;
    let next = 0;
    while (next < lines.length) {
      const file = await this._current();
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
        await this._write(file, Buffer.concat(chunk, chunkBytes));
        file.needsNewline = false;
        file.hasLines = true;
        written += chunkBytes;
      }
      if (next < lines.length) await this._closeCurrent();
    }
    return written;
  }

  /** Data is written on every append; with `fsync` it is also synced to disk. */
  async flush(): Promise<void> {
    const file = this._file;
    if (this._settings.fsync && file) await this._guard(file, () => file.handle.datasync());
  }

  async close(): Promise<void> {
    await this.flush();
    await this._closeCurrent();
  }

  private async _current(): Promise<OpenFile> {
    if (this._file) return this._file;
    this._layout ??= await detectLayout(this._settings.path).catch((error: unknown) => {
      throw new OutputUnwritableError(this._settings.path, describeError(error), { cause: error });
    });
    const file = this._layout === 'directory' ? await this._createInDirectory() : await this._openForAppend();
    this._files.push(file.path);
    this._file = file;
    return file;
  }

  private async _openForAppend(): Promise<OpenFile> {
    const path = this._settings.path;
    try {
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      const handle = await open(path, 'a+', FILE_MODE);
      const { size } = await handle.stat();
      let needsNewline = false;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        needsNewline = last[0] !== NEWLINE[0];
      }
      return { handle, path, size, hasLines: size > 0, needsNewline };
    } catch (error) {
      throw new OutputUnwritableError(path, describeError(error), { cause: error });
    }
  }

  private async _createInDirectory(): Promise<OpenFile> {
    const dir = this._settings.path;
    try {
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
    } catch (error) {
      throw new OutputUnwritableError(dir, describeError(error), { cause: error });
    }
    for (;;) {
      const path = join(dir, rotatedFileName(new Date(), process.pid, nextSequence()));
      let handle: FileHandle;
      try {
        handle = await open(path, 'ax', FILE_MODE);
      } catch (error) {
        if (errorCode(error) === 'EEXIST') continue;
        throw new OutputUnwritableError(path, describeError(error), { cause: error });
      }
      const file: OpenFile = { handle, path, size: 0, hasLines: false, needsNewline: false };
      await this._write(file, headerLine());
      return file;
    }
  }

  private async _write(file: OpenFile, data: Uint8Array): Promise<void> {
    await this._guard(file, async () => {
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await file.handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
        file.size += bytesWritten;
      }
    });
  }

  /** Runs a file operation; on failure the file is closed (reopened by the next append) and the error wrapped. */
  private async _guard(file: OpenFile, operation: () => Promise<void>): Promise<void> {
    try {
      await operation();
    } catch (error) {
      if (this._file === file) this._file = undefined;
      await file.handle.close().catch(() => undefined);
      throw new OutputUnwritableError(file.path, describeError(error), { cause: error });
    }
  }

  private async _closeCurrent(): Promise<void> {
    const file = this._file;
    if (!file) return;
    this._file = undefined;
    try {
      await file.handle.close();
    } catch (error) {
      throw new OutputUnwritableError(file.path, describeError(error), { cause: error });
    }
  }
}
