import { basename } from 'node:path';
import type { FormatName, SourceUnit } from '../adapter.js';
import { METADATA_FILE, taskFolders } from './task-files.js';

/**
 * One unit per task folder. A folder of which only `task_metadata.json` was
 * claimed is no unit: the task's history is in files another adapter took
 * (Roo Code writes the same metadata file) or not there at all.
 */
export function planTaskFolders(format: FormatName, files: readonly string[]): Promise<SourceUnit[]> {
  const units: SourceUnit[] = [];
  for (const [folder, own] of taskFolders(files)) {
    if (own.every((f) => basename(f) === METADATA_FILE)) continue;
    units.push({ format, label: folder, files: own });
  }
  return Promise.resolve(units);
}
