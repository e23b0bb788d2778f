import { z } from 'zod';

/**
 * Zod schemas of the records in Codex CLI rollout files
 * (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`, `~/.codex/archived_sessions/`).
 *
 * Since Codex 0.4x every line is an envelope `{timestamp, type, payload}` with
 * `type` one of `session_meta`, `response_item`, `event_msg`, `turn_context`,
 * `compacted`. Older rollouts (mid 2025) start with a bare session header
 * `{id, timestamp, instructions, git?}`, then `{"record_type":"state"}` markers
 * and bare response items with neither envelope nor timestamp. All schemas are
 * loose: Codex adds fields in almost every release.
 */

const text = z.string().nullish();
const count = z.number().nonnegative().nullish();

/** The envelope of every line since Codex 0.4x. */
export const RolloutLine = z.looseObject({
  timestamp: z.unknown().optional(),
  type: z.string(),
  payload: z.unknown(),
});
export type RolloutLine = z.infer<typeof RolloutLine>;

export const CodexGitInfo = z.looseObject({
  commit_hash: text,
  branch: text,
  repository_url: text,
});
export type CodexGitInfo = z.infer<typeof CodexGitInfo>;

/**
 * `session_meta` payload, and the bare header line of pre-envelope rollouts
 * (which has `id`, `timestamp`, `instructions`, sometimes `cwd`, `model`, `git`).
 */
export const SessionMetaPayload = z.looseObject({
  id: z.string().min(1),
  timestamp: z.unknown().optional(),
  cwd: text,
  originator: text,
  cli_version: text,
  instructions: text,
  base_instructions: z.union([z.string(), z.looseObject({ text: text })]).nullish(),
  /** `"cli"`, `"vscode"`, `"exec"`, `{"subagent": "review"}`, `{"subagent": {"thread_spawn": {...}}}`, ... */
  source: z.unknown().optional(),
  model_provider: text,
  forked_from_id: text,
  parent_thread_id: text,
  agent_nickname: text,
  agent_role: text,
  agent_path: text,
  git: CodexGitInfo.nullish(),
  /** Only in some pre-envelope headers. */
  model: text,
});
export type SessionMetaPayload = z.infer<typeof SessionMetaPayload>;

/** `source.subagent.thread_spawn` of a sub-agent thread (Codex multi-agent). */
export const ThreadSpawnSource = z.looseObject({
  parent_thread_id: text,
  depth: z.number().nullish(),
  agent_nickname: text,
  agent_role: text,
  agent_path: text,
});
export type ThreadSpawnSource = z.infer<typeof ThreadSpawnSource>;

/** `turn_context`: the only record that names the model. Repeats, and may change. */
export const TurnContextPayload = z.looseObject({
  model: text,
  turn_id: text,
  cwd: text,
});
export type TurnContextPayload = z.infer<typeof TurnContextPayload>;

const ContentPart = z.looseObject({ type: z.string().optional(), text: z.unknown().optional() });

export const MessageItem = z.looseObject({
  type: z.literal('message'),
  role: z.string(),
  id: text,
  content: z.union([z.array(ContentPart), z.string()]).nullish(),
});
export type MessageItem = z.infer<typeof MessageItem>;

export const ReasoningItem = z.looseObject({
  type: z.literal('reasoning'),
  id: text,
  summary: z.array(ContentPart).nullish(),
  content: z.array(ContentPart).nullish(),
});
export type ReasoningItem = z.infer<typeof ReasoningItem>;

export const FunctionCallItem = z.looseObject({
  type: z.literal('function_call'),
  name: z.string().min(1),
  /** A JSON string as the model wrote it (not always valid JSON). */
  arguments: z.unknown().optional(),
  call_id: z.string().min(1),
  id: text,
});
export type FunctionCallItem = z.infer<typeof FunctionCallItem>;

export const CustomToolCallItem = z.looseObject({
  type: z.literal('custom_tool_call'),
  name: z.string().min(1),
  input: z.unknown().optional(),
  call_id: z.string().min(1),
  status: text,
  id: text,
});
export type CustomToolCallItem = z.infer<typeof CustomToolCallItem>;

/** `function_call_output` / `custom_tool_call_output`: a string, or content items. */
export const ToolOutputItem = z.looseObject({
  type: z.string(),
  call_id: z.string().min(1),
  output: z.unknown().optional(),
});
export type ToolOutputItem = z.infer<typeof ToolOutputItem>;

export const LocalShellCallItem = z.looseObject({
  type: z.literal('local_shell_call'),
  id: text,
  call_id: text,
  status: text,
  action: z.unknown().optional(),
});
export type LocalShellCallItem = z.infer<typeof LocalShellCallItem>;

export const WebSearchCallItem = z.looseObject({
  type: z.literal('web_search_call'),
  id: text,
  status: text,
  action: z.unknown().optional(),
});
export type WebSearchCallItem = z.infer<typeof WebSearchCallItem>;

/** `compacted`: the summary that replaced the history. */
export const CompactedPayload = z.looseObject({
  message: text,
  replacement_history: z.array(z.unknown()).nullish(),
});
export type CompactedPayload = z.infer<typeof CompactedPayload>;

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
