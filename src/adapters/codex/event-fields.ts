import { isRecord } from '../../core/json-lines.js';
import { durationMsOf } from './tool-output.js';
import type { Enrichment } from './tools.js';

/** Small readers of `event_msg` payload fields. */

export function optionalDuration(value: unknown): { durationMs?: number } {
  const ms = durationMsOf(value);
  return ms !== undefined ? { durationMs: ms } : {};
}

/** `{"Ok": {"content": [...], "isError": false}}` or `{"Err": "message"}`. */
export function mcpOutcome(result: unknown): Pick<Enrichment, 'success' | 'errorType' | 'error'> {
  if (!isRecord(result)) return {};
  if ('Err' in result) {
    return { success: false, errorType: 'tool_error', ...(typeof result.Err === 'string' ? { error: result.Err } : {}) };
  }
  const ok = result.Ok;
  if (isRecord(ok)) {
    const flagged = ok.isError ?? ok.is_error;
    return flagged === true ? { success: false, errorType: 'tool_error' } : { success: true };
  }
  return {};
}

export function mcpName(payload: unknown): { name?: string } {
  const invocation = isRecord(payload) ? payload.invocation : undefined;
  if (!isRecord(invocation) || typeof invocation.tool !== 'string') return {};
  return { name: typeof invocation.server === 'string' ? `mcp__${invocation.server}__${invocation.tool}` : invocation.tool };
}

export function errorInfoOf(info: unknown): string | undefined {
  if (typeof info === 'string') return info;
  if (isRecord(info)) return Object.keys(info)[0];
  return undefined;
}

export function turnData(p: { turn_id?: string | null; model_context_window?: number | null } | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (p?.turn_id) data.turnId = p.turn_id;
  if (typeof p?.model_context_window === 'number') data.modelContextWindow = p.model_context_window;
  return data;
}

/** The plain fields of an event (names, ids, counts), without its type, message or nested objects. */
export function scalarsOf(payload: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (!isRecord(payload)) return data;
  for (const [key, value] of Object.entries(payload)) {
    if (key !== 'type' && key !== 'message' && ['string', 'number', 'boolean'].includes(typeof value)) data[key] = value;
  }
  return data;
}

/** The identifiers of a collaboration event (no prompts or messages). */
export function idsOf(payload: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (!isRecord(payload)) return data;
  for (const [key, value] of Object.entries(payload)) {
    if ((key === 'call_id' || key.endsWith('thread_id') || key.endsWith('thread_ids') || key === 'status') && value !== null) {
      data[key] = value;
    }
  }
  return data;
}
