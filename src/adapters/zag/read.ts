import type { AgentEvent } from '../../model/events.js';
import { parseTimestamp } from '../../model/time.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readRecords } from '../read-records.js';
import { Clock } from '../record-clock.js';
import { reorderBySeq } from '../seq-reorder.js';
import { ZagSession } from './convert.js';
import { readZagIndex } from './index-file.js';
import type { ZagHints } from './plan.js';
import { ZagLine, type ZagIndexEntry } from './schema.js';

/** Reads each session file with the index entries that describe its sessions. */
export async function* readZag(unit: SourceUnit<ZagHints>, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const index = unit.hints?.index;
  const entries = index ? await readZagIndex(index, ctx.warn) : new Map<string, ZagIndexEntry>();
  for (const file of unit.files) yield* readSessionFile(file, entries, ctx);
}

/** Records in `seq` order, a repeated record skipped; each keeps its own `ts`. */
async function* readSessionFile(
  file: string,
  entries: Map<string, ZagIndexEntry>,
  ctx: ReadContext,
): AsyncGenerator<AgentEvent> {
  const { warn } = ctx;
  const sessions = new Map<string, ZagSession>();
  let clock: Clock | undefined;
  let previous: ZagLine | undefined;
  const records = readRecords([file], ZagLine, ctx);
  const ordered = reorderBySeq(records, (r) => r.record.seq, (r) => ({ file, line: r.line }), warn);
  for await (const { record, line } of ordered) {
    if (previous && isRepeat(previous, record)) {
      warn({ code: 'duplicate_record', file, line, message: `seq ${record.seq} (${record.type}) repeats the record before it; skipped` });
      continue;
    }
    previous = record;
    const id = record.wrapper_session_id;
    // Before the first timed record, the index's start time stands in.
    clock ??= new Clock(parseTimestamp(entries.get(id)?.started_at));
    const at = clock.atOrReport(record.ts, { file, line }, warn, 'record has no timestamp');
    if (!at) continue;
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
