import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readRecords } from '../read-records.js';
import { Clock } from '../record-clock.js';
import { EventStoreSession } from './convert.js';
import { SessionEvent } from './schema.js';

/**
 * Reads each export file in line order; every `session_key` is a session of
 * its own, and a record without a timestamp takes the previous line's time.
 */
export async function* readEventStore(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
  for (const file of unit.files) {
    const clock = new Clock();
    const sessions = new Map<string, EventStoreSession>();
    for await (const n of readRecords([file], SessionEvent, ctx)) {
      const e = n.record;
      const at = clock.atOrReport(e.timestamp, n, ctx.warn, 'event has no timestamp');
      if (!at) continue;
      let session = sessions.get(e.session_key);
      if (!session) {
        session = new EventStoreSession(e.session_key, ctx.warn);
        sessions.set(e.session_key, session);
      }
      yield* session.convert(e, at, { file, line: n.line });
    }
  }
}
