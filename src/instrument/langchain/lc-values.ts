/**
 * Reading the values LangChain hands its callbacks (messages, run results,
 * errors) without importing LangChain: by shape only, so that a field a
 * version does not have is simply absent, never a crash.
 */
import { isRecord } from '../../core/json-lines.js';

export { isRecord };

/** A string field, when it is a non-empty string. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A count field, when it is a non-negative integer. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A field of an object, or undefined. */
export function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

/** The role of a LangChain message: `human`, `ai`, `system`, `tool`, ... (`getType()` in 1.x, `_getType()` before). */
export function messageType(message: unknown): string | undefined {
  if (!isRecord(message)) return undefined;
  for (const getter of ['getType', '_getType']) {
    const fn = message[getter];
    if (typeof fn === 'function') {
      try {
        const type: unknown = fn.call(message);
        if (typeof type === 'string') return type;
      } catch {
        // a message class whose getter throws: read the fields instead
      }
    }
  }
  return text(message.type) ?? text(message.role);
}

/** The text of a message's content: a string, or the `text` blocks of a block list. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content === '' ? undefined : content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.flatMap((block) => (typeof block === 'string' ? [block] : field(block, 'type') === 'text' && typeof field(block, 'text') === 'string' ? [field(block, 'text') as string] : []));
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** The reasoning a response shows in its content blocks (`reasoning` in LangChain's standard blocks, Anthropic's `thinking`). */
export function reasoningText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const parts = content.flatMap((block) => {
    const type = field(block, 'type');
    const value = type === 'reasoning' ? field(block, 'reasoning') : type === 'thinking' ? field(block, 'thinking') : undefined;
    return typeof value === 'string' && value !== '' ? [value] : [];
  });
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** An error as the live API takes it: an Error or a string, anything else described. */
export function errorValue(error: unknown): Error | string {
  if (error instanceof Error || typeof error === 'string') return error;
  try {
    return String(error);
  } catch {
    return 'unreadable error';
  }
}

/** A LangGraph graph (Pregel: a compiled StateGraph, createReactAgent, langchain's createAgent). */
export function isGraph(serialized: unknown): boolean {
  const id = field(serialized, 'id');
  return Array.isArray(id) && id[0] === 'langgraph' && id[1] === 'pregel';
}

/** The run's name: the name LangChain gives it, else the last part of its class id. */
export function runName(serialized: unknown, name: unknown, fallback: string): string {
  const id = field(serialized, 'id');
  const last: unknown = Array.isArray(id) ? id[id.length - 1] : undefined;
  return text(name) ?? text(field(serialized, 'name')) ?? text(last) ?? fallback;
}
