import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readRecords, type NumberedRecord } from '../read-records.js';
import { Clock } from '../record-clock.js';
import { CodetetherSession, type SessionPreview } from './convert.js';
import { orderRotated } from './rotation.js';
import { ChatEvent } from './schema.js';

/** How many records are read ahead to learn a session's agent name and earliest time. */
const LOOKAHEAD = 256;

type Numbered = NumberedRecord<ChatEvent>;

/**
 * Reads a session folder's rotated files as one stream. The first records are
 * read ahead to learn each session's agent name and earliest time.
 */
export async function* readCodetether(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const iterator = readRecords(orderRotated(unit.files), ChatEvent, ctx)[Symbol.asyncIterator]();
  const head: Numbered[] = [];
  while (head.length < LOOKAHEAD) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
  }
  const clock = new Clock();
  const previews = preview(head);
  const sessions = new Map<string, CodetetherSession>();
  const convert = (n: Numbered): AgentEvent[] => {
    const at = clock.atOrReport(n.record.recorded_at, n, ctx.warn, 'record has no recorded_at');
    if (!at) return [];
    const id = n.record.session_id;
    let session = sessions.get(id);
    if (!session) {
      session = new CodetetherSession(id, previews.get(id));
      sessions.set(id, session);
    }
    return session.convert(n.record, at, { file: n.file, line: n.line });
  };
  for (const n of head) yield* convert(n);
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield* convert(next.value);
}

/** Agent name and earliest time per session, from the records read ahead. */
function preview(head: Numbered[]): Map<string, SessionPreview> {
  const out = new Map<string, SessionPreview>();
  const clock = new Clock();
  for (const { record } of head) {
    const p = out.get(record.session_id) ?? {};
    out.set(record.session_id, p);
    p.agentName ??= record.agent_name ?? undefined;
    const at = clock.at(record.recorded_at);
    if (at) {
      const start = at.time - (record.tool_duration_ms ?? 0);
      if (p.start === undefined || start < p.start) p.start = start;
    }
  }
  return out;
}
