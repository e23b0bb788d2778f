import type { Probe } from '../adapter.js';
import { isRecord } from '../../core/json-lines.js';

const TYPE = /^(session|user|assistant|tool|subagent|hook|permission|system|skill|abort)(\.|$)/;

/** A Copilot CLI event envelope: a dotted `type`, a `data` object, an `id` and the `parentId` chain. */
function isCopilotEvent(value: unknown): boolean {
  if (!isRecord(value) || typeof value.type !== 'string' || !isRecord(value.data)) return false;
  if (value.type === 'session.start' && ('copilotVersion' in value.data || value.data.producer === 'copilot-agent')) {
    return true;
  }
  return TYPE.test(value.type) && typeof value.id === 'string' && 'parentId' in value;
}

/** The first JSON line of the file is a Copilot event. */
export function detectCopilotCli(probe: Probe): boolean {
  const first = probe.lines.find((l) => l !== undefined);
  return isCopilotEvent(first);
}
