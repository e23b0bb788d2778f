import type { SourceUnit } from '../adapter.js';
import { groupByFolder } from '../group-by-folder.js';
import { orderRotated } from './rotation.js';

/** One read unit per session folder: its rotated files, in stream order. */
export async function planCodetether(files: string[]): Promise<SourceUnit[]> {
  return [...groupByFolder(files)].map(([folder, list]) => ({ format: 'codetether', label: folder, files: orderRotated(list) }));
}
