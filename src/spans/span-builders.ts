import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { ModelCallEvent, ToolCallEvent, ToolResultEvent } from '../model/events.js';
import { inferToolKind } from '../model/tool-kind.js';
import type { CallCost } from '../cost/call-cost.js';
import { roundUsd, type UsageRollup } from '../cost/usage-rollup.js';
import { normalizeUsage, type UsageTotals } from '../model/usage.js';
import { contentSize, type ContentPolicy } from './content.js';
import * as sc from './semconv.js';
import type { SessionState } from './session-state.js';
import type { SpanRecordInit } from './span-record.js';

export interface BuildContext {
  content: ContentPolicy;
  scope: InstrumentationScope;
  diagnostic: (text: string) => string;
}

/** Sets the usage attributes (semantic-convention reading: input includes cache). */
export function putUsage(attributes: Attributes, totals: UsageTotals, always = false): void {
  const put = (key: string, n: number, required: boolean) => {
    if (required || n > 0) attributes[key] = n;
  };
  put(sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS, totals.input, always);
  put(sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, totals.output, always);
  put(sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, totals.cacheRead, false);
  put(sc.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, totals.cacheCreation, false);
  put(sc.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, totals.reasoning, false);
}

/** The suffixes of usage roll-ups (after PREFIX_USAGE_OWN, PREFIX_USAGE_SUBTREE) and of tool usage (PREFIX_TOOL_USAGE). */
const USAGE_SUFFIXES = {
  input: 'input_tokens',
  output: 'output_tokens',
  cacheRead: 'cache_read.input_tokens',
  cacheCreation: 'cache_creation.input_tokens',
  reasoning: 'reasoning.output_tokens',
  cost: 'cost',
  unpricedCalls: 'unpriced_calls',
} as const;

/** Sets a call's cost (chat spans only): the span's cost and its source, or the unpriced marker. */
export function putCost(attributes: Attributes, cost: CallCost): void {
  if (cost.usd !== undefined && cost.source !== undefined) {
    const usd = roundUsd(cost.usd);
    attributes[sc.ATTR_GEN_AI_USAGE_COST] = usd;
    attributes[sc.ATTR_GEN_AI_USAGE_COST_AMOUNT] = usd;
    attributes[sc.ATTR_GEN_AI_USAGE_COST_CURRENCY] = 'USD';
    attributes[sc.ATTR_GEN_AI_USAGE_COST_SOURCE] = cost.source;
    if (cost.source === 'provider' && cost.localUsd !== undefined) attributes[sc.ATTR_USAGE_COST_LOCAL] = roundUsd(cost.localUsd);
  } else if (cost.unpriced) {
    attributes[sc.ATTR_USAGE_COST_UNPRICED] = true;
  }
}

/**
 * Sets a roll-up under `prefix` (PREFIX_USAGE_OWN or PREFIX_USAGE_SUBTREE):
 * input and output tokens and the cost always, the other counts when above 0.
 */
export function putRollup(attributes: Attributes, prefix: string, rollup: UsageRollup): void {
  const k = USAGE_SUFFIXES;
  const t = rollup.tokens;
  attributes[prefix + k.input] = t.input;
  attributes[prefix + k.output] = t.output;
  if (t.cacheRead > 0) attributes[prefix + k.cacheRead] = t.cacheRead;
  if (t.cacheCreation > 0) attributes[prefix + k.cacheCreation] = t.cacheCreation;
  if (t.reasoning > 0) attributes[prefix + k.reasoning] = t.reasoning;
  attributes[prefix + k.cost] = roundUsd(rollup.costUsd);
  if (rollup.unpricedCalls > 0) attributes[prefix + k.unpricedCalls] = rollup.unpricedCalls;
}

/** A source's own per-tool token figure, under agent_otel.tool.usage.* (never gen_ai.usage.*, which is for chat spans). */
function putToolUsage(attributes: Attributes, totals: UsageTotals): void {
  const k = USAGE_SUFFIXES;
  const put = (suffix: string, n: number) => {
    if (n > 0) attributes[sc.PREFIX_TOOL_USAGE + suffix] = n;
  };
  put(k.input, totals.input);
  put(k.output, totals.output);
  put(k.cacheRead, totals.cacheRead);
  put(k.cacheCreation, totals.cacheCreation);
  put(k.reasoning, totals.reasoning);
}

