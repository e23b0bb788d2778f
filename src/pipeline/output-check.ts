import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OutputUnwritableError } from '../errors.js';

/**
 * Fails early, with a clear error, when the JSONL output cannot be written:
 * the folder cannot be created, or the file or folder is not writable.
 */
export async function checkOutputWritable(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  const isDir = info?.isDirectory() ?? !/\.[A-Za-z0-9]+$/.test(path);
  const dir = isDir ? path : dirname(path);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await access(info && !isDir ? path : dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OutputUnwritableError(path, code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code, { cause: error });
  }
}
