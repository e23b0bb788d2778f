import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputNotFoundError, InputUnreadableError } from '../core/errors.js';
import type { WarningSink } from '../core/diagnostics.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);

/**
 * Lists the regular files under the given paths, sorted within each folder.
 * Follows symbolic links but never the same folder twice (a link loop is
 * reported and skipped). A missing or unreadable top-level input is an error;
 * a problem deeper down is a warning. The file system is asked synchronously:
 * a tree of thousands of small files would otherwise wait on the thread pool
 * for each stat and real path.
 */
export async function walkInputs(inputs: readonly string[], warn: WarningSink): Promise<string[]> {
  const files: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const visit = (path: string, topLevel: boolean): void => {
    let info;
    try {
      info = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (topLevel) {
        if (code === 'ENOENT') throw new InputNotFoundError(path, { cause: error });
        throw new InputUnreadableError(path, code ?? String(error), { cause: error });
      }
      warn({ code: 'unreadable', file: path, message: `cannot read (${code ?? String(error)}); skipped` });
      return;
    }
    if (info.isDirectory()) {
      const real = realpathSync(path);
      if (seenDirs.has(real)) {
        warn({ code: 'link_loop', file: path, message: 'folder already visited (symbolic link loop or duplicate input); skipped' });
        return;
      }
      seenDirs.add(real);
      let entries;
      try {
        entries = readdirSync(path, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        if (topLevel) throw new InputUnreadableError(path, code, { cause: error });
        warn({ code: 'unreadable', file: path, message: `cannot list folder (${code}); skipped` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
        visit(join(path, entry.name), false);
      }
      return;
    }
    if (!info.isFile()) {
      if (topLevel) throw new InputUnreadableError(path, 'not a regular file or folder');
      return;
    }
    const real = realpathSync(path);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(path);
  };

  for (const input of inputs) visit(resolve(input), true);
  return files;
}
