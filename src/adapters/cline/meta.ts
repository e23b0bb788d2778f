import type { SessionMeta } from '../../model/session.js';
import { environmentFacts, semconvProvider } from '../cline-tasks/environment.js';
import type { JoinedTurn } from '../cline-tasks/join.js';
import type { TurnFacts } from '../cline-tasks/task-events.js';
import type { TaskFiles } from '../cline-tasks/task-files.js';

export const CLINE_AGENT = 'cline';

/**
 * The session's metadata: Cline's version, os and host from the last entry
 * of `task_metadata.json`'s environment history, the first model used, the
 * working directory from the first message's environment details.
 */
export function clineMeta(task: TaskFiles): SessionMeta {
  const env = task.metadata?.environment_history?.at(-1);
  const firstModel = task.metadata?.model_usage?.[0];
  const info = task.ui.find((r) => r.value.modelInfo)?.value.modelInfo;
  const providerId = firstModel?.model_provider_id ?? info?.providerId;
  const model = firstModel?.model_id ?? info?.modelId;
  const { cwd } = environmentFacts(task.api[0]?.value);
  return {
    agent: CLINE_AGENT,
    ...(env?.cline_version ? { agentVersion: env.cline_version } : {}),
    ...(providerId ? { provider: semconvProvider(providerId) } : {}),
    ...(model ? { model } : {}),
    ...(cwd ? { cwd } : {}),
    ...(env?.os_name ? { os: env.os_name } : {}),
    ...(env?.os_arch ? { arch: env.os_arch } : {}),
    attributes: {
      'cline.task_id': task.id,
      ...(env?.host_name ? { 'cline.host.name': env.host_name } : {}),
      ...(env?.host_version ? { 'cline.host.version': env.host_version } : {}),
    },
  };
}

/**
 * A model call's provider and model: the request record's `modelInfo`, else
 * the response's, else the model in use at that time by `model_usage`.
 */
export function clineTurnFacts(task: TaskFiles): (turn: JoinedTurn) => TurnFacts {
  const usage = task.metadata?.model_usage ?? [];
  return (turn) => {
    const info = turn.request?.value.modelInfo ?? turn.response?.value.modelInfo;
    const at = turn.startTime ?? turn.end.time;
    const used = [...usage].reverse().find((u) => (u.ts ?? 0) <= at) ?? usage[0];
    const providerId = info?.providerId ?? used?.model_provider_id;
    const model = info?.modelId ?? used?.model_id;
    return { ...(providerId ? { providerId, provider: semconvProvider(providerId) } : {}), ...(model ? { model } : {}) };
  };
}
