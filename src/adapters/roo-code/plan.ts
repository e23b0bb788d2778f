import { basename } from 'node:path';
import type { SourceUnit } from '../adapter.js';
import { HISTORY_FILES, taskFolders } from '../cline-tasks/task-files.js';
import { parentsFirst } from './subtasks.js';
import { readRooTasks } from './tasks.js';

/**
 * One unit per task, except that a subtask goes in the unit of the task that
 * launched it (parents first), so that it can be put under the launching
 * call. Linking reads every task's first message and its `new_task` calls
 * (see `linkSubtasks`); what reading finds wrong is reported when the unit is
 * read, not here.
 */
export async function planRooCode(files: string[]): Promise<SourceUnit[]> {
  const folders = [...taskFolders(files)].filter(([, own]) => own.some((f) => HISTORY_FILES.has(basename(f))));
  const { tasks, links } = await readRooTasks(
    folders.flatMap(([, own]) => own),
    () => undefined,
  );
  const filesOf = new Map(folders.map(([folder, own]) => [basename(folder), { folder, own }]));
  const rootOf = (id: string, depth = 0): string => {
    const parent = links.get(id)?.parentId;
    return parent !== undefined && depth < tasks.length && filesOf.has(parent) ? rootOf(parent, depth + 1) : id;
  };
  const groups = new Map<string, string[]>();
  const ordered = parentsFirst(
    tasks.map((t) => ({ id: t.task.id })),
    links,
  );
  for (const { id } of ordered) {
    const root = rootOf(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  // Folders that could not be read at all still make a unit (their reading reports why).
  for (const id of filesOf.keys()) if (![...groups.values()].some((g) => g.includes(id))) groups.set(id, [id]);
  return [...groups.entries()].map(([root, ids]) => ({
    format: 'roo-code',
    label: filesOf.get(root)?.folder ?? root,
    files: ids.flatMap((id) => filesOf.get(id)?.own ?? []),
  }));
}
