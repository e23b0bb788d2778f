import type { SourceRef } from '../../model/events.js';
import type { WarningSink } from '../../core/diagnostics.js';
import type { Stamp } from '../record-clock.js';
import type { ApiMessage, ApiRequestInfo, UiMessage } from './schema.js';
import type { Indexed, TaskFiles } from './task-files.js';
import { calledByResults, finishCall, requestResults, resultsAfter, type JoinedCall } from './call-results.js';
import { askedCalls } from './tool-calls.js';
import { pairShownCalls, uiKind, uiTimeline, type UiTurn } from './ui-turns.js';

export type { JoinedCall } from './call-results.js';

/** One model call: its request record (if the ui file has it), its response (if the API history has it), its calls. */
export interface JoinedTurn {
  responseId: string;
  startTime?: number;
  end: Stamp;
  info: ApiRequestInfo;
  request?: Indexed<UiMessage>;
  response?: Indexed<ApiMessage>;
  /** The API message that asked for this request (its text holds the environment details). */
  requestMessage?: ApiMessage;
  calls: JoinedCall[];
  /** The ui records after the request, up to the next one. */
  records: Indexed<UiMessage>[];
  source: SourceRef;
}

export interface JoinedTask {
  /** The ui records before the first request. */
  before: Indexed<UiMessage>[];
  turns: JoinedTurn[];
  /** False when the times come from the API history alone (no ui records). */
  fromUi: boolean;
  /** The task's closing completion, when its last act was one: the time and the record. */
  completed?: { time: number; source: SourceRef };
}

/**
 * Joins a task's two files. With ui records, each `api_req_started` is a
 * model call, paired with its response in the API history by time (Roo
 * Code's messages carry `ts`), else by `conversationHistoryIndex` (Cline 3.x:
 * the response is the message two after the index), else by order. Without
 * ui records, each assistant message with a `ts` is a model call. Returns
 * undefined when nothing has a time.
 */
export function joinTask(task: TaskFiles, warn: WarningSink): JoinedTask | undefined {
  if (task.ui.length > 0) return joinWithUi(task, warn);
  const timed = task.api.filter((m) => m.value.ts !== undefined);
  if (timed.length === 0) return undefined;
  const turns = task.api.flatMap((m, i) => (m.value.role === 'assistant' && m.value.ts !== undefined ? [apiOnlyTurn(task, i)] : []));
  // The last message asks for a completion no one answered: the task ended there.
  const last = turns[turns.length - 1];
  const closing = last?.response === task.api[task.api.length - 1] ? last?.calls.find((c) => c.name === 'attempt_completion') : undefined;
  if (closing) closing.end = closing.start;
  return { before: [], turns, fromUi: false, ...(closing && last ? { completed: { time: closing.start.time, source: last.source } } : {}) };
}

function joinWithUi(task: TaskFiles, warn: WarningSink): JoinedTask {
  const timeline = uiTimeline(task.ui, warn);
  const byTime = task.api.length > 0 && task.api.every((m) => m.value.ts !== undefined);
  const assigned = new Set<number>();
  let lastAssigned = -1;
  const turns = timeline.turns.map((turn, k) => {
    const next = timeline.turns[k + 1];
    const r = responseIndex(task.api, turn, next, byTime, assigned, lastAssigned);
    if (r !== undefined) {
      assigned.add(r);
      lastAssigned = r;
    }
    return joinTurn(task, turn, next, r);
  });
  const closing = turns[turns.length - 1]?.records.find((r) => uiKind(r.value) === 'completion_result');
  return { before: timeline.before, turns, fromUi: true, ...(closing ? { completed: { time: closing.value.ts, source: closing.source } } : {}) };
}

function responseIndex(
  api: readonly Indexed<ApiMessage>[],
  turn: UiTurn,
  next: UiTurn | undefined,
  byTime: boolean,
  assigned: ReadonlySet<number>,
  lastAssigned: number,
): number | undefined {
  const free = (i: number) => api[i]?.value.role === 'assistant' && !assigned.has(i);
  if (byTime) {
    const from = turn.request.value.ts;
    const until = next?.request.value.ts ?? Infinity;
    const i = api.findIndex((m, j) => free(j) && (m.value.ts ?? -1) >= from && (m.value.ts ?? -1) < until);
    return i === -1 ? undefined : i;
  }
  // The index counts the history as written: an element left out as unusable still has its place.
  const h = turn.request.value.conversationHistoryIndex;
  if (h !== undefined) {
    const i = api.findIndex((m) => m.source.line === h + 2);
    return i !== -1 && free(i) ? i : undefined;
  }
  for (let i = lastAssigned + 1; i < api.length; i++) if (free(i)) return i;
  return undefined;
}

