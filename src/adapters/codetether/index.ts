import { dirname } from 'node:path';
import type { AgentEvent } from '../../model/events.js';
import type { Adapter, Probe, ReadContext, SourceUnit } from '../adapter.js';
import { isRecord, readJsonLines } from '../json-lines.js';
import { Clock } from '../record-clock.js';
import { parseRecord } from '../record.js';
import { CodetetherSession, type SessionPreview } from './convert.js';
import { orderRotated } from './rotation.js';
import { ChatEvent } from './schema.js';

/** How many records are read ahead to learn a session's agent name and earliest time. */
const LOOKAHEAD = 256;

/**
 * codetether's chat event stream: a folder per session holding rotated JSONL
 * files, read as one stream in the order of their start byte offsets.
 */
export const codetetherAdapter: Adapter = {
  format: 'codetether',
  agent: 'codetether',
  description: 'codetether chat event streams (<session>/<stamp>-chat-events-<start>-<end>.jsonl)',
  detect: (probe: Probe) => probe.lines.slice(0, 5).some(isChatEvent),
  async plan(files: string[]): Promise<SourceUnit[]> {
    const byFolder = new Map<string, string[]>();
    for (const file of files) {
      const folder = dirname(file);
      const list = byFolder.get(folder);
      if (list) list.push(file);
      else byFolder.set(folder, [file]);
    }
    return [...byFolder].map(([folder, list]) => ({ format: 'codetether', label: folder, files: orderRotated(list) }));
  },
  async *read(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
    const iterator = records(orderRotated(unit.files), ctx)[Symbol.asyncIterator]();
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
      const at = clock.at(n.record.recorded_at);
      if (!at) {
        ctx.warn({ code: 'missing_time', file: n.file, line: n.line, message: 'record has no recorded_at and none came before it; skipped' });
        return [];
      }
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
  },
};

interface Numbered {
  record: ChatEvent;
  file: string;
  line: number;
}

async function* records(files: string[], ctx: ReadContext): AsyncGenerator<Numbered> {
  for (const file of files) {
    for await (const l of readJsonLines(file, ctx.warn, { maxLineBytes: ctx.maxLineBytes })) {
      const record = parseRecord(ChatEvent, l.value, { file, line: l.line }, ctx.warn);
      if (record) yield { record, file, line: l.line };
    }
  }
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

function isChatEvent(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.recorded_at === 'string' &&
    typeof value.session_id === 'string' &&
    typeof value.message_type === 'string' &&
    (typeof value.sequence === 'number' || typeof value.role === 'string')
  );
}