/**
 * Puts captured content on a span or event (nothing when capture is off) and
 * records on it how many values were cut and how many secrets were redacted.
 */
export function putContent(attributes: Attributes, key: string, value: unknown, policy: ContentPolicy): void {
  const captured = policy.take(value);
  if (!captured) return;
  attributes[key] = captured.value;
  if (captured.truncated) {
    attributes[sc.ATTR_CONTENT_TRUNCATED] = Number(attributes[sc.ATTR_CONTENT_TRUNCATED] ?? 0) + 1;
  }
  if (captured.redactions > 0) {
    attributes[sc.ATTR_CONTENT_REDACTED] = Number(attributes[sc.ATTR_CONTENT_REDACTED] ?? 0) + captured.redactions;
  }
}

function set(attributes: Attributes, key: string, value: string | number | boolean | string[] | undefined): void {
  if (value !== undefined && value !== '') attributes[key] = value;
}

/** A `chat` span for one model response. */
export function buildChatSpan(
  state: SessionState,
  event: ModelCallEvent,
  spanId: string,
  usage: UsageTotals,
  cost: CallCost,
  events: TimedEvent[],
  ctx: BuildContext,
): SpanRecordInit {
  const attributes: Attributes = { [sc.ATTR_GEN_AI_OPERATION_NAME]: sc.GEN_AI_OPERATION_CHAT };
  const model = event.responseModel ?? event.requestModel ?? state.meta.model;
  set(attributes, sc.ATTR_GEN_AI_PROVIDER_NAME, event.provider ?? state.meta.provider);
  set(attributes, sc.ATTR_GEN_AI_REQUEST_MODEL, event.requestModel ?? state.meta.model);
  set(attributes, sc.ATTR_GEN_AI_RESPONSE_MODEL, event.responseModel);
  set(attributes, sc.ATTR_GEN_AI_RESPONSE_ID, event.responseId);
  set(attributes, sc.ATTR_GEN_AI_CONVERSATION_ID, state.sessionId);
  set(attributes, sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, event.finishReasons);
  putUsage(attributes, usage, true);
  if (event.usage?.cacheCreation1h) attributes[sc.ATTR_USAGE_CACHE_CREATION_1H] = event.usage.cacheCreation1h;
  putCost(attributes, cost);
  set(attributes, sc.ATTR_CHAT_LATENCY_MS, event.latencyMs);
  set(attributes, sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, event.timeToFirstTokenMs !== undefined ? event.timeToFirstTokenMs / 1000 : undefined);
  set(attributes, sc.ATTR_CHAT_RETRIES, event.retries);
  set(attributes, sc.ATTR_USAGE_INEXACT, event.usageInexact);
  set(attributes, sc.ATTR_CHAT_CONTEXT_USED, event.contextUsed);
  set(attributes, sc.ATTR_CHAT_CONTEXT_MAX, event.contextMax);
  let startMs = event.time;
  if (event.startTime !== undefined && event.startTime <= event.time) {
    startMs = event.startTime;
    attributes[sc.ATTR_DURATION_SOURCE] = 'timestamps';
  } else if (event.latencyMs !== undefined) {
    startMs = event.time - event.latencyMs;
    attributes[sc.ATTR_DURATION_SOURCE] = 'latency';
  } else {
    attributes[sc.ATTR_DURATION_SOURCE] = 'none';
  }
  if (event.timeExact === false) attributes[sc.ATTR_TIME_INEXACT] = true;
  const status = event.error
    ? { code: SpanStatusCode.ERROR, message: ctx.diagnostic(event.error) }
    : undefined;
  if (event.error) attributes[sc.ATTR_ERROR_TYPE] = 'model_error';
  return {
    traceId: state.traceId,
    spanId,
    parentSpanId: state.rootSpanId,
    name: model ? `chat ${model}` : 'chat',
    kind: SpanKind.CLIENT,
    startMs,
    endMs: event.time,
    attributes,
    events,
    status,
    resource: state.resource,
    scope: ctx.scope,
  };
}

