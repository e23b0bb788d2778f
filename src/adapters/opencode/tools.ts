import type { AgentEvent, SourceRef } from '../../model/events.js';
import { inferToolKind, type ToolKind } from '../../model/tool-kind.js';
import type { OpenCodePart } from './schema.js';

/** OpenCode tool names the generic rules miss. */
const KINDS: Record<string, ToolKind> = {
  list: 'file_read',
  todowrite: 'other',
  todoread: 'other',
  websearch: 'web',
  codesearch: 'search',
  apply_patch: 'file_edit',
};

export function openCodeToolKind(name: string): ToolKind {
  return KINDS[name] ?? inferToolKind(name);
}

/** The session a `task` call created: `state.metadata.sessionId`, else the `task_id:` line of its output. */
export function childSessionOf(part: OpenCodePart): string | undefined {
  const fromMetadata = part.state?.metadata?.sessionId;
  if (typeof fromMetadata === 'string' && fromMetadata !== '') return fromMetadata;
  const output = part.state?.output;
  const match = typeof output === 'string' ? /^task_id: (\S+)/m.exec(output) : null;
  return match?.[1];
}

/**
 * A tool part: OpenCode records exact start and end times, so a finished call
 * is a tool.call at `state.time.start` and a tool.result at `state.time.end`.
 * A call still pending or running (the session stopped) is a tool.call only.
 * `fallback` is the message's time, used when the part has none.
 */
export function toolPartEvents(
  part: OpenCodePart,
  sessionId: string,
  source: SourceRef,
  fallback: number,
  responseId: string,
): AgentEvent[] {
  const state = part.state;
  const name = part.tool ?? 'unknown';
  const callId = part.callID ?? part.id;
  const kind = openCodeToolKind(name);
  const start = state?.time?.start;
  const callTime = start ?? fallback;
  const events: AgentEvent[] = [
    {
      type: 'tool.call',
      sessionId,
      time: callTime,
      ...(start === undefined ? { timeExact: false } : {}),
      source,
      callId,
      name,
      kind,
      toolType: 'function',
      input: state?.input,
      responseId,
    },
  ];
  if (state?.status !== 'completed' && state?.status !== 'error') return events;
  const end = state.time?.end;
  const exit = state.metadata?.exit;
  const exitCode = typeof exit === 'number' && Number.isInteger(exit) ? exit : undefined;
  const failure =
    state.status === 'error'
      ? { success: false, errorType: errorTypeOf(state.error, state.metadata), error: state.error }
      : exitCode !== undefined && exitCode !== 0
        ? { success: false, errorType: 'exit_code' }
        : { success: true };
  events.push({
    type: 'tool.result',
    sessionId,
    time: end ?? callTime,
    ...(end === undefined ? { timeExact: false } : {}),
    source,
    callId,
    name,
    kind,
    ...failure,
    output: state.output,
    ...(exitCode !== undefined ? { exitCode } : {}),
  });
  return events;
}

function errorTypeOf(error: string | undefined, metadata: Record<string, unknown> | undefined): string {
  if (metadata?.interrupted === true || /aborted|interrupted|cancel/i.test(error ?? '')) return 'cancelled';
  if (/rejected|permission|denied/i.test(error ?? '')) return 'denied';
  return 'tool_error';
}
