import { z } from 'zod';

/**
 * GitHub Copilot CLI session events (`~/.copilot/session-state/<session
 * id>/events.jsonl`), as typed by the Copilot SDK's generated
 * `session-events.ts`. Every line is an envelope; `data` depends on `type`.
 * Loose schemas: the CLI adds fields often.
 */

export const CopilotEnvelope = z
  .object({
    type: z.string().min(1),
    data: z.unknown().optional(),
    /** UUID of the event. */
    id: z.string().optional(),
    timestamp: z.string().optional(),
    /** The chronologically preceding event (a chain, not a tree). */
    parentId: z.string().nullish(),
    /** Sub-agent instance; absent for the main agent's and session-level events. */
    agentId: z.string().optional(),
    ephemeral: z.boolean().optional(),
  })
  .passthrough();
export type CopilotEnvelope = z.infer<typeof CopilotEnvelope>;

const loose = <T extends z.ZodRawShape>(shape: T) => z.object(shape).passthrough();
const num = z.number().nonnegative();

export const WorkingDirectoryContext = loose({
  cwd: z.string().optional(),
  gitRoot: z.string().optional(),
  branch: z.string().optional(),
  headCommit: z.string().optional(),
  baseCommit: z.string().optional(),
  repository: z.string().optional(),
});
export type WorkingDirectoryContext = z.infer<typeof WorkingDirectoryContext>;

export const StartData = loose({
  sessionId: z.string().min(1),
  copilotVersion: z.string().optional(),
  producer: z.string().optional(),
  startTime: z.string().optional(),
  selectedModel: z.string().optional(),
  reasoningEffort: z.string().nullish(),
  context: WorkingDirectoryContext.optional(),
});
export type StartData = z.infer<typeof StartData>;

export const UserMessageData = loose({
  content: z.string().optional(),
  transformedContent: z.string().optional(),
  source: z.string().optional(),
  interactionId: z.string().optional(),
});
export type UserMessageData = z.infer<typeof UserMessageData>;

export const ToolRequest = loose({
  toolCallId: z.string().min(1),
  name: z.string().min(1),
  arguments: z.unknown().optional(),
  type: z.string().optional(),
});
export type ToolRequest = z.infer<typeof ToolRequest>;

export const AssistantMessageData = loose({
  messageId: z.string().optional(),
  content: z.string().optional(),
  toolRequests: z.array(ToolRequest).optional(),
  model: z.string().optional(),
  /** completion_tokens of the response. */
  outputTokens: num.optional(),
  /** x-github-request-id; the `providerCallId` of the matching assistant.usage. */
  requestId: z.string().optional(),
  /** The provider's completion id; also on the matching assistant.usage. */
  apiCallId: z.string().optional(),
  reasoningText: z.string().optional(),
  parentToolCallId: z.string().optional(),
});
export type AssistantMessageData = z.infer<typeof AssistantMessageData>;

/** One API call's usage (ephemeral in recent CLIs, so often absent on disk). */
export const AssistantUsageData = loose({
  model: z.string().optional(),
  inputTokens: num.optional(),
  outputTokens: num.optional(),
  cacheReadTokens: num.optional(),
  cacheWriteTokens: num.optional(),
  reasoningTokens: num.optional(),
  /** Billing multiplier (premium requests), not money. */
  cost: z.number().optional(),
  duration: num.optional(),
  ttftMs: num.optional(),
  apiCallId: z.string().optional(),
  providerCallId: z.string().optional(),
  initiator: z.string().optional(),
  parentToolCallId: z.string().optional(),
});
export type AssistantUsageData = z.infer<typeof AssistantUsageData>;

export const ToolExecutionStartData = loose({
  toolCallId: z.string().min(1),
  toolName: z.string().min(1),
  arguments: z.unknown().optional(),
  mcpServerName: z.string().optional(),
  parentToolCallId: z.string().optional(),
});
export type ToolExecutionStartData = z.infer<typeof ToolExecutionStartData>;

export const ToolExecutionCompleteData = loose({
  toolCallId: z.string().min(1),
  success: z.boolean(),
  result: z.unknown().optional(),
  error: z.union([z.string(), loose({ message: z.string().optional(), code: z.string().optional() })]).optional(),
  model: z.string().optional(),
  parentToolCallId: z.string().optional(),
});
export type ToolExecutionCompleteData = z.infer<typeof ToolExecutionCompleteData>;

export const ModelMetric = loose({
  requests: loose({ count: num.optional(), cost: z.number().optional() }).optional(),
  usage: loose({
    inputTokens: num.optional(),
    outputTokens: num.optional(),
    cacheReadTokens: num.optional(),
    cacheWriteTokens: num.optional(),
    reasoningTokens: num.optional(),
  }).optional(),
});
export type ModelMetric = z.infer<typeof ModelMetric>;

export const ShutdownData = loose({
  shutdownType: z.string().optional(),
  errorReason: z.string().optional(),
  modelMetrics: z.record(z.string(), ModelMetric).optional(),
  totalPremiumRequests: z.number().optional(),
  totalApiDurationMs: z.number().optional(),
  totalNanoAiu: z.number().optional(),
  currentModel: z.string().optional(),
  codeChanges: z.unknown().optional(),
});
export type ShutdownData = z.infer<typeof ShutdownData>;

export const SubagentData = loose({
  toolCallId: z.string().optional(),
  agentName: z.string().optional(),
  agentDisplayName: z.string().optional(),
  error: z.string().optional(),
});
export type SubagentData = z.infer<typeof SubagentData>;

export const PermissionRequestedData = loose({
  requestId: z.string(),
  permissionRequest: loose({ kind: z.string().optional(), toolCallId: z.string().optional() }).optional(),
});
export type PermissionRequestedData = z.infer<typeof PermissionRequestedData>;

export const PermissionCompletedData = loose({
  requestId: z.string(),
  result: loose({ kind: z.string() }).optional(),
});
export type PermissionCompletedData = z.infer<typeof PermissionCompletedData>;

/** Data of the many small records: errors, notices, mode and model changes, compaction... */
export const MiscData = loose({
  message: z.string().optional(),
  errorType: z.string().optional(),
  infoType: z.string().optional(),
  warningType: z.string().optional(),
  newModel: z.string().optional(),
  newMode: z.string().optional(),
  title: z.string().optional(),
  reason: z.string().optional(),
  content: z.string().optional(),
  role: z.string().optional(),
  success: z.boolean().optional(),
  error: z.string().optional(),
  preCompactionTokens: num.optional(),
  preTruncationTokensInMessages: num.optional(),
  summaryContent: z.string().optional(),
});
export type MiscData = z.infer<typeof MiscData>;
