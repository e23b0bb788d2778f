import type { Adapter } from '../adapter.js';
import { detectEventStore } from './detect.js';
import { readEventStore } from './read.js';

/**
 * An event store export: one `SessionEvent` a line, several sessions
 * interleaved. Each `session_key` is a session (its own trace); records keep
 * file order, and a record without a timestamp takes the previous line's time.
 */
export const eventStoreAdapter: Adapter = {
  format: 'event-store',
  agent: 'event-store',
  description: 'event store session events (events.jsonl, sessions interleaved by session_key)',
  detect: detectEventStore,
  read: readEventStore,
};
