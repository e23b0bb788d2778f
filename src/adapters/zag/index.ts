import type { AgentEvent } from '../../model/events.js';
import { parseTimestamp } from '../../model/time.js';
import type { Adapter, ReadContext, SourceUnit } from '../adapter.js';
import { readJsonLines } from '../json-lines.js';
import { Clock } from '../record-clock.js';
import { parseRecord } from '../record.js';
import { reorderBySeq } from '../seq-reorder.js';
import { ZagSession } from './convert.js';
import { detectZag } from './detect.js';
import { readZagIndex } from './index-file.js';
import { planZag } from './plan.js';
import { ZagLine, type ZagIndexEntry } from './schema.js';

/**
 * zag (a wrapper around Claude, Codex, Gemini and Copilot CLIs): one
 * `sessions/<wrapper_session_id>.jsonl` per session plus an optional
 * `index.json`. Records are read in `seq` order; each keeps its own `ts`.
 */
export const zagAdapter: Adapter = {
  format: 'zag',
  agent: 'zag',
  description: 'zag session logs (logs/sessions/<id>.jsonl + logs/index.json)',
  detect: detectZag,
  plan: planZag,
  async *read(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
    const index = typeof unit.hints?.index === 'string' ? unit.hints.index : undefined;
    const entries = index ? await readZagIndex(index, ctx.warn) : new Map<string, ZagIndexEntry>();
    for (const file of unit.files) yield* readSessionFile(file, entries, ctx);
  },
};

interface Numbered {
  record: ZagLine;
  line: number;
}

async function* readSessionFile(
  file: string,
  entries: Map<string, ZagIndexEntry>,
  ctx: ReadContext,
): AsyncGenerator<AgentEvent> {
  const { warn } = ctx;
  async function* records(): AsyncGenerator<Numbered> {
    for await (const l of readJsonLines(file, warn, { maxLineBytes: ctx.maxLineBytes })) {
      const record = parseRecord(ZagLine, l.value, { file, line: l.line }, warn);
      if (record) yield { record, line: l.line };
    }
  }

  const sessions = new Map<string, ZagSession>();
  let clock: Clock | undefined;
  let previous: ZagLine | undefined;
  const ordered = reorderBySeq(records(), (r) => r.record.seq, (r) => ({ file, line: r.line }), warn);
  for await (const { record, line } of ordered) {
    if (previous && isRepeat(previous, record)) {
      warn({ code: 'duplicate_record', file, line, message: `seq ${record.seq} (${record.type}) repeats the record before it; skipped` });
      continue;
    }
    previous = record;
    const id = record.wrapper_session_id;
    // Before the first timed record, the index's start time stands in.
    clock ??= new Clock(parseTimestamp(entries.get(id)?.started_at));
    const at = clock.at(record.ts);
    if (!at) {
      warn({ code: 'missing_time', file, line, message: 'record has no timestamp and none came before it; skipped' });
      continue;
    }
    let session = sessions.get(id);
    if (!session) {
      session = new ZagSession(id, entries.get(id), warn);
      sessions.set(id, session);
    }
    yield* session.convert(record, at, { file, line });
  }
}

/** The same record written twice (same seq, kind and time). */
function isRepeat(a: ZagLine, b: ZagLine): boolean {
  return a.seq !== undefined && a.seq === b.seq && a.type === b.type && a.ts === b.ts;
}
