import { z } from 'zod';

/**
 * OpenCode's stored session data, as defined by `session/message-v2.ts` and
 * `session/session.sql.ts` in the OpenCode sources. The same JSON objects are
 * stored either as files (`storage/session/<projectID>/<id>.json`,
 * `storage/message/<sessionID>/<id>.json`, `storage/part/<messageID>/<id>.json`)
 * or, in newer versions, as the `data` column of the `message` and `part`
 * tables of `opencode.db` (without their id fields, which are columns there).
 * Times are epoch milliseconds. Loose schemas: fields change between versions.
 */

const num = z.number();
const loose = <T extends z.ZodRawShape>(shape: T) => z.object(shape).passthrough();

export const OpenCodeSession = loose({
  id: z.string().min(1),
  projectID: z.string().optional(),
  /** Set on child sessions: the session whose `task` tool call created this one (a subagent). */
  parentID: z.string().nullish(),
  slug: z.string().optional(),
  title: z.string().optional(),
  /** OpenCode version that created the session. */
  version: z.string().optional(),
  directory: z.string().optional(),
  time: loose({ created: num.optional(), updated: num.optional() }).optional(),
});
export type OpenCodeSession = z.infer<typeof OpenCodeSession>;

/**
 * Tokens of one step or message. `input` EXCLUDES the cache: OpenCode
 * subtracts `cache.read` and `cache.write` from the provider's input count
 * (`Session.getUsage`), so `inputIncludesCache` is false.
 */
export const OpenCodeTokens = loose({
  total: num.nullish(),
  input: num.optional(),
  output: num.optional(),
  reasoning: num.optional(),
  cache: loose({ read: num.optional(), write: num.optional() }).optional(),
});
export type OpenCodeTokens = z.infer<typeof OpenCodeTokens>;

export const OpenCodeMessage = loose({
  id: z.string().min(1),
  sessionID: z.string().optional(),
  role: z.string(),
  time: loose({ created: num.optional(), completed: num.nullish() }).optional(),
  /** Assistant: the model that answered. */
  modelID: z.string().optional(),
  providerID: z.string().optional(),
  /** User: the model asked for. */
  model: loose({ providerID: z.string().optional(), modelID: z.string().optional() }).optional(),
  agent: z.string().optional(),
  mode: z.string().optional(),
  path: loose({ cwd: z.string().optional(), root: z.string().optional() }).optional(),
  /** Assistant: tokens of the LAST step (each step overwrites them). */
  tokens: OpenCodeTokens.optional(),
  /** Assistant: USD, summed over the steps. */
  cost: num.optional(),
  error: loose({ name: z.string().optional(), data: z.unknown().optional() }).optional(),
  finish: z.string().optional(),
});
export type OpenCodeMessage = z.infer<typeof OpenCodeMessage>;

export const OpenCodeToolState = loose({
  /** pending | running | completed | error */
  status: z.string(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: z.string().optional(),
  title: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  time: loose({ start: num.optional(), end: num.optional(), compacted: num.optional() }).optional(),
});
export type OpenCodeToolState = z.infer<typeof OpenCodeToolState>;

/** A part of a message: text | reasoning | tool | step-start | step-finish | patch | file | ... */
export const OpenCodePart = loose({
  id: z.string().min(1),
  messageID: z.string().optional(),
  sessionID: z.string().optional(),
  type: z.string(),
  text: z.string().optional(),
  synthetic: z.boolean().optional(),
  time: loose({ start: num.optional(), end: num.optional(), created: num.optional() }).optional(),
  /** tool parts */
  callID: z.string().optional(),
  tool: z.string().optional(),
  state: OpenCodeToolState.optional(),
  /** step-finish parts: one model response */
  reason: z.string().optional(),
  cost: num.optional(),
  tokens: OpenCodeTokens.optional(),
  /** patch parts */
  files: z.array(z.string()).optional(),
  /** retry parts */
  attempt: num.optional(),
  error: z.unknown().optional(),
  /** compaction parts */
  auto: z.boolean().optional(),
});
export type OpenCodePart = z.infer<typeof OpenCodePart>;
