import type { AgentEvent } from '../../model/events.js';
import { isRecord } from '../../core/json-lines.js';
import { parseRecord, recordKind } from '../record.js';
import { assistantEvents, closeResponse } from './assistant.js';
import { otherRecordEvents } from './records.js';
import { ClaudeAssistantRecord, ClaudeUserRecord } from './schema.js';
import type { SessionState } from './session-state.js';
import { userEvents } from './user.js';

/**
 * Turns the records of one session, in file order, into canonical events.
 * `session.start` is the caller's (it needs facts from the whole file); the
 * caller calls `finish` after the last record.
 */
export class SessionConverter {
  constructor(readonly state: SessionState) {}

  /**
   * One record. `timeFallback` is a timestamp to use (as inexact) when the
   * record has none: a subagent step copied into a progress record has the
   * progress record's time.
   */
  record(value: unknown, line: number, timeFallback?: unknown): AgentEvent[] {
    const s = this.state;
    if (!isRecord(value)) return []; // reported by the scan (prescan.ts), which reads every line once
    const where = { file: s.file, line };
    if (recordKind(value, 'type', where, s.warn) === undefined) return [];
    const out: AgentEvent[] = [];
    if (s.pendingCompaction && !(value.type === 'user' && value.isCompactSummary === true)) {
      out.push(s.pendingCompaction);
      s.pendingCompaction = undefined;
    }
    if (value.type === 'user') {
      const rec = parseRecord(ClaudeUserRecord, value, where, s.warn);
      if (rec) out.push(...userEvents(s, rec, line, timeFallback));
    } else if (value.type === 'assistant') {
      const rec = parseRecord(ClaudeAssistantRecord, value, where, s.warn);
      if (rec) out.push(...assistantEvents(s, rec, line, timeFallback));
    } else {
      out.push(...otherRecordEvents(s, value, line));
    }
    return out;
  }

  /** The end of the session's records: the open response and a lone compaction boundary. */
  finish(): AgentEvent[] {
    const s = this.state;
    const out: AgentEvent[] = [...closeResponse(s)];
    if (s.pendingCompaction) out.push(s.pendingCompaction);
    s.pendingCompaction = undefined;
    return out;
  }
}
