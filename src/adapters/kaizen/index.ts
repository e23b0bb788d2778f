import { basename, dirname } from 'node:path';
import type { AgentEvent, SourceRef } from '../../model/events.js';
import type { Adapter, ReadContext, SourceUnit } from '../adapter.js';
import { readJsonLines } from '../json-lines.js';
import { parseRecord } from '../record.js';
import { reorderBySeq } from '../seq-reorder.js';
import { KaizenSession } from './convert.js';
import { detectKaizen } from './detect.js';
import { KaizenEvent, type KaizenSessionRecord } from './schema.js';
import { kaizenSessionMeta, readSessionRecord } from './session-record.js';

const RECORD_NAME = 'session.json';

/**
 * kaizen: `<session_id>/events.jsonl` plus `<session_id>/session.json` (an
 * assumed layout: the seed defines the records, not the files). The service
 * name is the agent kaizen watched, from the session record.
 */
export const kaizenAdapter: Adapter = {
  format: 'kaizen',
  agent: 'kaizen',
  description: 'kaizen event logs (<session>/events.jsonl + <session>/session.json)',
  detect: detectKaizen,
  async plan(files: string[]): Promise<SourceUnit[]> {
    const byFolder = new Map<string, string[]>();
    for (const file of files) {
      const list = byFolder.get(dirname(file)) ?? [];
      list.push(file);
      byFolder.set(dirname(file), list);
    }
    // Folders are named after their session: a parent session not among them is missing.
    const sessions = [...byFolder.keys()].map((folder) => basename(folder));
    return [...byFolder].map(([folder, list]) => {
      const record = list.find((f) => basename(f) === RECORD_NAME);
      const events = list.filter((f) => f !== record).sort();
      const unit: SourceUnit = { format: 'kaizen', label: folder, files: record ? [...events, record] : events };
      if (record) unit.hints = { sessionRecord: record, sessions };
      return unit;
    });
  },
  async *read(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
    const recordFile = typeof unit.hints?.sessionRecord === 'string' ? unit.hints.sessionRecord : undefined;
    const record = recordFile ? await readSessionRecord(recordFile, ctx.warn) : undefined;
    const sessions = Array.isArray(unit.hints?.sessions) ? new Set(unit.hints.sessions.map(String)) : undefined;
    const reader = new KaizenReader(record, recordFile, ctx, sessions);
    yield* reader.begin();
    for (const file of unit.files) if (file !== recordFile) yield* reader.file(file);
    yield* reader.end();
  },
};

/** Reads a session folder: the record's session first, events in seq order, the recorded end last. */
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
    const { warn, maxLineBytes } = this.ctx;
    async function* records(): AsyncGenerator<{ e: KaizenEvent; line: number }> {
      for await (const l of readJsonLines(file, warn, { maxLineBytes })) {
        const e = parseRecord(KaizenEvent, l.value, { file, line: l.line }, warn);
        if (e) yield { e, line: l.line };
      }
    }
    const ordered = reorderBySeq(records(), (r) => r.e.seq ?? undefined, (r) => ({ file, line: r.line }), warn);
    for await (const { e, line } of ordered) {
      const time = e.ts_ms ?? this.last;
      if (time === undefined) {
        warn({ code: 'missing_time', file, line, message: 'event has no ts_ms and none came before it; skipped' });
        continue;
      }
      this.last = time;
      const exact = e.ts_ms != null && e.ts_exact !== false;
      const source = { file, line };
      if (!this.sessions.has(e.session_id)) yield* this.start(e.session_id, time, source);
      yield* this.sessions.get(e.session_id)!.convert(e, { time, exact }, source);
    }
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
