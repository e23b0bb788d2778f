import { contentSize } from './content.js';

/**
 * The message parts of the GenAI semantic conventions (the JSON schemas of
 * `gen_ai.input.messages`, `gen_ai.output.messages` and
 * `gen_ai.system_instructions`) that agent sessions produce.
 */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id: string; response: unknown };

export type MessageRole = 'user' | 'assistant' | 'system' | 'tool';

/** One chat message as the conventions write it: a role, then its parts. */
export interface ChatMessage {
  role: MessageRole;
  parts: MessagePart[];
  finish_reason?: string;
}

/**
 * One piece of a session's conversation as the mapper keeps it until a chat
 * span takes it: its size always, its part only when content is captured.
 */
export interface ContentItem {
  role: MessageRole;
  /** Bytes of the content as the source holds it. */
  size: number;
  part?: MessagePart;
  /** Tool calls and their responses: the call's id. */
  callId?: string;
  /** A tool response: the response that asked for the call, when known. */
  askedBy?: string;
  /** Characters cut from the part's text before it was kept (too long to ever fit). */
  cut?: number;
}

/**
 * Keeps at most `keep` characters of a string (the length limit plus the
 * redaction margin: the rest would be cut anyway), an object as its JSON text
 * when that is longer. Returns the value kept and how much was cut.
 */
export function bounded(value: unknown, keep: number): { value: unknown; cut: number } {
  if (typeof value === 'string') {
    return value.length > keep ? { value: value.slice(0, keep), cut: value.length - keep } : { value, cut: 0 };
  }
  if (value === undefined || value === null || typeof value !== 'object') return { value, cut: 0 };
  if (contentSize(value) <= keep) return { value, cut: 0 };
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    return { value: undefined, cut: 0 };
  }
  return text.length > keep ? { value: text.slice(0, keep), cut: text.length - keep } : { value: text, cut: 0 };
}

/** Groups items into messages: consecutive items of one role make one message. */
export function toMessages(items: readonly ContentItem[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of items) {
    if (!item.part) continue;
    const last = out[out.length - 1];
    if (last && last.role === item.role) last.parts.push(item.part);
    else out.push({ role: item.role, parts: [item.part] });
  }
  return out;
}

/** How many messages the items make (with content capture off too: the parts are not needed to count). */
export function messageCount(items: readonly ContentItem[]): number {
  let count = 0;
  let role: MessageRole | undefined;
  for (const item of items) {
    if (item.role !== role) count++;
    role = item.role;
  }
  return count;
}

export function totalSize(items: readonly ContentItem[]): number {
  return items.reduce((sum, item) => sum + item.size, 0);
}
