import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import * as sc from './semconv.js';
import { putContent, putRollup, type BuildContext } from './span-builders.js';
import type { SessionLink } from './session-ids.js';
import type { SessionState } from './session-state.js';
import type { SpanRecordInit } from './span-record.js';

function attributeValue(value: unknown): string | number | boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

const PLACEMENT: Record<SessionLink, string> = { tool: 'launched_by_call', session: 'session_root', orphan: 'orphan', none: 'orphan' };

/**
 * The `invoke_agent` span of a session or subagent, built when the session
 * closes so that it carries the roll-ups of its own calls and of its whole
 * subtree (under agent_otel.usage.*, never gen_ai.usage.*: backends add up
 * gen_ai.usage.* over every span of a trace).
 */
export function buildRootSpan(state: SessionState, ctx: BuildContext): SpanRecordInit {
  const { meta } = state;
  const outcome = state.end?.outcome ?? (state.openTools.size > 0 ? 'interrupted' : 'ok');
  const attributes: Attributes = {
    [sc.ATTR_GEN_AI_OPERATION_NAME]: sc.GEN_AI_OPERATION_INVOKE_AGENT,
    [sc.ATTR_GEN_AI_AGENT_NAME]: meta.agentName ?? meta.agent,
    [sc.ATTR_GEN_AI_CONVERSATION_ID]: state.sessionId,
    [sc.ATTR_SESSION_OUTCOME]: outcome,
    [sc.ATTR_SESSION_END_RECORDED]: state.end !== undefined,
    [sc.ATTR_SESSION_TOOL_CALLS]: state.toolCalls,
    [sc.ATTR_SESSION_TOOL_FAILURES]: state.toolFailures,
    [sc.ATTR_SESSION_MODEL_CALLS]: state.modelCalls,
  };
  for (const [key, value] of Object.entries(meta.attributes ?? {})) {
    const raw = attributeValue(value);
    const v = typeof raw === 'string' ? ctx.diagnostic(raw) : raw;
    if (v !== undefined) attributes[key.startsWith(sc.PREFIX) ? key : `${sc.PREFIX}${key}`] = v;
  }
  if (meta.provider) attributes[sc.ATTR_GEN_AI_PROVIDER_NAME] = meta.provider;
  if (meta.model) attributes[sc.ATTR_GEN_AI_REQUEST_MODEL] = meta.model;
  putRollup(attributes, sc.PREFIX_USAGE_OWN, state.own);
  putRollup(attributes, sc.PREFIX_USAGE_SUBTREE, state.subtree);
  if (state.subagents > 0) attributes[sc.ATTR_SESSION_SUBAGENTS] = state.subagents;
  if (state.heartbeats > 0) attributes[sc.ATTR_SESSION_HEARTBEATS] = state.heartbeats;
  if (state.end?.reason) attributes[sc.ATTR_SESSION_END_REASON] = ctx.diagnostic(state.end.reason);
  const reported = state.end?.reportedUsage;
  if (reported?.input !== undefined) attributes[sc.ATTR_SESSION_REPORTED_INPUT_TOKENS] = reported.input;
  if (reported?.output !== undefined) attributes[sc.ATTR_SESSION_REPORTED_OUTPUT_TOKENS] = reported.output;
  if (state.end?.reportedCostUsd !== undefined) attributes[sc.ATTR_SESSION_REPORTED_COST_USD] = state.end.reportedCostUsd;
  putContent(attributes, sc.ATTR_SESSION_TITLE, meta.title, ctx.content);
  if (state.parent || meta.parent) {
    attributes[sc.ATTR_SUBAGENT] = true;
    attributes[sc.ATTR_PARENT_CONVERSATION_ID] = meta.parent?.sessionId ?? state.parent?.sessionId ?? '';
    attributes[sc.ATTR_PARENT_PLACEMENT] = PLACEMENT[state.link];
  }
  if (state.inexactTimes) attributes[sc.ATTR_TIME_INEXACT] = true;
  let status: SpanRecordInit['status'];
  if (outcome === 'error') {
    attributes[sc.ATTR_ERROR_TYPE] = 'session_error';
    status = { code: SpanStatusCode.ERROR, message: state.end?.error ? ctx.diagnostic(state.end.error) : 'session ended with an error' };
  }
  const endMs = Math.max(state.end?.time ?? state.lastMs, state.lastMs);
  const name = meta.agentName ?? meta.agent;
  return {
    traceId: state.traceId,
    spanId: state.rootSpanId,
    parentSpanId: state.parentSpanId,
    name: `invoke_agent ${name}`,
    kind: SpanKind.INTERNAL,
    startMs: state.firstMs,
    endMs,
    attributes,
    events: state.rootEvents.items,
    status,
    resource: state.resource,
    scope: ctx.scope,
    droppedEventsCount: state.rootEvents.dropped,
  };
}