function joinTurn(task: TaskFiles, turn: UiTurn, next: UiTurn | undefined, r: number | undefined): JoinedTurn {
  const response = r === undefined ? undefined : task.api[r];
  const nextAt: Stamp | undefined = next ? { time: next.request.value.ts, exact: false } : undefined;
  const end = responseEnd(turn, response, nextAt);
  const results = r === undefined ? requestResults(next) : resultsAfter(task.api, r, nextAt);
  const asked = response ? askedCalls(response.value, callKey(response)) : calledByResults(results, turn.request.value.ts);
  const shown = pairShownCalls(
    asked.map((c) => c.name),
    turn.records,
  );
  const calls = asked.map((call, i) => {
    const record = shown[i];
    const start: Stamp = record ? { time: record.value.ts, exact: true } : { time: end.time, exact: false };
    return finishCall(call, start, record?.source ?? response?.source ?? turn.request.source, results, turn);
  });
  return {
    responseId: `req-${turn.request.value.ts}`,
    startTime: turn.request.value.ts,
    end,
    info: turn.info,
    request: turn.request,
    response,
    requestMessage: r !== undefined ? previousUser(task.api, r) : undefined,
    calls,
    records: turn.records,
    source: turn.request.source,
  };
}

/**
 * When the response ended: its message's `ts` (Roo Code); for a request cut
 * short, the record that followed it; else the first
 * record written once the response was in the history (Cline 3.x: an index
 * two past the request's); else the next request, or the turn's last record
 * (both later than the end: inexact).
 */
function responseEnd(turn: UiTurn, response: Indexed<ApiMessage> | undefined, nextAt: Stamp | undefined): Stamp {
  if (response?.value.ts !== undefined) return { time: response.value.ts, exact: true };
  // A request cut short (`streaming_failed`, `user_cancelled`) ended where the next record says so.
  if (turn.info.cancelReason && turn.records[0]) return { time: turn.records[0].value.ts, exact: false };
  const h = turn.request.value.conversationHistoryIndex;
  if (h !== undefined) {
    const saved = turn.records.find((r) => (r.value.conversationHistoryIndex ?? -Infinity) >= h + 2);
    if (saved) return { time: saved.value.ts, exact: true };
  }
  if (nextAt) return nextAt;
  const last = turn.records[turn.records.length - 1];
  return { time: last?.value.ts ?? turn.request.value.ts, exact: false };
}

/** What names a response's XML calls: its time, else its place in the history as written. */
function callKey(response: Indexed<ApiMessage>): string {
  return response.value.ts !== undefined ? String(response.value.ts) : `m${response.source.line}`;
}

function previousUser(api: readonly Indexed<ApiMessage>[], r: number): ApiMessage | undefined {
  for (let i = r - 1; i >= 0; i--) if (api[i]?.value.role === 'user') return api[i]!.value;
  return undefined;
}

/** A model call known from the API history alone: from the message before it to its own `ts`. */
function apiOnlyTurn(task: TaskFiles, r: number): JoinedTurn {
  const response = task.api[r]!;
  const ts = response.value.ts!;
  const before = task.api[r - 1]?.value.ts;
  const end: Stamp = { time: ts, exact: true };
  const results = resultsAfter(task.api, r, undefined);
  const empty: UiTurn = { request: { value: { ts, type: 'say' }, source: response.source }, info: {}, records: [] };
  const calls = askedCalls(response.value, callKey(response)).map((call) => finishCall(call, end, response.source, results, empty));
  return {
    responseId: `msg-${ts}`,
    ...(before !== undefined && before <= ts ? { startTime: before } : {}),
    end,
    info: {},
    response,
    requestMessage: previousUser(task.api, r),
    calls,
    records: [],
    source: response.source,
  };
}
