import { z } from 'zod';
import { SessionMeta } from './session.js';
import { ToolKind } from './tool-kind.js';
import { TokenUsage } from './usage.js';

/**
 * The canonical events: what every adapter and the live API produce, and the
 * only input of the span mapper. One schema per kind, a discriminated union on
 * `type`, and an `unknown` kind so that newer source records are kept, not dropped.
 */

/** Where a record came from, for warnings and span events. */
export const SourceRef = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
});
export type SourceRef = z.infer<typeof SourceRef>;

const base = {
  /** The session the event belongs to (a subagent has its own session id). */
  sessionId: z.string().min(1),
  /** When it happened, epoch milliseconds (fractional). */
  time: z.number().nonnegative(),
  /** False when the source's time is approximate or was inferred from a neighbour. */
  timeExact: z.boolean().optional(),
  source: SourceRef.optional(),
};

export const SessionStartEvent = z.object({
  ...base,
  type: z.literal('session.start'),
  meta: SessionMeta,
});
export type SessionStartEvent = z.infer<typeof SessionStartEvent>;

export const SessionOutcome = z.enum(['ok', 'error', 'interrupted']);
export type SessionOutcome = z.infer<typeof SessionOutcome>;

export const SessionEndEvent = z.object({
  ...base,
  type: z.literal('session.end'),
  outcome: SessionOutcome,
  reason: z.string().optional(),
  error: z.string().optional(),
  /** Session totals reported by the source itself (e.g. Copilot's shutdown record). */
  reportedUsage: TokenUsage.optional(),
  reportedCostUsd: z.number().optional(),
});
export type SessionEndEvent = z.infer<typeof SessionEndEvent>;

export const MessageRole = z.enum(['user', 'assistant', 'system', 'tool']);
export type MessageRole = z.infer<typeof MessageRole>;

