import { z } from 'zod';

/**
 * The event store's records (`SessionEvent` in session/events.rs): one JSON
 * object a line, sessions interleaved, told apart by `session_key`. `kind` is
 * tagged by `type`. Loose: unknown fields pass through.
 */
export const SessionEvent = z.looseObject({
  /** The 32-byte blake2b `EventId`, serialized as an array of bytes. */
  id: z.union([z.array(z.number().int().min(0).max(255)), z.string()]).nullish(),
  session_key: z.string().min(1),
  agent_id: z.string().nullish(),
  timestamp: z.string().nullish(),
  kind: z.looseObject({ type: z.string().min(1) }),
});
export type SessionEvent = z.infer<typeof SessionEvent>;

export const SessionStarted = z.looseObject({ channel: z.string().nullish(), peer_id: z.string().nullish() });
export type SessionStarted = z.infer<typeof SessionStarted>;

export const AttachmentMeta = z.looseObject({
  kind: z.string().nullish(),
  mime_type: z.string().nullish(),
  size: z.number().nullish(),
});
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

export const MessageReceived = z.looseObject({
  content: z.string().nullish(),
  attachments: z.array(AttachmentMeta).nullish(),
});
export type MessageReceived = z.infer<typeof MessageReceived>;

export const MessageSent = z.looseObject({ content: z.string().nullish(), message_id: z.string().nullish() });
export type MessageSent = z.infer<typeof MessageSent>;

export const ToolCalled = z.looseObject({ tool_name: z.string().min(1), params: z.unknown().optional() });
export type ToolCalled = z.infer<typeof ToolCalled>;

export const ToolResult = z.looseObject({
  tool_name: z.string().min(1),
  result: z.unknown().optional(),
  success: z.boolean().nullish(),
});
export type ToolResult = z.infer<typeof ToolResult>;

/** `TokenUsage` is not in the seed: any object of counts, read by `usage.ts`. */
export const AgentResponse = z.looseObject({
  content: z.string().nullish(),
  model: z.string().nullish(),
  tokens: z.record(z.string(), z.unknown()).nullish(),
});
export type AgentResponse = z.infer<typeof AgentResponse>;

export const SessionEnded = z.looseObject({ reason: z.string().nullish() });
export type SessionEnded = z.infer<typeof SessionEnded>;

export const StateChanged = z.looseObject({ key: z.string().min(1), value: z.unknown().optional() });
export type StateChanged = z.infer<typeof StateChanged>;
