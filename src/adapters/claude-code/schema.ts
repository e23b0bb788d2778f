import { z } from 'zod';

/**
 * Claude Code transcript records (`~/.claude/projects/<project>/<session>.jsonl`
 * and its subagent files), one JSON object per line. The format changes often
 * between versions, so every schema is loose: only the fields this adapter reads
 * are named, everything else passes through.
 */

/** Token counts and other figures: any number is accepted here; consumers keep only sound values. */
const count = z.number();

/** Anthropic usage: input excludes cache reads and cache writes. */
export const ClaudeUsage = z
  .object({
    input_tokens: count.nullish(),
    output_tokens: count.nullish(),
    cache_read_input_tokens: count.nullish(),
    cache_creation_input_tokens: count.nullish(),
    /** How the cache writes split between the 5-minute and the 1-hour cache (Claude Code 1.0.80 and later). */
    cache_creation: z.object({ ephemeral_1h_input_tokens: count.nullish() }).passthrough().nullish(),
  })
  .passthrough();
export type ClaudeUsage = z.infer<typeof ClaudeUsage>;

/** A content block of a message: narrowed further by the block schemas below. */
export const ClaudeBlock = z.object({ type: z.string() }).passthrough();
export type ClaudeBlock = z.infer<typeof ClaudeBlock>;

export const ClaudeTextBlock = z.object({ type: z.literal('text'), text: z.string() }).passthrough();
export type ClaudeTextBlock = z.infer<typeof ClaudeTextBlock>;

export const ClaudeThinkingBlock = z
  .object({ type: z.enum(['thinking', 'redacted_thinking']), thinking: z.string().optional() })
  .passthrough();
export type ClaudeThinkingBlock = z.infer<typeof ClaudeThinkingBlock>;

/** `tool_use` (client tools) and `server_tool_use` (web search run by the API). */
export const ClaudeToolUseBlock = z
  .object({
    type: z.enum(['tool_use', 'server_tool_use']),
    id: z.string().min(1),
    name: z.string().min(1),
    input: z.unknown().optional(),
  })
  .passthrough();
export type ClaudeToolUseBlock = z.infer<typeof ClaudeToolUseBlock>;

/** A tool's result: in a user record (`tool_result`) or, for server tools, in the response itself. */
export const ClaudeToolResultBlock = z
  .object({
    type: z.string(),
    tool_use_id: z.string().min(1),
    content: z.unknown().optional(),
    is_error: z.boolean().nullish(),
  })
  .passthrough();
export type ClaudeToolResultBlock = z.infer<typeof ClaudeToolResultBlock>;

/** Message content: a string, or blocks (validated one by one so one bad block loses only itself). */
const content = z.union([z.string(), z.array(z.unknown())]);

/** Fields shared by the conversation records (user, assistant, system, progress). */
const conversation = {
  uuid: z.string().optional(),
  parentUuid: z.string().nullish(),
  sessionId: z.string().optional(),
  timestamp: z.string().optional(),
  isSidechain: z.boolean().optional(),
  agentId: z.string().optional(),
  version: z.string().optional(),
  cwd: z.string().optional(),
  gitBranch: z.string().optional(),
};

export const ClaudeUserRecord = z
  .object({
    ...conversation,
    type: z.literal('user'),
    message: z.object({ role: z.string().optional(), content }).passthrough(),
    /** The tool's own structured result (object), or its error text (string). */
    toolUseResult: z.unknown().optional(),
    /** Text injected by Claude Code itself (caveats, reminders), not typed by the user. */
    isMeta: z.boolean().optional(),
    /** The summary that opens the context after a compaction. */
    isCompactSummary: z.boolean().optional(),
  })
  .passthrough();
export type ClaudeUserRecord = z.infer<typeof ClaudeUserRecord>;

/** One content block of an API response (a response spans several of these lines). */
export const ClaudeAssistantRecord = z
  .object({
    ...conversation,
    type: z.literal('assistant'),
    requestId: z.string().optional(),
    message: z
      .object({
        id: z.string().optional(),
        model: z.string().optional(),
        content,
        stop_reason: z.string().nullish(),
        usage: ClaudeUsage.nullish(),
      })
      .passthrough(),
    /** A message Claude Code wrote itself after a failed API call (model `<synthetic>`). */
    isApiErrorMessage: z.boolean().optional(),
    error: z.unknown().optional(),
  })
  .passthrough();
