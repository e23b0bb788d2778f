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

/** `session_meta` payload; also the bare header of pre-envelope rollouts (`id`, `timestamp`, `instructions`, ...). */
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

/** `function_call_output` / `custom_tool_call_output`: `output` is a string or content items. */
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

/** `compacted`: the summary that replaced the history (`replacement_history` is not converted). */
export const CompactedPayload = z.looseObject({
  message: text,
  replacement_history: z.array(z.unknown()).nullish(),
});
export type CompactedPayload = z.infer<typeof CompactedPayload>;
