import { z } from 'zod';

/**
 * The files of a Cline task folder (`tasks/<id>/`), shared by Cline and its
 * fork Roo Code. Each file is one JSON document the extension rewrites as the
 * task goes on. Schemas are loose: fields come and go between versions.
 */

/**
 * One record of `ui_messages.json`: what the chat panel shows. `ts` is when
 * the record was created (a streamed record keeps the time of its first part);
 * `say` or `ask` names its kind.
 */
export const UiMessage = z.looseObject({
  ts: z.number().nonnegative(),
  type: z.enum(['say', 'ask']),
  say: z.string().optional(),
  ask: z.string().optional(),
  text: z.string().nullish(),
  partial: z.boolean().optional(),
  /** Cline 3.x: the index of the last API history message when the record was written. */
  conversationHistoryIndex: z.number().int().optional(),
  modelInfo: z.looseObject({ providerId: z.string().optional(), modelId: z.string().optional(), mode: z.string().optional() }).optional(),
  /** Roo Code's `condense_context` record. */
  contextCondense: z
    .looseObject({
      cost: z.number().optional(),
      prevContextTokens: z.number().optional(),
      newContextTokens: z.number().optional(),
      summary: z.string().optional(),
    })
    .optional(),
});
export type UiMessage = z.infer<typeof UiMessage>;

/** A content block of an API message (Anthropic's shape: text, thinking, tool_use, tool_result, image). */
export const ApiBlock = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  thinking: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
});
export type ApiBlock = z.infer<typeof ApiBlock>;

/** One message of `api_conversation_history.json`. Roo Code adds `ts`; Cline 3.x adds `modelInfo`. */
export const ApiMessage = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(z.unknown())]),
  ts: z.number().nonnegative().optional(),
  modelInfo: z.looseObject({ providerId: z.string().optional(), modelId: z.string().optional() }).optional(),
});
export type ApiMessage = z.infer<typeof ApiMessage>;

const count = z.number().nonnegative();

/** The JSON text of an `api_req_started` record: one model request, completed when the response ends. */
export const ApiRequestInfo = z.looseObject({
  request: z.string().optional(),
  tokensIn: count.optional(),
  tokensOut: count.optional(),
  cacheWrites: count.optional(),
  cacheReads: count.optional(),
  cost: z.number().optional(),
  /** Roo Code: `anthropic` (input counted apart from the cache) or `openai` (input includes it). */
  apiProtocol: z.string().optional(),
  /** `streaming_failed` or `user_cancelled`. */
  cancelReason: z.string().nullish(),
  streamingFailedMessage: z.string().nullish(),
});
export type ApiRequestInfo = z.infer<typeof ApiRequestInfo>;

/** `task_metadata.json` (Cline): the models used and the environment (Cline's version among it). */
export const TaskMetadata = z.looseObject({
  files_in_context: z.array(z.unknown()).optional(),
  model_usage: z
    .array(z.looseObject({ ts: z.number().optional(), model_id: z.string().optional(), model_provider_id: z.string().optional(), mode: z.string().optional() }))
    .optional(),
  environment_history: z
    .array(
      z.looseObject({
        ts: z.number().optional(),
        os_name: z.string().optional(),
        os_arch: z.string().optional(),
        host_name: z.string().optional(),
        host_version: z.string().optional(),
        cline_version: z.string().optional(),
      }),
    )
    .optional(),
});
export type TaskMetadata = z.infer<typeof TaskMetadata>;
