import type { AgentEvent } from '../../model/events.js';
import { parseTimestamp } from '../../model/time.js';
import type { ReadContext } from '../adapter.js';
import { isRecord, readJsonLines } from '../../core/json-lines.js';
import { parseRecord, recordKind, reportNotARecord } from '../record.js';
import { handleEventMsg } from './event-msgs.js';
import type { TurnEdge } from './inherited.js';
import { classify } from './records.js';
import { handleResponseItem } from './response-items.js';
import { TokenCountPayload } from './event-schema.js';
import { CompactedPayload, SessionMetaPayload, TurnContextPayload } from './schema.js';
import { RolloutState, type SpawnLinks } from './state.js';
import type { Stamp } from './tools.js';

/**
 * Streams the canonical events of one rollout file (one Codex thread). Lines
 * are read one at a time; the only things kept are open tool calls and the
 * events held back until the model is known (at most a few hundred).
 */
export async function* readRollout(file: string, ctx: ReadContext, links: SpawnLinks): AsyncGenerator<AgentEvent> {
  const s = new RolloutState(file, ctx.warn, links);
  let lastLine = 0;
  const options = ctx.maxLineBytes !== undefined ? { maxLineBytes: ctx.maxLineBytes } : {};
  for await (const { value, line } of readJsonLines(file, ctx.warn, options)) {
    lastLine = line;
    handleLine(s, value, line);
    yield* s.drain();
  }
  finish(s, lastLine);
  yield* s.drain();
}

function handleLine(s: RolloutState, value: unknown, line: number): void {
  const record = classify(value);
  const meta = record.shape === 'header' ? record.header : record.shape === 'envelope' && record.type === 'session_meta' ? record.payload : undefined;
  if (s.sessionId === undefined && isRecord(meta) && typeof meta.id === 'string' && meta.id) s.sessionId = meta.id;
  switch (record.shape) {
    case 'envelope':
      if (inherited(s, record.type, record.payload, record.timestamp, line)) return;
      dispatch(s, record.type, record.payload, s.stamp(line, record.timestamp));
      return;
    case 'header':
      sessionMeta(s, record.header, s.stamp(line, record.header.timestamp));
      return;
    case 'item':
      if (inherited(s, 'response_item', record.item, record.timestamp, line)) return;
      handleResponseItem(s, record.item, s.stamp(line, record.timestamp));
      return;
    case 'state':
      s.skip('record_type:state');
      return;
    case 'other': {
      // Neither an envelope, a response item, a header nor a marker: every Codex record has a `type` string.
      const where = { file: s.file, line };
      if (isRecord(record.value)) recordKind(record.value, 'type', where, s.warn);
      else reportNotARecord(record.value, where, s.warn);
    }
  }
}

function dispatch(s: RolloutState, type: string, payload: unknown, stamp: Stamp): void {
  switch (type) {
    case 'session_meta':
      sessionMeta(s, payload, stamp);
      return;
    case 'turn_context':
      s.input();
      turnContext(s, payload, stamp);
      return;
    case 'response_item':
      handleResponseItem(s, payload, stamp);
      return;
    case 'event_msg':
      handleEventMsg(s, payload, stamp);
      return;
    case 'compacted': {
      s.input();
      const p = parseRecord(CompactedPayload, payload, { file: s.file, line: stamp.source.line }, s.warn);
      if (p) s.compaction(stamp, p.message ?? undefined);
      return;
    }
    default:
      s.emit({ type: 'unknown', ...stamp, kind: type, data: payload });
  }
}

/**
 * The first `session_meta` is the thread's own. A later one with another id
 * starts a block of history copied from that thread (a fork); the same id
 * again (a resumed session) is noted.
 */
function sessionMeta(s: RolloutState, payload: unknown, stamp: Stamp): void {
  const meta = parseRecord(SessionMetaPayload, payload, { file: s.file, line: stamp.source.line }, s.warn);
  if (!meta) return;
  if (s.meta === undefined && !s.isStarted) {
    s.setMeta(meta, stamp);
    return;
  }
  if (meta.id === s.sessionId || meta.id === s.meta?.id) {
    s.skip('session_meta_repeated');
    return;
  }
  s.inherited.enter(meta.id, stamp.time);
  s.inherited.check(stamp.time, undefined);
}

/** The model lives only here; it can change between turns. */
function turnContext(s: RolloutState, payload: unknown, stamp: Stamp): void {
  const p = parseRecord(TurnContextPayload, payload, { file: s.file, line: stamp.source.line }, s.warn);
  s.requestStart = stamp.time;
  const model = p?.model ?? undefined;
  if (!model) return;
  const changed = s.model !== undefined && s.model !== model;
  s.model = model;
  if (!s.isStarted) s.start();
  else if (changed) s.emit({ type: 'state.change', ...stamp, key: 'model', value: model });
}

/** True when the record belongs to history copied from another thread (and is skipped). */
function inherited(s: RolloutState, type: string, payload: unknown, rawTime: unknown, line: number): boolean {
  if (!s.inherited.inside) return false;
  const p = isRecord(payload) ? payload : {};
  const verdict = s.inherited.check(parseTimestamp(rawTime), type === 'event_msg' ? turnEdge(p.type) : undefined);
  if (verdict === 'inside') {
    if (type === 'event_msg' && p.type === 'token_count') {
      const counts = TokenCountPayload.safeParse(p);
      if (counts.success) s.usage.baseline(counts.data);
    }
    return true;
  }
  if (verdict === 'ended') noteInherited(s, s.stamp(line, rawTime));
  return false;
}

function turnEdge(type: unknown): TurnEdge {
  if (type === 'task_started' || type === 'turn_started') return 'start';
  if (type === 'task_complete' || type === 'turn_complete' || type === 'turn_aborted') return 'end';
  return undefined;
}

function noteInherited(s: RolloutState, stamp: Stamp): void {
  s.lifecycle(stamp, 'codex.inherited_history', {
    level: 'info',
    message: `${s.inherited.records} records copied from thread ${s.inherited.from ?? '?'} were not converted again`,
    data: { fromSessionId: s.inherited.from, records: s.inherited.records },
  });
}

/** End of file: results known only from end events, and notes on what was not converted. */
function finish(s: RolloutState, lastLine: number): void {
  if (!s.hasRecords) {
    s.warn({ code: 'no_records', file: s.file, message: 'no Codex records in this file; nothing converted' });
    return;
  }
  const stamp = s.endStamp(lastLine);
  s.input();
  for (const result of s.tools.flush()) s.emit(result);
  if (s.inherited.close()) noteInherited(s, stamp);
  if (s.unparsedArguments > 0) {
    s.lifecycle(stamp, 'codex.unparsed_arguments', {
      level: 'info',
      message: `${s.unparsedArguments} tool call arguments are not valid JSON; kept as raw strings`,
      data: { count: s.unparsedArguments },
    });
  }
  if (s.skipped.size > 0) {
    const total = [...s.skipped.values()].reduce((a, b) => a + b, 0);
    s.lifecycle(stamp, 'codex.skipped_records', {
      level: 'debug',
      message: `${total} records repeat other records or are markers; counted, not converted`,
      data: Object.fromEntries(s.skipped),
    });
  }
  s.start();
}
