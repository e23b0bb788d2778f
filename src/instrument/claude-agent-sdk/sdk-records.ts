/**
 * The Claude Agent SDK streams the messages Claude Code writes to its
 * transcripts, in a slightly different envelope: `session_id` for
 * `sessionId`, `parent_tool_use_id` for a subagent's messages (the transcript
 * marks them `isSidechain`), `tool_use_result` for `toolUseResult`. These
 * functions put a message back into the transcript's record shape, so that
 * the Claude Code adapter's reading of records (src/adapters/claude-code)
 * turns it into canonical events: one understanding of the messages, not two.
 *
 * Every record is stamped with the time the message reached this process:
 * the SDK's own `timestamp` is the CLI host's clock, "for display only" as its
 * types say, while the session's spans are timed by this process's clock.
 */
import { isRecord } from '../../core/json-lines.js';

/** What every transcript record carries. */
interface Envelope {
  uuid?: string;
  sessionId?: string;
  timestamp: string;
  isSidechain: boolean;
}

function envelope(message: Record<string, unknown>, receivedAt: number): Envelope {
  return {
    ...(typeof message.uuid === 'string' ? { uuid: message.uuid } : {}),
    ...(typeof message.session_id === 'string' && message.session_id !== '' ? { sessionId: message.session_id } : {}),
    timestamp: isoTime(receivedAt),
    isSidechain: typeof message.parent_tool_use_id === 'string',
  };
}

/** Epoch milliseconds as an ISO time, rounded up: a record is never stamped before it arrived. */
export function isoTime(ms: number): string {
  return new Date(Math.ceil(ms)).toISOString();
}

/**
 * The transcript record of one SDK message, or undefined for the messages a
 * transcript has no record for (partial stream events, results, status and
 * task notices, ...): the run reads the result itself (see query-run.ts).
 * A user message the SDK echoes back (`isReplay`) was recorded when it was
 * sent, and is not read again.
 */
export function transcriptRecord(message: unknown, receivedAt: number): Record<string, unknown> | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'assistant':
      return {
        ...envelope(message, receivedAt),
        type: 'assistant',
        message: message.message,
        ...(typeof message.request_id === 'string' ? { requestId: message.request_id } : {}),
        ...(message.error !== undefined ? { error: message.error } : {}),
      };
    case 'user':
      if (message.isReplay === true) return undefined;
      return {
        ...envelope(message, receivedAt),
        type: 'user',
        message: message.message,
        ...(message.tool_use_result !== undefined ? { toolUseResult: message.tool_use_result } : {}),
        // Text the CLI composed itself (a skill's instructions, a reminder), as the transcript's isMeta.
        ...(message.isSynthetic === true ? { isMeta: true } : {}),
      };
    case 'system':
      return message.subtype === 'compact_boundary' ? compactBoundary(message, receivedAt) : undefined;
    default:
      return undefined;
  }
}

/** The SDK's `compact_metadata` (snake case) as the transcript's `compactMetadata`. */
function compactBoundary(message: Record<string, unknown>, receivedAt: number): Record<string, unknown> {
  const meta = isRecord(message.compact_metadata) ? message.compact_metadata : {};
  return {
    ...envelope(message, receivedAt),
    type: 'system',
    subtype: 'compact_boundary',
    compactMetadata: {
      ...(typeof meta.trigger === 'string' ? { trigger: meta.trigger } : {}),
      ...(typeof meta.pre_tokens === 'number' ? { preTokens: meta.pre_tokens } : {}),
    },
  };
}

/** The prompt a run was given as text, as the transcript's first user record. */
export function promptRecord(prompt: string, sentAt: number): Record<string, unknown> {
  return { type: 'user', message: { role: 'user', content: prompt }, timestamp: isoTime(sentAt), isSidechain: false };
}
