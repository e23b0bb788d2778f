import { z } from 'zod';

/**
 * Kimi Code wire records (`~/.kimi-code/sessions/wd_<slug>_<hash>/session_<id>/agents/<agent
 * id>/wire.jsonl`): a `metadata` header, then one flat record a line with `type` and `time`
 * (epoch milliseconds). Loose schemas: the agent adds record kinds and fields often.
 */

const num = z.number().nonnegative();

export const WireRecord = z.looseObject({
  type: z.string().min(1),
  time: num.optional(),
  agentId: z.string().optional(),
});
export type WireRecord = z.infer<typeof WireRecord>;

export const Metadata = z.looseObject({
  protocol_version: z.string().optional(),
  created_at: num.optional(),
});

const Origin = z.looseObject({ kind: z.string().optional(), name: z.string().optional() });

/** `turn.prompt` and `turn.steer`: what the user (or the launching agent) typed. */
export const TurnInput = z.looseObject({
  input: z.array(z.unknown()).optional(),
  origin: Origin.optional(),
});

/** `turn.ended`: `completed`, `cancelled`, `failed` or `blocked`. */
export const TurnEnded = z.looseObject({
  turnId: z.union([z.string(), z.number()]).optional(),
  reason: z.string().optional(),
  durationMs: num.optional(),
});

/** Token usage of one model call. `inputOther` excludes the cached tokens. */
export const KimiUsage = z.looseObject({
  inputOther: z.unknown().optional(),
  output: z.unknown().optional(),
  inputCacheRead: z.unknown().optional(),
  inputCacheCreation: z.unknown().optional(),
});
export type KimiUsage = z.infer<typeof KimiUsage>;

/** One request to the model; `attempt` (`"2/10"`) on a retry. */
export const LlmRequest = z.looseObject({
  kind: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  modelAlias: z.string().optional(),
  attempt: z.string().optional(),
});

/** Usage of one model call: `turn` for a loop step (the step's `step.end` has it too), `session` for any other. */
export const UsageRecord = z.looseObject({
  model: z.string().optional(),
  usage: KimiUsage,
  usageScope: z.string().optional(),
});

export const ApprovalResult = z.looseObject({
  toolCallId: z.string().optional(),
  toolName: z.string().optional(),
  action: z.string().optional(),
  result: z.looseObject({ decision: z.string(), scope: z.string().optional() }),
});

export const Compaction = z.looseObject({
  summary: z.unknown().optional(),
  contextSummary: z.string().optional(),
  tokensBefore: z.unknown().optional(),
});

/** `config.update` and `profile.bind`: model, profile (the subagent type) and working folder. */
export const ProfileFields = z.looseObject({
  modelAlias: z.string().optional(),
  profileName: z.string().optional(),
  cwd: z.string().optional(),
  environmentDisclosure: z.looseObject({ cwd: z.string().optional() }).optional(),
});

export const PermissionMode = z.looseObject({ mode: z.string() });

/** `context.append_loop_event`: one step of the agent loop, in `event`. */
export const LoopEnvelope = z.looseObject({ event: z.looseObject({ type: z.string().min(1) }) });

export const StepBegin = z.looseObject({
  uuid: z.string().min(1),
  turnId: z.union([z.string(), z.number()]).optional(),
  step: z.number().optional(),
});

export const StepEnd = z.looseObject({
  uuid: z.string().min(1),
  finishReason: z.string().optional(),
  usage: KimiUsage.optional(),
  llmFirstTokenLatencyMs: num.optional(),
  messageId: z.string().optional(),
});

export const ContentPart = z.looseObject({
  stepUuid: z.string().optional(),
  part: z.looseObject({ type: z.string(), text: z.string().optional(), think: z.string().optional() }),
});

export const ToolCall = z.looseObject({
  stepUuid: z.string().optional(),
  toolCallId: z.string().min(1),
  name: z.string().min(1),
  args: z.unknown().optional(),
});

export const ToolResult = z.looseObject({
  toolCallId: z.string().min(1),
  result: z.looseObject({
    output: z.unknown().optional(),
    isError: z.boolean().optional(),
    note: z.string().optional(),
  }),
});
export type ToolResult = z.infer<typeof ToolResult>;

const AgentEntry = z.looseObject({
  type: z.string().optional(),
  parentAgentId: z.string().nullish(),
  labels: z.record(z.string(), z.unknown()).optional(),
});

/** The session's `state.json`: its agents, how they descend from each other, title and folder. */
export const SessionState = z.looseObject({
  id: z.string().optional(),
  title: z.string().optional(),
  workDir: z.string().optional(),
  cwd: z.string().optional(),
  agents: z.record(z.string(), AgentEntry).optional(),
});
export type SessionState = z.infer<typeof SessionState>;
