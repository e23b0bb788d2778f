import type { ContentPolicy } from './content.js';

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
  /** Secrets redacted in the part when it was kept. */
  redactions?: number;
}

/**
 * The content of a part as it is kept until its span is built, redacted:
 * a string, or an object whose JSON fits the length limit (its strings
 * redacted one by one); a larger object is kept as its JSON text, cut.
 */
export function keptValue(value: unknown, policy: ContentPolicy): { value: unknown; cut: number; redactions: number } {
  if (value === undefined || value === null) return { value: null, cut: 0, redactions: 0 };
  let text: string | undefined;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = undefined;
  }
  // Not serializable (a getter that throws, a cycle, a function): nothing of it is kept.
  if (text === undefined) return { value: null, cut: 0, redactions: 0 };
  if (typeof value !== 'string' && text.length <= policy.maxLength) {
    // A plain copy through JSON (no getters left to run), its strings redacted one by one.
    const before = policy.redacted;
    const clean = redactValue(JSON.parse(text) as unknown, policy);
    return { value: clean, cut: 0, redactions: policy.redacted - before };
  }
  const kept = policy.keep(text);
  return { value: kept.text, cut: kept.cut, redactions: kept.redactions };
}

function redactValue(value: unknown, policy: ContentPolicy): unknown {
  if (typeof value === 'string') return policy.redact(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, policy));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, policy)]));
  }
  return value;
}

/**
 * Groups items into messages: consecutive items of one role make one
 * message, except tool results, one message each (as the conventions'
 * examples write them; Phoenix shows one tool response per message).
 */
export function toMessages(items: readonly ContentItem[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  let previous: ContentItem | undefined;
  for (const item of items) {
    if (!item.part) continue;
    const last = out[out.length - 1];
    if (last && previous && sameMessage(previous, item)) last.parts.push(item.part);
    else out.push({ role: item.role, parts: [item.part] });
    previous = item;
  }
  return out;
}

/** How many messages the items make (with content capture off too: the parts are not needed to count). */
export function messageCount(items: readonly ContentItem[]): number {
  let count = 0;
  let previous: ContentItem | undefined;
  for (const item of items) {
    if (!previous || !sameMessage(previous, item)) count++;
    previous = item;
  }
  return count;
}

function sameMessage(previous: ContentItem, item: ContentItem): boolean {
  return previous.role === item.role && item.role !== 'tool';
}

export function totalSize(items: readonly ContentItem[]): number {
  return items.reduce((sum, item) => sum + item.size, 0);
}