export type ClaudeAssistantRecord = z.infer<typeof ClaudeAssistantRecord>;

export const ClaudeSystemRecord = z
  .object({
    ...conversation,
    type: z.literal('system'),
    subtype: z.string().optional(),
    level: z.string().optional(),
    content: z.unknown().optional(),
    compactMetadata: z
      .object({ trigger: z.string().optional(), preTokens: count.optional() })
      .passthrough()
      .optional(),
    error: z.unknown().optional(),
    durationMs: count.optional(),
    retryAttempt: count.optional(),
    hookCount: count.optional(),
    hookErrors: z.array(z.unknown()).optional(),
  })
  .passthrough();
export type ClaudeSystemRecord = z.infer<typeof ClaudeSystemRecord>;

/** The inner record of an `agent_progress` progress record: one subagent transcript line. */
export const ClaudeProgressMessage = z
  .object({
    type: z.string(),
    uuid: z.string().optional(),
    timestamp: z.string().optional(),
    message: z.unknown().optional(),
  })
  .passthrough();
export type ClaudeProgressMessage = z.infer<typeof ClaudeProgressMessage>;

export const ClaudeProgressRecord = z
  .object({
    ...conversation,
    type: z.literal('progress'),
    data: z
      .object({
        type: z.string(),
        agentId: z.string().optional(),
        message: ClaudeProgressMessage.optional(),
        hookEvent: z.string().optional(),
        hookName: z.string().optional(),
      })
      .passthrough(),
    toolUseID: z.string().optional(),
    parentToolUseID: z.string().optional(),
  })
  .passthrough();
export type ClaudeProgressRecord = z.infer<typeof ClaudeProgressRecord>;

/** A conversation title, pointing at the last message (`leafUuid`) of the conversation it names. */
export const ClaudeSummaryRecord = z
  .object({ type: z.literal('summary'), summary: z.string(), leafUuid: z.string().optional() })
  .passthrough();
export type ClaudeSummaryRecord = z.infer<typeof ClaudeSummaryRecord>;

export const ClaudeCustomTitleRecord = z
  .object({ type: z.literal('custom-title'), customTitle: z.string(), sessionId: z.string().optional() })
  .passthrough();
export type ClaudeCustomTitleRecord = z.infer<typeof ClaudeCustomTitleRecord>;

/** Backups of edited files for undo: UI state, no timestamp of its own outside `snapshot`. */
export const ClaudeSnapshotRecord = z
  .object({
    type: z.literal('file-history-snapshot'),
    messageId: z.string().optional(),
    isSnapshotUpdate: z.boolean().optional(),
    snapshot: z
      .object({ timestamp: z.string().optional(), trackedFileBackups: z.record(z.string(), z.unknown()).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type ClaudeSnapshotRecord = z.infer<typeof ClaudeSnapshotRecord>;

/** Prompts typed while the agent was busy (enqueue, dequeue, remove, popAll). */
export const ClaudeQueueRecord = z
  .object({ type: z.literal('queue-operation'), operation: z.string(), timestamp: z.string().optional(), sessionId: z.string().optional() })
  .passthrough();
export type ClaudeQueueRecord = z.infer<typeof ClaudeQueueRecord>;

/** `<session>/subagents/agent-<id>.meta.json`. */
export const ClaudeAgentMeta = z
  .object({ agentType: z.string().optional(), description: z.string().optional(), parentAgentId: z.string().optional() })
  .passthrough();
export type ClaudeAgentMeta = z.infer<typeof ClaudeAgentMeta>;

/** The record kinds of the format, for detection. */
export const CLAUDE_RECORD_TYPES: ReadonlySet<string> = new Set(
  ['user', 'assistant', 'system', 'summary', 'progress', 'file-history-snapshot', 'queue-operation', 'attachment', 'custom-title'],
);
