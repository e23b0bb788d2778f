import * as sc from '../spans/semconv.js';
import { numberValue, textValue as str, type TraceSpan, type TraceValue } from '../traces/trace-span.js';
import type { RowAccumulator } from './report-row.js';

/** What a span is, for a report: agent-otel's three operations, by `gen_ai.operation.name` (else the name's first word). */
export type SpanRole = 'session' | 'subagent' | 'chat' | 'tool' | 'other';

export function spanRole(span: TraceSpan): SpanRole {
  const a = span.attributes;
  const op = a[sc.ATTR_GEN_AI_OPERATION_NAME] ?? span.name.split(' ', 1)[0];
  if (op === sc.GEN_AI_OPERATION_CHAT) return 'chat';
  if (op === sc.GEN_AI_OPERATION_EXECUTE_TOOL) return 'tool';
  if (op === sc.GEN_AI_OPERATION_INVOKE_AGENT) return a[sc.ATTR_SUBAGENT] === true ? 'subagent' : 'session';
  return 'other';
}

const num = (v: TraceValue | undefined): number => numberValue(v) ?? 0;

/** The session a span belongs to: `session.id` (the top session, also on subagents' spans), else the conversation, else the trace. */
export const sessionOf = (span: TraceSpan): string =>
  str(span.attributes[sc.ATTR_SESSION_ID]) ?? str(span.attributes[sc.ATTR_GEN_AI_CONVERSATION_ID]) ?? span.traceId;

/** The agent: the resource's `service.name`. */
export const agentOf = (span: TraceSpan): string => str(span.resource['service.name']) ?? 'unknown';

/** The model of a call (or of an agent span): the response's model, else the request's. */
export const modelOf = (span: TraceSpan): string =>
  str(span.attributes[sc.ATTR_GEN_AI_RESPONSE_MODEL]) ?? str(span.attributes[sc.ATTR_GEN_AI_REQUEST_MODEL]) ?? 'unknown';

export const toolOf = (span: TraceSpan): string => str(span.attributes[sc.ATTR_GEN_AI_TOOL_NAME]) ?? 'unknown';

/** Whether a chat span says anything of its cost (a cost, or that it is unpriced). */
export const hasCostAttribute = (span: TraceSpan): boolean =>
  typeof span.attributes[sc.ATTR_GEN_AI_USAGE_COST] === 'number' || span.attributes[sc.ATTR_USAGE_COST_UNPRICED] === true;

/** Adds a chat span's tokens and cost to a row. */
export function addChat(row: RowAccumulator, span: TraceSpan): void {
  const a = span.attributes;
  const input = num(a[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const read = num(a[sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]);
  const write = num(a[sc.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]);
  row.calls++;
  row.inputTokens += input;
  row.uncachedInputTokens += Math.max(0, input - read - write);
  row.cacheReadTokens += read;
  row.cacheWriteTokens += write;
  row.outputTokens += num(a[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  row.reasoningTokens += num(a[sc.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]);
  const cost = a[sc.ATTR_GEN_AI_USAGE_COST];
  if (typeof cost === 'number' && Number.isFinite(cost)) {
    row.cost += cost;
    row.pricedCalls++;
  } else if (isUnpriced(span)) row.unpricedCalls++;
}

/**
 * A call without a cost: marked unpriced, or with tokens and no cost (spans
 * written before calls were priced). A call with no tokens and no cost costs
 * nothing and is not counted here.
 */
export function isUnpriced(span: TraceSpan): boolean {
  const a = span.attributes;
  if (typeof a[sc.ATTR_GEN_AI_USAGE_COST] === 'number') return false;
  return a[sc.ATTR_USAGE_COST_UNPRICED] === true || num(a[sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]) + num(a[sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]) > 0;
}

/** Whether a tool call failed: status ERROR, or `agent_otel.tool.success` false. */
export const toolFailed = (span: TraceSpan): boolean => span.status.code === 'error' || span.attributes[sc.ATTR_TOOL_SUCCESS] === false;

/** A tool call's duration in ms: `agent_otel.tool.duration_ms`, else the span's length. */
export function toolDuration(span: TraceSpan): number {
  const d = span.attributes[sc.ATTR_TOOL_DURATION_MS];
  return typeof d === 'number' && Number.isFinite(d) ? d : Math.max(0, span.endMs - span.startMs);
}

/** Adds a tool span's call, failure and duration to a row. */
export function addTool(row: RowAccumulator, span: TraceSpan): void {
  row.toolCalls++;
  if (toolFailed(span)) row.toolFailures++;
  row.durations.add(toolDuration(span));
}
