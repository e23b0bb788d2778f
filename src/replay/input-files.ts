import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputNotFoundError, InputUnreadableError } from '../core/errors.js';

/** Extensions of the files taken from a directory: this project's JSONL and the Collector fileexporter's output. */
const TRACE_FILE = /\.(jsonl|ndjson|json)$/i;

/**
 * Expands the replay inputs into a list of absolute file paths. A file is taken
 * as given; a directory contributes its `*.jsonl`, `*.ndjson` and `*.json`
 * files (not recursive, hidden files skipped, so a checkpoint kept in the
 * directory is never replayed), sorted by name so the order is reproducible.
 * A path listed twice is replayed once.
 */
export async function expandInputs(inputs: readonly string[], cwd: string = process.cwd()): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    out.push(file);
  };
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new InputNotFoundError(input, { cause: error });
      throw new InputUnreadableError(input, error.code ?? error.message, { cause: error });
    });
    if (info.isFile()) {
      add(path);
    } else if (info.isDirectory()) {
      const names = await readdir(path, { withFileTypes: true });
      const files = names
        .filter((d) => d.isFile() && !d.name.startsWith('.') && TRACE_FILE.test(d.name))
        .map((d) => d.name)
        .sort();
      for (const name of files) add(join(path, name));
    } else {
      throw new InputUnreadableError(input, 'not a regular file or directory');
    }
  }
  return out;
}
