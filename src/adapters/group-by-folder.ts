import { dirname } from 'node:path';

/**
 * The files by the folder they are in, folders in the order first met and
 * files in the order given: for formats that keep a session in a folder of
 * its own (a rotated file set, an events file with its session record).
 */
export function groupByFolder(files: readonly string[]): Map<string, string[]> {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = dirname(file);
    const list = byFolder.get(folder);
    if (list) list.push(file);
    else byFolder.set(folder, [file]);
  }
  return byFolder;
}
