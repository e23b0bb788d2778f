import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord } from '../../core/json-lines.js';
import { apiRequestInfo } from './api-request.js';
import type { ApiRequestInfo, UiMessage } from './schema.js';
import type { Indexed } from './task-files.js';

/** One model request in `ui_messages.json`: its `api_req_started` record and the records up to the next one. */
export interface UiTurn {
  request: Indexed<UiMessage>;
  info: ApiRequestInfo;
  /** The records after the request, up to the next request. */
  records: Indexed<UiMessage>[];
}

/** The records before the first request (the task, its first checkpoint) and the turns. */
export interface UiTimeline {
  before: Indexed<UiMessage>[];
  turns: UiTurn[];
}

export function uiKind(record: UiMessage): string {
  return record.say ?? record.ask ?? '';
}

export function uiTimeline(ui: readonly Indexed<UiMessage>[], warn: WarningSink): UiTimeline {
  const timeline: UiTimeline = { before: [], turns: [] };
  for (const record of ui) {
    if (record.value.say === 'api_req_started') {
      timeline.turns.push({ request: record, info: apiRequestInfo(record, warn), records: [] });
      continue;
    }
    const turn = timeline.turns[timeline.turns.length - 1];
    if (turn) turn.records.push(record);
    else timeline.before.push(record);
  }
  return timeline;
}

/**
 * The ui record kinds that show a tool call, by the API's tool name. A name
 * not listed shows as a `tool` record (file reads and edits, searches, lists,
 * Roo Code's todo list, mode switch and subtasks).
 */
const SHOWN_AS: Record<string, readonly string[]> = {
  execute_command: ['command'],
  use_mcp_tool: ['use_mcp_server'],
  access_mcp_resource: ['use_mcp_server'],
  browser_action: ['browser_action_launch', 'browser_action'],
  ask_followup_question: ['followup'],
  attempt_completion: ['completion_result'],
  plan_mode_respond: ['plan_mode_respond'],
  new_task: ['new_task', 'tool'],
  condense: ['condense'],
  summarize_task: ['summarize_task'],
  report_bug: ['report_bug'],
};

/**
 * Pairs a turn's tool calls (API names, in order) with the ui records that
 * showed them: each call takes the first record not taken yet of a kind that
 * shows it. Returns, per call, the record or undefined.
 */
export function pairShownCalls(names: readonly string[], records: readonly Indexed<UiMessage>[]): (Indexed<UiMessage> | undefined)[] {
  const taken = new Set<number>();
  return names.map((name) => {
    const kinds = SHOWN_AS[name] ?? ['tool'];
    const index = records.findIndex((r, i) => !taken.has(i) && kinds.includes(uiKind(r.value)) && r.value.type !== undefined && shows(r.value, name));
    if (index === -1) return undefined;
    taken.add(index);
    return records[index];
  });
}

/** A `tool` record shows `new_task` only when it says `newTask`; other kinds need no check. */
function shows(record: UiMessage, name: string): boolean {
  if (uiKind(record) !== 'tool') return true;
  const tool = toolOfRecord(record);
  return name === 'new_task' ? tool === 'newTask' : tool !== 'newTask';
}

/** The `tool` field of a `tool` record's JSON text. */
export function toolOfRecord(record: UiMessage): string | undefined {
  try {
    const value: unknown = JSON.parse(record.text ?? '');
    return isRecord(value) && typeof value.tool === 'string' ? value.tool : undefined;
  } catch {
    return undefined;
  }
}
