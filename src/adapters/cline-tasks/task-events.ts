import type { AgentEvent, SourceRef } from '../../model/events.js';
import type { SessionMeta } from '../../model/session.js';
import { isRecord } from '../../core/json-lines.js';
import { exactness } from '../record-clock.js';
import { requestFinished, requestUsage } from './api-request.js';
import type { JoinedCall, JoinedTask, JoinedTurn } from './join.js';
import type { TaskFiles } from './task-files.js';
import { messageText } from './tool-calls.js';
import { toolOutcome } from './tool-results.js';
import { uiNoteEvents } from './ui-notes.js';
import { uiKind } from './ui-turns.js';

/** What the variant (Cline, Roo Code) says of a model call. */
export interface TurnFacts {
  /** The provider as the semantic conventions name it. */
  provider?: string;
  /** The provider as the agent names it (tells how its tokens are counted). */
  providerId?: string;
  model?: string;
}

export interface TaskEventOptions {
  meta: SessionMeta;
  /** The provider and model of a call. */
  facts: (turn: JoinedTurn) => TurnFacts;
}

/**
 * The canonical events of one task: its start, then per model call the
 * reasoning, the text, the call itself (tokens, cost, the error that cut it
 * short), its tool calls, and the ui records around them (the user's words,
 * errors, condensing); an end when the task's last act was a completion.
 */
export function* taskEvents(task: TaskFiles, joined: JoinedTask, options: TaskEventOptions): Generator<AgentEvent> {
  const sessionId = task.id;
  const start = firstTime(task, joined);
  if (start === undefined) return;
  yield { type: 'session.start', sessionId, time: start.time, source: start.source, meta: options.meta };
  for (const [i, record] of joined.before.entries()) {
    // The first text is the task the user gave.
    if (i === joined.before.findIndex((r) => uiKind(r.value) === 'text') && record.value.text) {
      yield { sessionId, time: record.value.ts, source: record.source, type: 'message', role: 'user', content: record.value.text };
    } else yield* uiNoteEvents(record, sessionId);
  }
  if (!joined.fromUi) {
    const first = task.api[0];
    if (first?.value.role === 'user' && first.value.ts !== undefined) {
      yield { sessionId, time: first.value.ts, source: first.source, type: 'message', role: 'user', content: messageText(first.value) };
    }
  }
  let latest = start.time;
  for (const turn of joined.turns) {
    for (const event of turnEvents(sessionId, turn, options.facts(turn))) {
      latest = Math.max(latest, event.time);
      yield event;
    }
  }
  // The task goes on until its last record, even one that is part of no event (a text shown, a checkpoint).
  const last = lastRecord(task);
  if (last && last.time > latest) yield { sessionId, time: last.time, source: last.source, type: 'lifecycle', name: 'last_record', level: 'debug' };
  const end = joined.completed;
  if (end) yield { sessionId, time: end.time, source: end.source, type: 'session.end', outcome: 'ok', reason: 'completion_result' };
}

function lastRecord(task: TaskFiles): { time: number; source: SourceRef } | undefined {
  let last: { time: number; source: SourceRef } | undefined;
  for (const { value, source } of [...task.ui, ...task.api]) {
    if (value.ts !== undefined && (last === undefined || value.ts > last.time)) last = { time: value.ts, source };
  }
  return last;
}

function firstTime(task: TaskFiles, joined: JoinedTask): { time: number; source: SourceRef } | undefined {
  const ui = task.ui[0];
  if (ui) return { time: ui.value.ts, source: ui.source };
  const api = task.api.find((m) => m.value.ts !== undefined);
  if (api) return { time: api.value.ts!, source: api.source };
  const turn = joined.turns[0];
  return turn ? { time: turn.end.time, source: turn.source } : undefined;
}

function* turnEvents(sessionId: string, turn: JoinedTurn, facts: TurnFacts): Generator<AgentEvent> {
  const { responseId, end, info } = turn;
  const base = { sessionId, time: end.time, ...exactness(end), source: turn.response?.source ?? turn.source };
  const response = turn.response?.value;
  // Reasoning: the response's thinking blocks, else the ui's `reasoning` records (Roo Code keeps it only there).
  const thinking = response && Array.isArray(response.content) ? response.content.filter((b) => isRecord(b) && b.type === 'thinking' && typeof b.thinking === 'string' && b.thinking !== '') : [];
  for (const block of thinking) yield { ...base, type: 'reasoning', content: String((block as { thinking: string }).thinking), responseId };
  if (thinking.length === 0) {
    for (const r of turn.records) {
      if (uiKind(r.value) === 'reasoning' && r.value.text) yield { ...base, time: r.value.ts, timeExact: true, type: 'reasoning', content: r.value.text, responseId };
    }
  }
  const text = response ? messageText(response) : undefined;
  if (text) yield { ...base, type: 'message', role: 'assistant', content: text, responseId };
  const error = info.cancelReason ? `${info.cancelReason}${info.streamingFailedMessage ? `: ${info.streamingFailedMessage}` : ''}` : undefined;
  if (turn.request === undefined || requestFinished(info) || response) {
    const usage = requestUsage(info, facts.providerId);
    yield {
      ...base,
      type: 'model.call',
      responseId,
      ...(turn.startTime !== undefined && turn.startTime <= end.time ? { startTime: turn.startTime } : {}),
      ...(facts.provider ? { provider: facts.provider } : {}),
      ...(facts.model ? { requestModel: facts.model, responseModel: facts.model } : {}),
      ...(usage ? { usage } : {}),
      ...(info.cost !== undefined && info.cost >= 0 ? { costUsd: info.cost } : {}),
      ...(error ? { error } : {}),
      ...(text ? { content: text } : {}),
    };
  }
  for (const call of turn.calls) yield* callEvents(sessionId, call, responseId);
  for (const record of turn.records) yield* uiNoteEvents(record, sessionId);
}

function* callEvents(sessionId: string, call: JoinedCall, responseId: string): Generator<AgentEvent> {
  const { callId, name, kind, toolType } = call;
  const base = { sessionId, source: call.source, callId, name, kind };
  yield { ...base, time: call.start.time, ...exactness(call.start), type: 'tool.call', toolType, input: call.input, responseId };
  if (!call.end) return;
  const at = call.end.time >= call.start.time ? call.end : call.start;
  const outcome = call.result ? toolOutcome(call.result) : { success: true };
  const output = [call.result?.body, ...call.more.map((r) => r.body)].filter((b) => b !== undefined && b !== '').join('\n\n');
  yield {
    ...base,
    time: at.time,
    ...exactness(at),
    type: 'tool.result',
    success: outcome.success,
    ...(outcome.errorType ? { errorType: outcome.errorType } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
    ...(output ? { output } : {}),
  };
}
