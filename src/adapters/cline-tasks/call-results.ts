/**
 * A tool call's result and end: the results the user messages (or the next
 * request's text) carry back, paired with the calls by id or by name in order.
 */
import type { SourceRef } from '../../model/events.js';
import type { Stamp } from '../record-clock.js';
import type { ApiMessage } from './schema.js';
import type { Indexed } from './task-files.js';
import { askedCalls, type AskedCall } from './tool-calls.js';
import { toolResultTexts, type ToolResultText } from './tool-results.js';
import { uiKind, type UiTurn } from './ui-turns.js';

/** A tool call joined from both files: what was asked, when it showed, what came back and when. */
export interface JoinedCall extends AskedCall {
  start: Stamp;
  /** When the result went back to the model (an upper bound of the tool's end). */
  end?: Stamp;
  result?: ToolResultText;
  /** Further results of the same call (a subtask's `[new_task completed]`). */
  more: ToolResultText[];
  source: SourceRef;
}

/** A result and when it went back to the model. */
export interface ResultAt {
  result: ToolResultText;
  at: Stamp;
  used: boolean;
}

/** The results in the user messages after response `r`, up to the next assistant message, each at its message's time. */
export function resultsAfter(api: readonly Indexed<ApiMessage>[], r: number, nextAt: Stamp | undefined): ResultAt[] {
  const out: ResultAt[] = [];
  for (let i = r + 1; i < api.length && api[i]?.value.role === 'user'; i++) {
    const message = api[i]!.value;
    const at: Stamp | undefined = message.ts !== undefined ? { time: message.ts, exact: true } : nextAt;
    if (!at) continue;
    for (const result of toolResultTexts(message)) out.push({ result, at, used: false });
  }
  return out;
}

/** The results a request's text carries (when the API history no longer has the messages: Roo Code's condensed history). */
export function requestResults(next: UiTurn | undefined): ResultAt[] {
  if (!next?.info.request) return [];
  const at: Stamp = { time: next.request.value.ts, exact: false };
  return toolResultTexts({ role: 'user', content: next.info.request }).map((result) => ({ result, at, used: false }));
}

/** Calls known only by their results: one per distinct result (a subtask's two results are one call). */
export function calledByResults(results: readonly ResultAt[], key: number): AskedCall[] {
  const names: string[] = [];
  for (const { result } of results) if (result.name !== '' && !(result.name === 'new_task' && names.includes('new_task'))) names.push(result.name);
  return names.map((name, i) => askedCalls({ role: 'assistant', content: [{ type: 'tool_use', id: `${key}:${name}#${i}`, name }] }, String(key))[0]!);
}

export function finishCall(call: AskedCall, start: Stamp, source: SourceRef, results: ResultAt[], turn: UiTurn): JoinedCall {
  const joined: JoinedCall = { ...call, start, more: [], source };
  const mine = results.filter((r) => !r.used && (r.result.toolUseId !== undefined ? r.result.toolUseId === call.callId : r.result.name === call.name));
  const taken = call.name === 'new_task' ? mine : mine.slice(0, 1);
  for (const r of taken) r.used = true;
  // `[new_task in <mode> mode: ...]` says whether the subtask started; `[new_task completed]` when it ended.
  const main = taken.find((r) => r.result.detail !== 'completed') ?? taken[0];
  if (main) {
    joined.result = main.result;
    joined.more = taken.filter((r) => r !== main).map((r) => r.result);
    joined.end = taken.reduce((a, r) => (r.at.time > a.time ? r.at : a), main.at);
    const subtaskEnd = call.name === 'new_task' ? turn.records.find((r) => uiKind(r.value) === 'subtask_result') : undefined;
    if (subtaskEnd && subtaskEnd.value.ts > joined.end.time) joined.end = { time: subtaskEnd.value.ts, exact: true };
  } else if (call.name === 'attempt_completion') {
    // The last completion of a task has no result: the user did not answer. It ended when it was shown.
    const shown = [...turn.records].reverse().find((r) => uiKind(r.value) === 'completion_result');
    if (shown) joined.end = { time: shown.value.ts, exact: true };
  }
  return joined;
}
