import { basename } from 'node:path';
import type { FormatName, SourceUnit } from '../adapter.js';
import { HISTORY_FILES, taskFolders } from './task-files.js';

/**
 * One unit per task folder. A folder of which neither history file was
 * claimed is no unit: the history is in files another adapter took (Roo Code
 * writes the same `task_metadata.json`) or not there at all.
 */
export function planTaskFolders(format: FormatName, files: readonly string[]): Promise<SourceUnit[]> {
  const units: SourceUnit[] = [];
  for (const [folder, own] of taskFolders(files)) {
    if (!own.some((f) => HISTORY_FILES.has(basename(f)))) continue;
    units.push({ format, label: folder, files: own });
  }
  return Promise.resolve(units);
}
