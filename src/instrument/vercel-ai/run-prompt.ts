import { isRecord } from '../../core/json-lines.js';
import type { LiveSession } from '../../live/live-session.js';
import type { MessageRole } from '../../model/events.js';
import { quietly } from './quietly.js';

const ROLES = new Set<string>(['system', 'user', 'assistant', 'tool']);

/** The text of a message's content: a string, or its text parts joined; undefined when it has none. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (isRecord(content) && typeof content.text === 'string') return content.text;
  if (!Array.isArray(content)) return undefined;
  const texts = content.flatMap((part) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? [part.text] : []));
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/**
 * Records what the run was asked: the system instructions (`system`, or an
 * agent's `instructions`: a string, a system message or a list of them),
 * then the prompt (a string) or each message of `messages` with text in it.
 * They become the first chat span's input (their text kept only with content
 * capture on, their sizes always).
 */
export function recordPrompt(session: LiveSession, call: { system?: unknown; prompt?: unknown; messages?: unknown }): void {
  quietly('prompt', () => {
    for (const instruction of Array.isArray(call.system) ? call.system : [call.system]) {
      const text = contentText(isRecord(instruction) ? instruction.content : instruction);
      if (text !== undefined) session.message('system', text);
    }
    const messages = typeof call.prompt === 'string' ? [{ role: 'user', content: call.prompt }] : Array.isArray(call.prompt) ? call.prompt : Array.isArray(call.messages) ? call.messages : [];
    for (const message of messages) {
      if (!isRecord(message) || typeof message.role !== 'string' || !ROLES.has(message.role)) continue;
      const text = contentText(message.content);
      if (text !== undefined) session.message(message.role as MessageRole, text);
    }
  });
}
