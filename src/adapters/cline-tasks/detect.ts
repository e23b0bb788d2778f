import { basename } from 'node:path';
import type { Probe } from '../adapter.js';
import { API_FILE, CONTEXT_FILE, METADATA_FILE, UI_FILE } from './task-files.js';

/** The two agents that write task folders. */
export type TaskVariant = 'cline' | 'roo-code';

const UI_HEAD = /^\s*\[\s*(?:\]|\{\s*"ts"\s*:\s*\d+\s*,\s*"type"\s*:\s*"(?:say|ask)")/;
const API_HEAD = /^\s*\[\s*(?:\]|\{\s*"role"\s*:\s*"(?:user|assistant)"\s*,\s*"content"\s*:)/;
const METADATA_HEAD = /^\s*\{\s*"(?:files_in_context|model_usage|environment_history)"\s*:/;
/** `[[<message index>, [<edit type>, ...]], ...]` */
const CONTEXT_HEAD = /^\s*\[\s*(?:\]|\[\s*\d+\s*,\s*\[)/;

/** Marks in the first 64 KiB that only one of the two writes. */
const CLINE_MARKS = [/"conversationHistoryIndex"\s*:/, /"modelInfo"\s*:/, /"metrics"\s*:\s*\{\s*"tokens"/, /"cline_read_date"\s*:/, /"cline_version"\s*:/, /"model_usage"\s*:/];
const ROO_MARKS = [/\\"apiProtocol\\"\s*:/, /"isProtected"\s*:/, /"say"\s*:\s*"(?:subtask_result|condense_context)"/, /"roo_read_date"\s*:/, /\}\s*\]\s*,\s*"ts"\s*:\s*\d+/];

const SHAPES: Record<string, RegExp> = { [UI_FILE]: UI_HEAD, [API_FILE]: API_HEAD, [METADATA_FILE]: METADATA_HEAD, [CONTEXT_FILE]: CONTEXT_HEAD };

/**
 * A file of a Cline-style task folder (`ui_messages.json`,
 * `api_conversation_history.json`, `task_metadata.json`, `context_history.json`: the name, and a head
 * in that file's shape), and which agent wrote it: told by marks only one of
 * them writes; when the head has none, the folder's path (the extension's
 * storage folder) breaks the tie, else Cline, the original.
 */
export function taskFileVariant(probe: Probe): TaskVariant | undefined {
  const name = basename(probe.path);
  const head = probe.head;
  const shape = SHAPES[name];
  if (!shape?.test(head)) return undefined;
  const cline = CLINE_MARKS.some((m) => m.test(head));
  const roo = ROO_MARKS.some((m) => m.test(head));
  if (cline !== roo) return cline ? 'cline' : 'roo-code';
  const path = probe.path.toLowerCase();
  if (path.includes('roo-cline') || path.includes('roo-code')) return 'roo-code';
  return 'cline';
}
