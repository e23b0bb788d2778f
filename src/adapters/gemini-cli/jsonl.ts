import type { SourceRef } from '../../model/events.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord, readJsonLines } from '../../core/json-lines.js';
import { parseRecord, reportNotARecord } from '../record.js';
import type { GeminiSession } from './convert.js';
import { GeminiMessage, GeminiRewindRecord, GeminiSessionMeta, GeminiSetRecord } from './schema.js';

type Entry = GeminiSession['messages'][number];

/**
 * Reads an append-only `session-*.jsonl` chat record into the history it
 * describes, replaying it as Gemini CLI does when it resumes a session:
 * - the first line (and any line with `sessionId` + `projectHash`) is metadata;
 * - a line with `id` or `type` is a message (one that does not fit is reported);
 * - a message record whose id was seen before replaces that message in place
 *   (the last copy wins: tokens and tool calls are added by re-appending);
 * - `{"$set": {...}}` merges into the metadata; a `$set` of `messages` replaces
 *   the whole history;
 * - `{"$rewindTo": id}` drops that message and every later one (all of them if
 *   the id is unknown).
 * The file is streamed, but because a later line can change any earlier
 * message, the messages of the session are kept in a map until the end: memory
 * is bounded by the size of one session's history, not by the file.
 */
export async function readJsonlSession(
  file: string,
  warn: WarningSink,
  maxLineBytes?: number,
): Promise<GeminiSession | undefined> {
  let meta: GeminiSessionMeta | undefined;
  let metaSource: SourceRef = { file, line: 1 };
  let history = new Map<string, Entry>();
  const notes: GeminiSession['notes'] = [];

  for await (const { value, line } of readJsonLines(file, warn, { maxLineBytes })) {
    const source = { file, line };
    if (!isRecord(value)) {
      reportNotARecord(value, source, warn);
      continue;
    }
    if ('$rewindTo' in value) {
      const rewind = parseRecord(GeminiRewindRecord, value, source, warn);
      if (!rewind) continue;
      const removed = rewindTo(history, rewind.$rewindTo);
      notes.push({
        kind: 'rewind',
        known: true,
        message: `history rewound to before message ${rewind.$rewindTo}: ${removed} message(s) removed`,
        data: { messageId: rewind.$rewindTo, removed },
        source,
      });
    } else if ('$set' in value) {
      const set = parseRecord(GeminiSetRecord, value, source, warn);
      if (!set) continue;
      const { messages, ...fields } = set.$set;
      if (Array.isArray(messages)) history = replaceHistory(messages, source, warn);
      if (meta) meta = { ...meta, ...fields };
    } else if ('id' in value || 'type' in value) {
      const message = parseRecord(GeminiMessage, value, source, warn);
      if (message) history.set(message.id, { message, source });
    } else if ('sessionId' in value && 'projectHash' in value) {
      const parsed = parseRecord(GeminiSessionMeta, value, source, warn);
      if (parsed && meta) meta = { ...meta, ...parsed };
      else if (parsed) {
        meta = parsed;
        metaSource = source;
      }
    } else {
      notes.push({ kind: 'gemini.record', known: false, message: 'unknown record', data: value, source });
    }
  }
  if (!meta) {
    warn({ code: 'no_session', file, message: 'no session metadata line (sessionId, projectHash); file skipped' });
    return undefined;
  }
  return { file, meta, metaSource, messages: [...history.values()], notes };
}

/** Removes `id` and everything after it; everything when `id` is unknown. Returns the count removed. */
function rewindTo(history: Map<string, Entry>, id: string): number {
  const before = history.size;
  if (!history.has(id)) {
    history.clear();
    return before;
  }
  let found = false;
  for (const key of [...history.keys()]) {
    if (key === id) found = true;
    if (found) history.delete(key);
  }
  return before - history.size;
}

function replaceHistory(messages: unknown[], source: SourceRef, warn: WarningSink): Map<string, Entry> {
  const history = new Map<string, Entry>();
  messages.forEach((raw, index) => {
    const message = parseRecord(GeminiMessage, raw, source, (w) =>
      warn({ ...w, message: `$set.messages[${index}]: ${w.message}` }),
    );
    if (message) history.set(message.id, { message, source });
  });
  return history;
}
