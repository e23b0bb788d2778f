import { z } from 'zod';

/**
 * zag's session log records (`AgentLogEvent` in zag's session_log.rs): one JSON
 * object a line in `sessions/<wrapper_session_id>.jsonl`, the event kind
 * (`LogEventKind`) flattened into the line and tagged by `type`. Schemas are
 * loose: unknown fields pass through, `Option` fields may be null or absent.
 */

const text = z.string().nullish();
const count = z.number().int().nonnegative();

/** The fields every line has, whatever its kind. */
export const ZagLine = z.looseObject({
  seq: z.number().int().nonnegative().optional(),
  ts: z.string().optional(),
  provider: z.string().optional(),
  wrapper_session_id: z.string().min(1),
  provider_session_id: text,
  source_kind: text,
  completeness: text,
  type: z.string().min(1),
});
export type ZagLine = z.infer<typeof ZagLine>;

export const ZagSessionStarted = z.looseObject({
  command: text,
  model: text,
  cwd: text,
  resumed: z.boolean().nullish(),
  backfilled: z.boolean().nullish(),
});
export type ZagSessionStarted = z.infer<typeof ZagSessionStarted>;

export const ZagMessage = z.looseObject({
  role: text,
  content: z.string().nullish(),
  message_id: text,
});
export type ZagMessage = z.infer<typeof ZagMessage>;

export const ZagToolCall = z.looseObject({
  tool_name: z.string().min(1),
  tool_kind: text,
  tool_id: text,
  input: z.unknown().optional(),
});
export type ZagToolCall = z.infer<typeof ZagToolCall>;

export const ZagToolResult = z.looseObject({
  tool_name: text,
  tool_kind: text,
  tool_id: text,
  success: z.boolean().nullish(),
  output: text,
  error: text,
  data: z.unknown().optional(),
});
export type ZagToolResult = z.infer<typeof ZagToolResult>;

export const ZagPermission = z.looseObject({
  tool_name: text,
  description: text,
  granted: z.boolean(),
});
export type ZagPermission = z.infer<typeof ZagPermission>;

export const ZagUsage = z.looseObject({
  input_tokens: count.nullish(),
  output_tokens: count.nullish(),
  cache_read_tokens: count.nullish(),
  cache_creation_tokens: count.nullish(),
  total_cost_usd: z.number().nonnegative().nullish(),
});
export type ZagUsage = z.infer<typeof ZagUsage>;

export const ZagSessionEnded = z.looseObject({
  success: z.boolean(),
  error: text,
});
export type ZagSessionEnded = z.infer<typeof ZagSessionEnded>;

export const ZagUsageLimitHit = z.looseObject({
  provider: text,
  scope: text,
  reset_at: text,
  scheduled_resume_at: text,
  fallback_used: z.boolean().nullish(),
  incident_id: text,
  raw: text,
});
export type ZagUsageLimitHit = z.infer<typeof ZagUsageLimitHit>;

export const ZagUsageLimitResumed = z.looseObject({
  incident_id: text,
  resume_message: text,
  error: text,
  attempt: z.number().int().nullish(),
});
export type ZagUsageLimitResumed = z.infer<typeof ZagUsageLimitResumed>;

/** `provider_status`, `stderr`, `parse_warning`, `user_event`, `session_result`, `session_cleared`. */
export const ZagNotice = z.looseObject({
  message: text,
  level: text,
  data: z.unknown().optional(),
  raw: text,
  result: text,
  old_session_id: text,
  new_session_id: text,
});
export type ZagNotice = z.infer<typeof ZagNotice>;

export const ZagHeartbeat = z.looseObject({
  interval_secs: z.number().nonnegative().nullish(),
});
export type ZagHeartbeat = z.infer<typeof ZagHeartbeat>;

/** One entry of `index.json` (`SessionLogIndexEntry`). */
export const ZagIndexEntry = z.looseObject({
  wrapper_session_id: z.string().min(1),
  provider: text,
  provider_session_id: text,
  log_path: text,
  completeness: text,
  started_at: text,
  ended_at: text,
  workspace_path: text,
  command: text,
  source_paths: z.array(z.string()).nullish(),
  backfilled: z.boolean().nullish(),
});
export type ZagIndexEntry = z.infer<typeof ZagIndexEntry>;

/** `index.json` next to the `sessions/` folder (`SessionLogIndex`). */
export const ZagIndex = z.looseObject({
  sessions: z.array(z.unknown()),
});
export type ZagIndex = z.infer<typeof ZagIndex>;
