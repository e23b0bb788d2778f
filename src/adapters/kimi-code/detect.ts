import type { Probe } from '../adapter.js';
import { hasFields } from '../has-fields.js';
import { isRecord } from '../../core/json-lines.js';
import { someFirstLine } from '../probe.js';

/** Record kinds only the Kimi Code wire writes, with a `time` in epoch milliseconds. */
const WIRE_KINDS = new Set(['context.append_loop_event', 'context.append_message', 'turn.prompt', 'usage.record', 'llm.request']);

/** The wire header: `{"type":"metadata","protocol_version":"1.4","created_at":<ms>}`. */
function isWireHeader(line: unknown): boolean {
  return hasFields(line, { type: 'string', protocol_version: 'string', created_at: 'number' }) && line.type === 'metadata';
}

function isWireRecord(line: unknown): boolean {
  return hasFields(line, { type: 'string', time: 'number' }) && WIRE_KINDS.has(line.type as string);
}

/** A session's `state.json`: agents with their type and parent, and the working folder. */
function isSessionState(document: unknown): boolean {
  if (!hasFields(document, { agents: 'object' })) return false;
  if (typeof document.workDir !== 'string' && typeof document.cwd !== 'string') return false;
  const agents = Object.values(document.agents as Record<string, unknown>);
  return (
    agents.length > 0 &&
    agents.every((a) => isRecord(a) && typeof a.type === 'string' && ('parentAgentId' in a || 'homedir' in a))
  );
}

/** A Kimi Code wire file (its header or its first records) or a session's state.json. */
export function detectKimiCode(probe: Probe): boolean {
  return isSessionState(probe.document) || someFirstLine(probe, (line) => isWireHeader(line) || isWireRecord(line));
}
