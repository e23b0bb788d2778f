import { isRecord } from '../../core/json-lines.js';
import type { SpawnLinks } from './state.js';
import { isSpawnTool } from './tool-names.js';

/** Keys under which a spawn tool's output names the thread it started (`{"agent_id": "<thread id>"}`). */
const THREAD_KEYS = ['agent_id', 'thread_id', 'new_thread_id'] as const;

/**
 * Learns which call started which sub-agent thread from a `spawn_agent`
 * output, so that the child's rollout, read after its parent's, can name the
 * launching call in `meta.parent.toolCallId`.
 */
export function linkSpawnOutput(links: SpawnLinks, toolName: string, callId: string, output: unknown): void {
  if (!isSpawnTool(toolName)) return;
  let value = output;
  if (typeof output === 'string') {
    try {
      value = JSON.parse(output);
    } catch {
      return;
    }
  }
  if (!isRecord(value)) return;
  for (const key of THREAD_KEYS) {
    const id = value[key];
    if (typeof id === 'string' && id) {
      if (!links.has(id)) links.set(id, callId);
      return;
    }
  }
}
