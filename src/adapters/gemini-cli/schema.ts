import { z } from 'zod';

/**
 * Gemini CLI chat records (`~/.gemini/tmp/<project hash>/chats/`), as written by
 * gemini-cli's ChatRecordingService. Two layouts share these record shapes:
 * the legacy `session-*.json` (one JSON document, rewritten on every update)
 * and the newer append-only `session-*.jsonl` (a metadata line, then message,
 * `$set` and `$rewindTo` records). Schemas are loose: fields vary by version.
 */

const count = z.number().nonnegative();

/** Usage of one response, copied from the API's usageMetadata. */
export const GeminiTokens = z
  .object({
    /** promptTokenCount: includes the cached tokens. */
    input: count.optional(),
    /** candidatesTokenCount: excludes thoughts. */
    output: count.optional(),
    /** cachedContentTokenCount. */
    cached: count.optional(),
    /** thoughtsTokenCount. */
    thoughts: count.optional(),
    /** toolUsePromptTokenCount: prompt tokens of tool use, not part of `input`. */
    tool: count.optional(),
    total: count.optional(),
  })
  .passthrough();
export type GeminiTokens = z.infer<typeof GeminiTokens>;

export const GeminiThought = z
  .object({
    subject: z.string().optional(),
    description: z.string().optional(),
    timestamp: z.string().optional(),
  })
  .passthrough();
export type GeminiThought = z.infer<typeof GeminiThought>;

/** A tool call, recorded once when it completes (`timestamp` is the completion time). */
export const GeminiToolCall = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    args: z.unknown().optional(),
    result: z.unknown().optional(),
    /** success | error | cancelled (or a scheduler state when the call never finished). */
    status: z.string().optional(),
    timestamp: z.string().optional(),
    resultDisplay: z.unknown().optional(),
    displayName: z.string().optional(),
    description: z.string().optional(),
    /** Set on calls that ran a subagent: the subagent's session id. */
    agentId: z.string().optional(),
  })
  .passthrough();
export type GeminiToolCall = z.infer<typeof GeminiToolCall>;

/** One message: user | gemini | info | error | warning. */
export const GeminiMessage = z
  .object({
    id: z.string().min(1),
    timestamp: z.string().optional(),
    type: z.string(),
    content: z.unknown().optional(),
    displayContent: z.unknown().optional(),
    thoughts: z.array(GeminiThought).nullish(),
    tokens: GeminiTokens.nullish(),
    model: z.string().nullish(),
    toolCalls: z.array(GeminiToolCall).nullish(),
  })
  .passthrough();
export type GeminiMessage = z.infer<typeof GeminiMessage>;

/** Session metadata: the legacy document's top level, or the JSONL file's first line. */
export const GeminiSessionMeta = z
  .object({
    sessionId: z.string().min(1),
    projectHash: z.string(),
    startTime: z.string().optional(),
    lastUpdated: z.string().optional(),
    summary: z.string().optional(),
    kind: z.string().optional(),
    directories: z.array(z.string()).optional(),
  })
  .passthrough();
export type GeminiSessionMeta = z.infer<typeof GeminiSessionMeta>;

/** The legacy single-document session file. Messages are validated one by one. */
export const GeminiLegacyDocument = GeminiSessionMeta.extend({
  messages: z.array(z.unknown()),
});
export type GeminiLegacyDocument = z.infer<typeof GeminiLegacyDocument>;

/** JSONL: `{"$set": {...}}` merges fields into the session metadata (`messages` replaces the history). */
export const GeminiSetRecord = z
  .object({ $set: GeminiSessionMeta.partial().extend({ messages: z.array(z.unknown()).optional() }) })
  .passthrough();
export type GeminiSetRecord = z.infer<typeof GeminiSetRecord>;

/** JSONL: `{"$rewindTo": id}` removes that message and every later one. */
export const GeminiRewindRecord = z.object({ $rewindTo: z.string() }).passthrough();
export type GeminiRewindRecord = z.infer<typeof GeminiRewindRecord>;
