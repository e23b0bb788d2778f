import type { AgentEvent, SourceRef, ToolCallEvent } from '../../model/events.js';
import { inferToolKind, type ToolKind } from '../../model/tool-kind.js';
import { isRecord } from '../../core/json-lines.js';
import type { Context } from './contexts.js';
import type { ToolExecutionCompleteData, ToolExecutionStartData, ToolRequest } from './schema.js';

/** Copilot CLI tool names the generic rules miss. */
const KINDS: Record<string, ToolKind> = {
  create: 'file_write',
  powershell: 'shell',
  str_replace_editor: 'file_edit',
};

export function copilotToolKind(name: string): ToolKind {
  return KINDS[name] ?? inferToolKind(name);
}

interface At {
  time: number;
  timeExact?: false;
  source: SourceRef;
}

/** Remembers the tool calls an assistant message asked for, until they start. */
export function noteRequests(ctx: Context, requests: ToolRequest[], at: At, responseId: string): void {
  for (const r of requests) {
    ctx.requested.set(r.toolCallId, { name: r.name, input: r.arguments, time: at.time, source: at.source, responseId });
  }
}

/** `tool.execution_start` -> the tool.call (the span starts when the tool runs). */
export function startTool(ctx: Context, data: ToolExecutionStartData, at: At): AgentEvent[] {
  const request = ctx.requested.get(data.toolCallId);
  ctx.requested.delete(data.toolCallId);
  if (ctx.open.has(data.toolCallId)) return []; // a repeated start: the call is already open
  ctx.open.set(data.toolCallId, data.toolName);
  return [
    {
      type: 'tool.call',
      sessionId: ctx.sessionId,
      ...at,
      callId: data.toolCallId,
      name: data.toolName,
      kind: copilotToolKind(data.toolName),
      toolType: data.mcpServerName ? 'extension' : 'function',
      input: data.arguments ?? request?.input,
      responseId: request?.responseId,
    },
  ];
}

/**
 * `tool.execution_complete` -> the tool.result. A call that was requested but
 * never started (denied before running) gets its tool.call at the request's
 * time first; one known from nowhere gets a result only.
 */
export function completeTool(ctx: Context, data: ToolExecutionCompleteData, at: At): AgentEvent[] {
  const events: AgentEvent[] = [];
  let name = ctx.open.get(data.toolCallId);
  if (name === undefined) {
    const call = requestedCall(ctx, data.toolCallId);
    if (call) {
      events.push(call);
      name = call.name;
    }
  }
  ctx.open.delete(data.toolCallId);
  const failure = data.success ? undefined : failureOf(data.error);
  events.push({
    type: 'tool.result',
    sessionId: ctx.sessionId,
    ...at,
    callId: data.toolCallId,
    ...(name ? { name, kind: copilotToolKind(name) } : {}),
    success: data.success,
    ...(failure ?? {}),
    output: outputOf(data.result),
    ...exitCodeOf(data.result),
  });
  ctx.requestStart = at.time;
  return events;
}

/** At the end of the file: requested calls that never started or finished, as open tool.calls. */
export function unstartedCalls(ctx: Context): AgentEvent[] {
  return [...ctx.requested.keys()].flatMap((id) => requestedCall(ctx, id) ?? []);
}

function requestedCall(ctx: Context, callId: string): ToolCallEvent | undefined {
  const request = ctx.requested.get(callId);
  if (!request) return undefined;
  ctx.requested.delete(callId);
  return {
    type: 'tool.call',
    sessionId: ctx.sessionId,
    time: request.time,
    source: request.source,
    callId,
    name: request.name,
    kind: copilotToolKind(request.name),
    toolType: 'function',
    input: request.input,
    responseId: request.responseId,
  };
}

function failureOf(error: ToolExecutionCompleteData['error']): { errorType: string; error?: string } {
  const message = typeof error === 'string' ? error : error?.message;
  const code = typeof error === 'string' ? undefined : error?.code;
  const text = `${code ?? ''} ${message ?? ''}`;
  const errorType = /denied|rejected|not permitted|permission/i.test(text)
    ? 'denied'
    : /cancel|abort|interrupt/i.test(text)
      ? 'cancelled'
      : /timed? ?out/i.test(text)
        ? 'timeout'
        : 'tool_error';
  return { errorType, ...(message ? { error: message } : {}) };
}

function outputOf(result: unknown): unknown {
  if (isRecord(result)) return result.content ?? result.detailedContent ?? result;
  return result;
}

/** The exit code of a terminal content block, when the tool returned one. */
function exitCodeOf(result: unknown): { exitCode?: number } {
  if (!isRecord(result) || !Array.isArray(result.contents)) return {};
  for (const block of result.contents) {
    if (isRecord(block) && block.type === 'terminal' && Number.isInteger(block.exitCode)) {
      return { exitCode: block.exitCode as number };
    }
  }
  return {};
}