export const MessageEvent = z.object({
  ...base,
  type: z.literal('message'),
  role: MessageRole,
  content: z.string().optional(),
  messageId: z.string().optional(),
  /** The model response this message belongs to (attaches the event to its chat span). */
  responseId: z.string().optional(),
  /**
   * Tool calls an assistant message asks for, when the source records them
   * with the message and their `tool.call` events come only later (when the
   * tools run): the chat span's output names them.
   */
  toolCalls: z
    .array(z.object({ callId: z.string().min(1), name: z.string().min(1), input: z.unknown().optional() }))
    .optional(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

export const ReasoningEvent = z.object({
  ...base,
  type: z.literal('reasoning'),
  content: z.string().optional(),
  responseId: z.string().optional(),
});
export type ReasoningEvent = z.infer<typeof ReasoningEvent>;

/**
 * One model response: becomes a `chat` span. `time` is when the response ended;
 * `startTime` when the request started, if the source knows (or `latencyMs`).
 */
export const ModelCallEvent = z.object({
  ...base,
  type: z.literal('model.call'),
  /** Stable identity of the response (message id, request id); else the mapper numbers them. */
  responseId: z.string().optional(),
  startTime: z.number().nonnegative().optional(),
  provider: z.string().optional(),
  requestModel: z.string().optional(),
  responseModel: z.string().optional(),
  usage: TokenUsage.optional(),
  costUsd: z.number().nonnegative().optional(),
  latencyMs: z.number().nonnegative().optional(),
  timeToFirstTokenMs: z.number().nonnegative().optional(),
  finishReasons: z.array(z.string()).optional(),
  retries: z.number().int().nonnegative().optional(),
  /** True when the source wrote the token counts or the cost rounded (`3.2k`, `$0.01`): the figures are the best known, not exact. */
  usageInexact: z.literal(true).optional(),
  contextUsed: z.number().int().nonnegative().optional(),
  contextMax: z.number().int().nonnegative().optional(),
  /** The response's text, captured only when content capture is on. */
  content: z.string().optional(),
  error: z.string().optional(),
  /**
   * True when a record the source may still write would replace this call (Copilot CLI's usage record,
   * written after its message): `convert` maps it as it is; `watch` holds its span until the input is
   * settled, so that it never sends a figure the next record corrects.
   */
  provisional: z.boolean().optional(),
});
export type ModelCallEvent = z.infer<typeof ModelCallEvent>;

export const ToolCallEvent = z.object({
  ...base,
  type: z.literal('tool.call'),
  callId: z.string().min(1),
  name: z.string().min(1),
  kind: ToolKind.optional(),
  /** `function`, `extension` or `datastore` (gen_ai.tool.type). */
  toolType: z.string().optional(),
  input: z.unknown().optional(),
  /** The response that asked for the call. */
  responseId: z.string().optional(),
});
export type ToolCallEvent = z.infer<typeof ToolCallEvent>;

/**
 * A tool call finished. Pairs with the `tool.call` of the same `callId`; with no
 * such call (formats that record only the end), the span starts at
 * `time - durationMs`, or is a point in time flagged as such.
 */
export const ToolResultEvent = z.object({
  ...base,
  type: z.literal('tool.result'),
  callId: z.string().min(1),
  name: z.string().optional(),
  kind: ToolKind.optional(),
  success: z.boolean(),
  /** Low-cardinality failure class (`tool_error`, `cancelled`, `exit_code`, `denied`, ...). */
  errorType: z.string().optional(),
  error: z.string().optional(),
  output: z.unknown().optional(),
  /** Duration as the source measured it; overrides the difference of the two times. */
  durationMs: z.number().nonnegative().optional(),
  exitCode: z.number().int().optional(),
  /** Tokens attributable to the call (a source's per-tool figure). */
  usage: TokenUsage.optional(),
});
export type ToolResultEvent = z.infer<typeof ToolResultEvent>;

export const PermissionEvent = z.object({
  ...base,
  type: z.literal('permission'),
  tool: z.string().optional(),
  callId: z.string().optional(),
  description: z.string().optional(),
  granted: z.boolean(),
});
export type PermissionEvent = z.infer<typeof PermissionEvent>;

export const HandoffEvent = z.object({
  ...base,
  type: z.literal('handoff'),
  from: z.string().optional(),
  to: z.string().optional(),
  callId: z.string().optional(),
  content: z.string().optional(),
});
export type HandoffEvent = z.infer<typeof HandoffEvent>;

export const ErrorEvent = z.object({
  ...base,
  type: z.literal('error'),
  message: z.string(),
  errorType: z.string().optional(),
  callId: z.string().optional(),
});
export type ErrorEvent = z.infer<typeof ErrorEvent>;

export const UsageLimitEvent = z.object({
  ...base,
  type: z.literal('usage_limit'),
  phase: z.enum(['hit', 'resumed', 'resume_failed']),
  incidentId: z.string().optional(),
  provider: z.string().optional(),
  scope: z.string().optional(),
  resetAt: z.string().optional(),
  message: z.string().optional(),
  attempt: z.number().int().optional(),
});
export type UsageLimitEvent = z.infer<typeof UsageLimitEvent>;

export const CostEvent = z.object({
  ...base,
  type: z.literal('cost'),
  costUsd: z.number(),
  responseId: z.string().optional(),
});
export type CostEvent = z.infer<typeof CostEvent>;

export const CompactionEvent = z.object({
  ...base,
  type: z.literal('compaction'),
  trigger: z.string().optional(),
  preTokens: z.number().int().nonnegative().optional(),
  content: z.string().optional(),
});
export type CompactionEvent = z.infer<typeof CompactionEvent>;

export const HeartbeatEvent = z.object({
  ...base,
  type: z.literal('heartbeat'),
  intervalSecs: z.number().nonnegative().optional(),
});
export type HeartbeatEvent = z.infer<typeof HeartbeatEvent>;

export const StateChangeEvent = z.object({
  ...base,
  type: z.literal('state.change'),
  key: z.string(),
  value: z.unknown().optional(),
});
export type StateChangeEvent = z.infer<typeof StateChangeEvent>;

/** Anything else the source logs about its own life: hooks, mode changes, status lines, stderr. */
export const LifecycleEvent = z.object({
  ...base,
  type: z.literal('lifecycle'),
  name: z.string(),
  level: z.enum(['debug', 'info', 'warning', 'error']).optional(),
  message: z.string().optional(),
  data: z.unknown().optional(),
});
export type LifecycleEvent = z.infer<typeof LifecycleEvent>;

/** A source record of a kind no adapter knows (yet). Kept as a span event. */
export const UnknownEvent = z.object({
  ...base,
  type: z.literal('unknown'),
  kind: z.string(),
  data: z.unknown().optional(),
});
export type UnknownEvent = z.infer<typeof UnknownEvent>;

export const AgentEvent = z.discriminatedUnion('type', [
  SessionStartEvent,
  SessionEndEvent,
  MessageEvent,
  ReasoningEvent,
  ModelCallEvent,
  ToolCallEvent,
  ToolResultEvent,
  PermissionEvent,
  HandoffEvent,
  ErrorEvent,
  UsageLimitEvent,
  CostEvent,
  CompactionEvent,
  HeartbeatEvent,
  StateChangeEvent,
  LifecycleEvent,
  UnknownEvent,
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventType = AgentEvent['type'];

/** The event of a given `type`. */
export type EventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;
