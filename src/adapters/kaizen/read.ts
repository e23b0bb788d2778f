import type { AgentEvent, SourceRef } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readRecords } from '../read-records.js';
import { reportMissingTime } from '../record-clock.js';
import { reorderBySeq } from '../seq-reorder.js';
import { KaizenSession } from './convert.js';
import type { KaizenHints } from './plan.js';
import { KaizenEvent, type KaizenSessionRecord } from './schema.js';
import { kaizenSessionMeta, readSessionRecord } from './session-record.js';

/** Reads a session folder: the record's session first, events in seq order, the recorded end last. */
export async function* readKaizen(unit: SourceUnit<KaizenHints>, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const recordFile = unit.hints?.sessionRecord;
  const record = recordFile ? await readSessionRecord(recordFile, ctx.warn) : undefined;
  const sessions = unit.hints ? new Set(unit.hints.sessions) : undefined;
  const reader = new KaizenReader(record, recordFile, ctx, sessions);
  yield* reader.begin();
  for (const file of unit.files) if (file !== recordFile) yield* reader.file(file);
  yield* reader.end();
}

class KaizenReader {
  private readonly sessions = new Map<string, KaizenSession>();
  private last: number | undefined;

  constructor(
    private readonly record: KaizenSessionRecord | undefined,
    private readonly recordFile: string | undefined,
    private readonly ctx: ReadContext,
    private readonly known?: ReadonlySet<string>,
  ) {}

  *begin(): Generator<AgentEvent> {
    const r = this.record;
    if (!r || typeof r.started_at_ms !== 'number') return;
    this.last = r.started_at_ms;
    yield* this.start(r.id, r.started_at_ms, { file: this.recordFile!, line: 0 });
  }

  async *file(file: string): AsyncGenerator<AgentEvent> {
    const { warn } = this.ctx;
    const records = readRecords([file], KaizenEvent, this.ctx);
    const ordered = reorderBySeq(records, (r) => r.record.seq ?? undefined, (r) => ({ file, line: r.line }), warn);
    for await (const { record: e, line } of ordered) {
      const time = e.ts_ms ?? this.last;
      if (time === undefined) {
        reportMissingTime({ file, line }, warn, 'event has no ts_ms');
        continue;
      }
      this.last = time;
      const exact = e.ts_ms != null && e.ts_exact !== false;
      const source = { file, line };
      if (!this.sessions.has(e.session_id)) yield* this.start(e.session_id, time, source);
      yield* this.sessions.get(e.session_id)!.convert(e, { time, exact }, source);
    }
    // The input ran out: a call held for a Cost that may still come goes out now.
    for (const session of this.sessions.values()) yield* session.flush();
  }

  /** session.end when the record says the session is done or ended. */
  *end(): Generator<AgentEvent> {
    const r = this.record;
    if (!r || (r.status !== 'Done' && typeof r.ended_at_ms !== 'number')) return;
    const time = r.ended_at_ms ?? this.last;
    if (time === undefined) return;
    if (!this.sessions.has(r.id)) yield* this.start(r.id, r.started_at_ms ?? time, { file: this.recordFile!, line: 0 });
    yield { sessionId: r.id, time, source: { file: this.recordFile!, line: 0 }, type: 'session.end', outcome: 'ok', ...(r.status ? { reason: r.status } : {}) };
  }

  private *start(sessionId: string, time: number, source: SourceRef): Generator<AgentEvent> {
    // The record describes its own session only; other sessions in the folder get the bare agent.
    const record = this.record?.id === sessionId ? this.record : undefined;
    const meta = kaizenSessionMeta(record, this.known);
    this.sessions.set(sessionId, new KaizenSession(sessionId, meta.model));
    yield { sessionId, time, source, type: 'session.start', meta };
  }
}
