import { z } from 'zod';

/**
 * kaizen's records (core/event.rs). The seed fixes no on-disk layout; this
 * adapter reads `<session_id>/events.jsonl` (one `Event` a line) next to
 * `<session_id>/session.json` (the `SessionRecord`). `Option` fields serialize
 * as null; unknown fields pass through.
 */

const count = z.number().int().nonnegative().nullish();

export const KaizenEvent = z.looseObject({
  session_id: z.string().min(1),
  seq: z.number().int().nonnegative().nullish(),
  ts_ms: z.number().nonnegative().nullish(),
  ts_exact: z.boolean().nullish(),
  /** ToolCall, ToolResult, Message, Error, Cost, Hook, Lifecycle (or newer kinds). */
  kind: z.string().min(1),
  /** Tail, Hook, Proxy. */
  source: z.string().nullish(),
  tool: z.string().nullish(),
  tool_call_id: z.string().nullish(),
  tokens_in: count,
  tokens_out: count,
  reasoning_tokens: count,
  cost_usd_e6: z.number().int().nullish(),
  stop_reason: z.string().nullish(),
  latency_ms: count,
  ttft_ms: count,
  retry_count: count,
  context_used_tokens: count,
  context_max_tokens: count,
  cache_creation_tokens: count,
  cache_read_tokens: count,
  system_prompt_tokens: count,
  payload: z.unknown().optional(),
});
export type KaizenEvent = z.infer<typeof KaizenEvent>;

export const KaizenSessionRecord = z.looseObject({
  id: z.string().min(1),
  agent: z.string().nullish(),
  model: z.string().nullish(),
  workspace: z.string().nullish(),
  started_at_ms: z.number().nonnegative().nullish(),
  ended_at_ms: z.number().nonnegative().nullish(),
  /** Running, Waiting, Idle, Done. */
  status: z.string().nullish(),
  trace_path: z.string().nullish(),
  start_commit: z.string().nullish(),
  end_commit: z.string().nullish(),
  branch: z.string().nullish(),
  dirty_start: z.boolean().nullish(),
  dirty_end: z.boolean().nullish(),
  repo_binding_source: z.string().nullish(),
  prompt_fingerprint: z.string().nullish(),
  parent_session_id: z.string().nullish(),
  agent_version: z.string().nullish(),
  os: z.string().nullish(),
  arch: z.string().nullish(),
  repo_file_count: z.number().int().nonnegative().nullish(),
  repo_total_loc: z.number().int().nonnegative().nullish(),
});
export type KaizenSessionRecord = z.infer<typeof KaizenSessionRecord>;
