import type { SessionMeta } from '../../model/session.js';
import { environmentFacts } from '../cline-tasks/environment.js';
import type { JoinedTurn } from '../cline-tasks/join.js';
import type { TurnFacts } from '../cline-tasks/task-events.js';
import type { TaskFiles } from '../cline-tasks/task-files.js';
import type { SubtaskLink } from './subtasks.js';

export const ROO_AGENT = 'roo-code';

/**
 * The session's metadata. Roo Code records neither its version nor the
 * provider; the model and the mode are in the environment details of each
 * user message (`<model>`, `<slug>`). A subtask names the call that launched
 * it and how sure that link is (`agent_otel.parent.match`).
 */
export function rooMeta(task: TaskFiles, link: SubtaskLink | undefined, apiOnly: boolean): SessionMeta {
  const first = task.api.find((m) => m.value.role === 'user')?.value;
  const env = environmentFacts(first);
  return {
    agent: ROO_AGENT,
    ...(env.model ? { model: env.model } : {}),
    ...(env.cwd ? { cwd: env.cwd } : {}),
    ...(link
      ? {
          agentName: link.mode ?? 'subtask',
          parent: { sessionId: link.parentId, toolCallId: link.callId },
        }
      : {}),
    // Without its ui records the task lacks its tokens and costs; the file may still show up.
    ...(apiOnly ? { rebuilt: true } : {}),
    attributes: {
      'roo.task_id': task.id,
      ...(env.mode ? { 'roo.mode': env.mode } : {}),
      ...(link ? { 'parent.match': link.match } : {}),
    },
  };
}

/** A model call's model: the one named in the environment details of the message that asked for it. */
export function rooTurnFacts(turn: JoinedTurn): TurnFacts {
  const model = environmentFacts(turn.requestMessage ?? turn.info.request).model;
  return model ? { model } : {};
}
