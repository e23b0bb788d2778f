import type { AgentEvent } from '../../model/events.js';
import type { Adapter, Probe, ReadContext, SourceUnit } from '../adapter.js';
import { isRecord, readJsonLines } from '../json-lines.js';
import { Clock } from '../record-clock.js';
import { parseRecord } from '../record.js';
import { EventStoreSession } from './convert.js';
import { SessionEvent } from './schema.js';

/**
 * An event store export: one `SessionEvent` a line, several sessions
 * interleaved. Each `session_key` is a session (its own trace); records keep
 * file order, and a record without a timestamp takes the previous line's time.
 */
export const eventStoreAdapter: Adapter = {
  format: 'event-store',
  agent: 'event-store',
  description: 'event store session events (events.jsonl, sessions interleaved by session_key)',
  detect: (probe: Probe) => probe.lines.slice(0, 5).some(isSessionEvent),
  async *read(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
    for (const file of unit.files) {
      const clock = new Clock();
      const sessions = new Map<string, EventStoreSession>();
      for await (const l of readJsonLines(file, ctx.warn, { maxLineBytes: ctx.maxLineBytes })) {
        const e = parseRecord(SessionEvent, l.value, { file, line: l.line }, ctx.warn);
        if (!e) continue;
        const at = clock.at(e.timestamp);
        if (!at) {
          ctx.warn({ code: 'missing_time', file, line: l.line, message: 'event has no timestamp and none came before it; skipped' });
          continue;
        }
        let session = sessions.get(e.session_key);
        if (!session) {
          session = new EventStoreSession(e.session_key, ctx.warn);
          sessions.set(e.session_key, session);
        }
        yield* session.convert(e, at, { file, line: l.line });
      }
    }
  },
};

function isSessionEvent(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.session_key === 'string' &&
    typeof value.timestamp === 'string' &&
    'agent_id' in value &&
    isRecord(value.kind) &&
    typeof value.kind.type === 'string'
  );
}
