import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * OpenCode's JSON storage read with plain JSON.parse, nothing from the
 * adapter, so that the tests check the adapter against an independent reading
 * of the same documents (and can write the same data into a database).
 */

/** The fields of OpenCode storage documents these tests read, as plain JSON. */
export interface RawTokens {
  input: number;
  output: number;
  reasoning: number;
  cache: { read: number; write: number };
}
export interface RawSession {
  id: string;
  projectID: string;
  parentID?: string;
  slug: string;
  title: string;
  version: string;
  directory: string;
  time: { created: number; updated: number };
}
export interface RawMessage {
  id: string;
  sessionID: string;
  role: string;
  time: { created: number; completed?: number };
  modelID?: string;
  providerID?: string;
  tokens?: RawTokens;
  cost?: number;
  error?: { name: string; data: { message: string } };
}
export interface RawPart {
  id: string;
  sessionID: string;
  messageID: string;
  type: string;
  text?: string;
  synthetic?: boolean;
  time?: { start?: number; end?: number };
  callID?: string;
  tool?: string;
  state?: {
    status: string;
    error?: string;
    metadata?: { sessionId?: string; exit?: number };
    time: { start: number; end?: number };
  };
  tokens?: RawTokens;
  cost?: number;
}

/** The fixture storage read with plain JSON.parse: sessions, messages per session, parts per message. */
export function loadOpenCodeStorage(root: string): OpenCodeRaw {
  const readDir = <T>(dir: string): T[] =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .flatMap((n) => {
        try {
          return [JSON.parse(readFileSync(join(dir, n), 'utf8')) as T];
        } catch {
          return [];
        }
      });
  const sessions = readdirSync(join(root, 'session')).flatMap((p) => readDir<RawSession>(join(root, 'session', p)));
  sessions.sort((a, b) => a.time.created - b.time.created);
  const byCreation = (a: RawMessage, b: RawMessage): number => a.time.created - b.time.created;
  const messages = new Map(sessions.map((s) => [s.id, readDir<RawMessage>(join(root, 'message', s.id)).sort(byCreation)]));
  const parts = new Map<string, RawPart[]>();
  for (const list of messages.values()) for (const m of list) parts.set(m.id, readDir<RawPart>(join(root, 'part', m.id)));
  return { sessions, messages, parts };
}

/** Sessions by creation, messages per session by creation, parts per message by id. */
export interface OpenCodeRaw {
  sessions: RawSession[];
  messages: Map<string, RawMessage[]>;
  parts: Map<string, RawPart[]>;
}
