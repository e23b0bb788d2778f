import type { AgentEvent, SourceRef } from '../../model/events.js';
import { inferToolKind, type ToolKind } from '../../model/tool-kind.js';
import { exactness, type Stamp } from '../record-clock.js';
import { functionResponses, toolErrorText } from './content.js';
import type { GeminiToolCall } from './schema.js';

/** Gemini CLI tool names whose kind the generic rules miss. */
const KINDS: Record<string, ToolKind> = {
  replace: 'file_edit',
  glob: 'search',
  search_file_content: 'search',
  grep_search: 'search',
  list_directory: 'file_read',
  google_web_search: 'web',
  web_fetch: 'web',
};

export function geminiToolKind(name: string, agentId?: string): ToolKind {
  if (agentId) return 'sub_agent';
  return KINDS[name] ?? inferToolKind(name);
}

/** Statuses after which a call has finished. */
const FINISHED = new Set(['success', 'error', 'cancelled']);

/**
 * The events of one recorded tool call. Gemini CLI records a call once, at its
 * completion, with no start time or duration: a finished call becomes a single
 * `tool.result` without `durationMs` (the mapper makes a zero-length span flagged
 * as having no recorded duration). A call still in a scheduler state (never
 * finished) becomes a `tool.call` only, so the mapper marks it interrupted.
 */
export function toolCallEvents(
  call: GeminiToolCall,
  callId: string,
  stamp: Stamp,
  sessionId: string,
  source: SourceRef,
  responseId: string,
): AgentEvent[] {
  const name = call.name ?? 'unknown';
  const kind = geminiToolKind(name, call.agentId);
  const base = { sessionId, time: stamp.time, ...exactness(stamp), source, callId, name, kind };
  const status = call.status ?? 'success';
  if (!FINISHED.has(status)) {
    return [{ ...base, type: 'tool.call', input: call.args, toolType: 'function', responseId }];
  }
  if (status === 'success') {
    return [{ ...base, type: 'tool.result', success: true, output: functionResponses(call.result) }];
  }
  return [
    {
      ...base,
      type: 'tool.result',
      success: false,
      errorType: status === 'cancelled' ? 'cancelled' : 'tool_error',
      error: toolErrorText(call.resultDisplay, call.result),
      output: functionResponses(call.result),
    },
  ];
}
