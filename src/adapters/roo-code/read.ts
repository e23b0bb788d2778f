import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { taskEvents } from '../cline-tasks/task-events.js';
import { rooMeta, rooTurnFacts } from './meta.js';
import { parentsFirst } from './subtasks.js';
import { readRooTasks } from './tasks.js';

/**
 * Reads a unit of Roo Code tasks (a task and the subtasks it launched),
 * parents first, each subtask under its launching `new_task` call. A link
 * that is not certain is said on the subtask's root span and in a warning.
 * A task with no ui records is converted from its API history alone (its
 * messages carry times, but no tokens or costs).
 */
export async function* readRooCode(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const { tasks, links } = await readRooTasks(unit.files, ctx.warn);
  for (const { task, joined } of parentsFirst(
    tasks.map((t) => ({ ...t, id: t.task.id })),
    links,
  )) {
    if (!joined) {
      ctx.warn({ code: 'no_timestamp', file: task.apiFile ?? task.uiFile ?? unit.label, message: `task ${task.id} has no times at all; skipped` });
      continue;
    }
    const link = links.get(task.id);
    if (link && link.match !== 'exact') {
      ctx.warn({
        code: 'subtask_uncertain',
        file: task.apiFile ?? task.uiFile ?? unit.label,
        message:
          link.match === 'time'
            ? `task ${task.id}: ${link.candidates} new_task calls sent its text; put under the closest before it (${link.callId} of task ${link.parentId})`
            : `task ${task.id}: no new_task call sent exactly its text; put under ${link.callId} of task ${link.parentId}, whose message is only similar`,
      });
    }
    yield* taskEvents(task, joined, { meta: rooMeta(task, link, !joined.fromUi), facts: rooTurnFacts });
  }
}
