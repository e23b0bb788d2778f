import { z } from 'zod';

/**
 * Zod schemas of the `event_msg` payloads a rollout records (loose: Codex adds
 * fields often). Their `type` picks the schema; see `event-msgs.ts`.
 */

const text = z.string().nullish();
const count = z.number().nonnegative().nullish();

export const TokenCounts = z.looseObject({
  input_tokens: count,
  cached_input_tokens: count,
  output_tokens: count,
  reasoning_output_tokens: count,
  total_tokens: count,
});
export type TokenCounts = z.infer<typeof TokenCounts>;

/** `event_msg` `token_count`: session totals and the last response's usage, repeated freely. */
export const TokenCountPayload = z.looseObject({
  info: z
    .looseObject({
      total_token_usage: TokenCounts.nullish(),
      last_token_usage: TokenCounts.nullish(),
      model_context_window: count,
    })
    .nullish(),
});
export type TokenCountPayload = z.infer<typeof TokenCountPayload>;

/** `task_started` / `turn_started` / `task_complete` / `turn_complete` / `turn_aborted`. */
export const TurnEventPayload = z.looseObject({
  turn_id: text,
  model_context_window: count,
  reason: text,
});
export type TurnEventPayload = z.infer<typeof TurnEventPayload>;

/** `exec_command_end` (persisted by some versions): exit code and measured duration. */
export const ExecCommandEndPayload = z.looseObject({
  call_id: z.string().min(1),
  exit_code: z.number().int().nullish(),
  duration: z.unknown().optional(),
  aggregated_output: text,
  formatted_output: text,
  command: z.unknown().optional(),
  source: z.unknown().optional(),
});
export type ExecCommandEndPayload = z.infer<typeof ExecCommandEndPayload>;

/** `mcp_tool_call_end`: `result` is `{"Ok": CallToolResult}` or `{"Err": "..."}`. */
export const McpToolCallEndPayload = z.looseObject({
  call_id: z.string().min(1),
  duration: z.unknown().optional(),
  result: z.unknown().optional(),
});
export type McpToolCallEndPayload = z.infer<typeof McpToolCallEndPayload>;

export const PatchApplyEndPayload = z.looseObject({
  call_id: z.string().min(1),
  success: z.boolean().nullish(),
});
export type PatchApplyEndPayload = z.infer<typeof PatchApplyEndPayload>;

/** `collab_agent_spawn_end`: which thread a `spawn_agent` call created. */
export const CollabSpawnEndPayload = z.looseObject({
  call_id: text,
  sender_thread_id: text,
  new_thread_id: text,
  new_agent_nickname: text,
  new_agent_role: text,
  prompt: text,
});
export type CollabSpawnEndPayload = z.infer<typeof CollabSpawnEndPayload>;

export const ErrorPayload = z.looseObject({
  message: text,
  codex_error_info: z.unknown().optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;
