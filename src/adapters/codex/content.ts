import { isRecord } from '../../core/json-lines.js';

/**
 * Text of a Codex content array (`input_text`, `output_text`, `text`,
 * `summary_text`, `reasoning_text` parts). Images and other non-text parts are
 * kept as a `[type]` placeholder so a message never looks emptier than it was.
 */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') {
      parts.push(part);
    } else if (isRecord(part)) {
      if (typeof part.text === 'string') parts.push(part.text);
      else if (typeof part.type === 'string') parts.push(`[${part.type}]`);
    }
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** Reasoning text: the summaries, then any raw reasoning content (encrypted content is opaque). */
export function reasoningText(summary: unknown, content: unknown): string | undefined {
  const texts = [contentText(summary), contentText(content)].filter((t): t is string => t !== undefined);
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

/** Parses a tool's `arguments` string; returns undefined when it is not JSON. */
export function parseJsonArguments(raw: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(raw) };
  } catch {
    return undefined;
  }
}
