import type { WarningSink } from '../../core/diagnostics.js';
import { joinTask, type JoinedTask } from '../cline-tasks/join.js';
import { readTaskFiles, taskFolders, type TaskFiles } from '../cline-tasks/task-files.js';
import { linkSubtasks, subtaskFacts, type SubtaskFacts, type SubtaskLink } from './subtasks.js';

export interface ReadTask {
  task: TaskFiles;
  joined: JoinedTask | undefined;
  facts: SubtaskFacts | undefined;
}

/** Reads and joins the task folders of these files, and links subtasks to their launching calls. */
export async function readRooTasks(files: readonly string[], warn: WarningSink): Promise<{ tasks: ReadTask[]; links: Map<string, SubtaskLink> }> {
  const tasks: ReadTask[] = [];
  for (const own of taskFolders(files).values()) {
    const task = await readTaskFiles(own, warn);
    if (task.ui.length === 0 && task.api.length === 0) continue;
    const joined = joinTask(task, warn);
    tasks.push({ task, joined, facts: subtaskFacts(task, joined) });
  }
  const links = linkSubtasks(tasks.flatMap((t) => (t.facts ? [t.facts] : [])));
  return { tasks, links };
}
