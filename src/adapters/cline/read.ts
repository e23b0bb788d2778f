import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { joinTask } from '../cline-tasks/join.js';
import { taskEvents } from '../cline-tasks/task-events.js';
import { readTaskFiles } from '../cline-tasks/task-files.js';
import { clineMeta, clineTurnFacts } from './meta.js';

/**
 * Reads a Cline task folder: the API history for calls and results, the ui
 * records for times, tokens and cost (see `joinTask`). The API history has no
 * times of its own: a task without its `ui_messages.json` is reported and
 * skipped.
 */
export async function* readCline(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const task = await readTaskFiles(unit.files, ctx.warn);
  const joined = task.ui.length > 0 ? joinTask(task, ctx.warn) : undefined;
  if (!joined) {
    if (task.api.length > 0 || task.uiFile) {
      ctx.warn({ code: 'no_timestamp', file: task.apiFile ?? unit.label, message: `task ${task.id} has no ui records, so no times; skipped` });
    }
    return;
  }
  yield* taskEvents(task, joined, { meta: clineMeta(task), facts: clineTurnFacts(task) });
}
