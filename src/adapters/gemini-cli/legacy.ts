import type { WarningSink } from '../../core/diagnostics.js';
import { readJsonDocument } from '../json-document.js';
import { parseRecord } from '../record.js';
import type { GeminiSession } from './convert.js';
import { GeminiLegacyDocument, GeminiMessage } from './schema.js';

/**
 * Reads a legacy `session-*.json` chat record. The whole document is read at
 * once: Gemini CLI rewrites the file as a single JSON document on every update,
 * so there is no line structure to stream. A message that does not fit the
 * schema is warned about (by index) and the others are kept.
 */
export async function readLegacySession(file: string, warn: WarningSink): Promise<GeminiSession | undefined> {
  const doc = await readJsonDocument(file, GeminiLegacyDocument, warn);
  if (!doc) return undefined;
  const source = { file, line: 0 };
  const messages: GeminiSession['messages'] = [];
  doc.messages.forEach((raw, index) => {
    const message = parseRecord(GeminiMessage, raw, { file }, (w) =>
      warn({ ...w, message: `messages[${index}]: ${w.message}` }),
    );
    if (message) messages.push({ message, source });
  });
  return { file, meta: doc, metaSource: source, messages, notes: [] };
}
