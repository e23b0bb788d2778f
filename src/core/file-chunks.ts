import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface FileChunkOptions {
  /** Byte offset to start at (default 0). */
  start?: number;
  /** Byte offset to stop before (default: the end of the file, however far it has grown meanwhile). */
  end?: number;
  /** Largest chunk, in bytes. */
  chunkBytes: number;
  /**
   * Read every chunk into the same buffer, which the next read overwrites: for
   * a caller that copies or decodes what it keeps. A large file then costs one
   * buffer, not one per chunk left for the garbage collector.
   */
  reuse?: boolean;
}

/** Smallest buffer read at a time, when the file is known to end sooner. */
const MIN_READ_BYTES = 16 * 1024;

/**
 * The bytes of a file, chunk after chunk, read synchronously. Converting a
 * tree of session files is mostly small files: reading each through a stream
 * costs an open, two reads and a close on the thread pool, with the event loop
 * idle while each comes back (a sixth of a conversion's time on the real
 * fixtures), where a read from the page cache takes microseconds. Each chunk
 * is a buffer of its own, so the lines cut from it may keep referring to it
 * (unless `reuse` is set). The descriptor is closed when the reading ends,
 * fails or is abandoned.
 */
export function* fileChunks(path: string, options: FileChunkOptions): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const end = options.end ?? Infinity;
    let position = options.start ?? 0;
    let known = fstatSync(fd).size;
    let buffer: Buffer | undefined;
    while (position < end) {
      const want = Math.min(options.chunkBytes, end - position);
      // Sized to what the file holds, plus room to see it grow; a file that grew gets whole chunks.
      const size = Math.min(want, Math.max(known - position, MIN_READ_BYTES));
      const chunk = buffer !== undefined && buffer.length >= size ? buffer : Buffer.allocUnsafe(size);
      if (options.reuse) buffer = chunk;
      const read = readSync(fd, chunk, 0, size, position);
      if (read === 0) return;
      position += read;
      if (position > known) known = position + options.chunkBytes;
      yield read === chunk.length ? chunk : chunk.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}