/** How a tool span's times were found. */
export interface ToolTiming {
  startMs: number;
  endMs: number;
  source: 'timestamps' | 'recorded' | 'none';
}

export function toolTiming(call: ToolCallEvent | undefined, result: ToolResultEvent | undefined, endMs: number): ToolTiming {
  if (call) {
    if (result?.durationMs !== undefined) {
      return { startMs: call.time, endMs: call.time + result.durationMs, source: 'recorded' };
    }
    return { startMs: call.time, endMs: Math.max(call.time, endMs), source: 'timestamps' };
  }
  if (result?.durationMs !== undefined) {
    return { startMs: endMs - result.durationMs, endMs, source: 'recorded' };
  }
  return { startMs: endMs, endMs, source: 'none' };
}

/**
 * An `execute_tool` span. With no result, the call was cut off: the span ends
 * where the session's records end and says it was interrupted.
 */
export function buildToolSpan(
  state: SessionState,
  spanId: string,
  call: ToolCallEvent | undefined,
  result: ToolResultEvent | undefined,
  endMs: number,
  events: TimedEvent[],
  droppedEvents: number,
  ctx: BuildContext,
): SpanRecordInit {
  const name = call?.name ?? result?.name ?? 'unknown';
  const callId = call?.callId ?? result?.callId;
  const kind = call?.kind ?? result?.kind ?? inferToolKind(name);
  const timing = toolTiming(call, result, endMs);
  const success = result?.success ?? false;
  const attributes: Attributes = {
    [sc.ATTR_GEN_AI_OPERATION_NAME]: sc.GEN_AI_OPERATION_EXECUTE_TOOL,
    [sc.ATTR_GEN_AI_TOOL_NAME]: name,
    [sc.ATTR_GEN_AI_TOOL_TYPE]: call?.toolType ?? 'function',
    [sc.ATTR_TOOL_KIND]: kind,
    [sc.ATTR_TOOL_SUCCESS]: success,
    [sc.ATTR_TOOL_DURATION_MS]: Math.round((timing.endMs - timing.startMs) * 1000) / 1000,
    [sc.ATTR_DURATION_SOURCE]: timing.source,
  };
  set(attributes, sc.ATTR_GEN_AI_TOOL_CALL_ID, callId);
  set(attributes, sc.ATTR_GEN_AI_CONVERSATION_ID, state.sessionId);
  if (call?.input !== undefined) attributes[sc.ATTR_TOOL_INPUT_SIZE] = contentSize(call.input);
  if (result?.output !== undefined) attributes[sc.ATTR_TOOL_OUTPUT_SIZE] = contentSize(result.output);
  putContent(attributes, sc.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, call?.input, ctx.content);
  putContent(attributes, sc.ATTR_GEN_AI_TOOL_CALL_RESULT, result?.output, ctx.content);
  set(attributes, sc.ATTR_TOOL_EXIT_CODE, result?.exitCode);
  if (result?.usage) putToolUsage(attributes, normalizeUsage(result.usage));
  if (call?.timeExact === false || result?.timeExact === false) attributes[sc.ATTR_TIME_INEXACT] = true;
  let status: SpanRecordInit['status'];
  if (!result) {
    attributes[sc.ATTR_TOOL_INTERRUPTED] = true;
    attributes[sc.ATTR_ERROR_TYPE] = 'interrupted';
    status = { code: SpanStatusCode.ERROR, message: 'interrupted: the session ended before the call had a result' };
  } else if (!success) {
    attributes[sc.ATTR_ERROR_TYPE] = result.errorType ?? 'tool_error';
    putContent(attributes, sc.ATTR_TOOL_ERROR, result.error, ctx.content);
    status = { code: SpanStatusCode.ERROR, message: result.errorType ?? 'tool_error' };
  }
  return {
    traceId: state.traceId,
    spanId,
    parentSpanId: state.rootSpanId,
    name: `execute_tool ${name}`,
    kind: SpanKind.INTERNAL,
    startMs: timing.startMs,
    endMs: timing.endMs,
    attributes,
    events,
    status,
    resource: state.resource,
    scope: ctx.scope,
    droppedEventsCount: droppedEvents,
  };
}
