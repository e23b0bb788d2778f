import { z } from 'zod';

/**
 * codetether's chat event stream (`ChatEvent` in event_stream/mod.rs): one JSON
 * object a line in rotated files
 * `<YYYYMMDDTHHMMSSZ>-chat-events-<start:020>-<end:020>.jsonl`. Optional
 * fields are left out when empty (`skip_serializing_if`), so all are optional
 * here; unknown fields pass through.
 */
export const ChatEvent = z.looseObject({
  recorded_at: z.string().optional(),
  workspace: z.string().nullish(),
  session_id: z.string().min(1),
  role: z.string().nullish(),
  agent_name: z.string().nullish(),
  /** `user`, `assistant`, `tool_result`, `handoff`, `session`, `error` (EventCategory), or others. */
  message_type: z.string().min(1),
  content: z.string().nullish(),
  tool_name: z.string().nullish(),
  tool_success: z.boolean().nullish(),
  tool_duration_ms: z.number().nonnegative().nullish(),
  parent_event_id: z.string().nullish(),
  sequence: z.number().int().nonnegative().nullish(),
  okr_id: z.string().nullish(),
  okr_run_id: z.string().nullish(),
  relay_id: z.string().nullish(),
});
export type ChatEvent = z.infer<typeof ChatEvent>;
