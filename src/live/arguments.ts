import { z } from 'zod';
import { ModelCallEvent, SessionEndEvent, ToolCallEvent, ToolResultEvent } from '../model/events.js';
import { SessionMeta } from '../model/session.js';
import { argument } from './check-fields.js';

/**
 * What each live API call accepts, field by field, taken from the canonical
 * model (src/model) so that an argument that passes makes a valid event.
 * Errors (`string | Error`) are read apart, by `errorText`.
 */

/** A session attribute: a string, a number within ±2^53, a boolean, or an array of them. */
const Primitive = z.union([z.string(), z.number().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), z.boolean()]);
const AttributeValue = z.union([Primitive, z.array(Primitive)]);

/** startSession: the session's meta, its id and its agent. */
export const SessionOptionsArgument = argument({
  ...SessionMeta.shape,
  attributes: z.record(z.string(), AttributeValue).optional(),
  agent: SessionMeta.shape.agent.optional(),
  sessionId: z.string().min(1).optional(),
});

/** session.end */
export const SessionEndArgument = argument({
  outcome: SessionEndEvent.shape.outcome.optional(),
  reason: SessionEndEvent.shape.reason,
  error: z.unknown(),
  reportedUsage: SessionEndEvent.shape.reportedUsage,
  reportedCostUsd: SessionEndEvent.shape.reportedCostUsd,
});

/** startModelCall */
export const ModelCallOptionsArgument = argument({
  model: ModelCallEvent.shape.requestModel,
  provider: ModelCallEvent.shape.provider,
});

/** The end of a model call: every field of the event but its times and identity, `error` read apart. */
export const ModelCallEndArgument = argument({
  ...ModelCallEvent.pick({
    responseId: true,
    responseModel: true,
    usage: true,
    finishReasons: true,
    costUsd: true,
    timeToFirstTokenMs: true,
    retries: true,
    contextUsed: true,
    contextMax: true,
    content: true,
  }).shape,
  error: z.unknown(),
});

/** startToolCall's options. */
export const ToolCallOptionsArgument = argument({
  callId: ToolCallEvent.shape.callId.optional(),
  kind: ToolCallEvent.shape.kind,
  responseId: ToolCallEvent.shape.responseId,
});

/** The end of a tool call. */
export const ToolCallEndArgument = argument({
  success: ToolResultEvent.shape.success.optional(),
  output: ToolResultEvent.shape.output,
  error: z.unknown(),
  errorType: ToolResultEvent.shape.errorType,
  exitCode: ToolResultEvent.shape.exitCode,
  durationMs: ToolResultEvent.shape.durationMs,
});

/** A tool's name: required by the event; a bad one is recorded as `unknown`. */
export const ToolName = ToolCallEvent.shape.name;
/** Text that may be left out (message and reasoning content, ids, error types). */
export const OptionalText = z.string().optional();
