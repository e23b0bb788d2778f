import type { SourceRef } from '../../model/events.js';
import type { OpenCodeMessage, OpenCodePart, OpenCodeSession } from './schema.js';

/** A stored object and where it came from (`line` 0: a whole file or a database row). */
export interface Stored<T> {
  value: T;
  source: SourceRef;
}

/**
 * The two ways OpenCode stores sessions (JSON files, SQLite) behind one
 * reading interface. Everything comes back ordered as OpenCode orders it:
 * sessions by creation time, messages by creation time then id, parts by id
 * (OpenCode ids sort by creation). Messages and parts are read one session /
 * one message at a time, so memory is bounded by the largest session.
 */
export interface OpenCodeStore {
  sessions(): Promise<Array<Stored<OpenCodeSession>>>;
  messages(sessionId: string): Promise<Array<Stored<OpenCodeMessage>>>;
  parts(messageId: string, sessionId: string): Promise<Array<Stored<OpenCodePart>>>;
  close(): void;
}

/** Orders sessions parents-first: by creation time, then id. */
export function bySessionCreation(a: Stored<OpenCodeSession>, b: Stored<OpenCodeSession>): number {
  return (a.value.time?.created ?? 0) - (b.value.time?.created ?? 0) || compare(a.value.id, b.value.id);
}

export function byMessageCreation(a: Stored<OpenCodeMessage>, b: Stored<OpenCodeMessage>): number {
  return (a.value.time?.created ?? 0) - (b.value.time?.created ?? 0) || compare(a.value.id, b.value.id);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
