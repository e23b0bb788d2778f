import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { SourceRef } from '../../model/events.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { groupByFolder } from '../group-by-folder.js';
import { readJsonDocument } from '../json-document.js';
import { parseRecord } from '../record.js';
import { ApiMessage, TaskMetadata, UiMessage } from './schema.js';

export const UI_FILE = 'ui_messages.json';
export const API_FILE = 'api_conversation_history.json';
export const METADATA_FILE = 'task_metadata.json';
/** Cline's record of the context edits it made to the history: part of the task, nothing to convert. */
export const CONTEXT_FILE = 'context_history.json';
const TASK_FILES = new Set([UI_FILE, API_FILE, METADATA_FILE, CONTEXT_FILE]);
/** The files that hold a task's history (a folder without either is no task to convert). */
export const HISTORY_FILES: ReadonlySet<string> = new Set([UI_FILE, API_FILE]);

/** A record of a JSON array file, with its place (`line` is the array index, from 0). */
export interface Indexed<T> {
  value: T;
  source: SourceRef;
}

/** What a task folder holds once read: each file's usable elements, in order. */
export interface TaskFiles {
  /** The task id: the folder's name. */
  id: string;
  folder: string;
  ui: Indexed<UiMessage>[];
  api: Indexed<ApiMessage>[];
  metadata?: TaskMetadata;
  uiFile?: string;
  apiFile?: string;
}

/** The task folders among the files, one unit each: the files of a folder that are task files, in a fixed order. */
export function taskFolders(files: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [folder, list] of groupByFolder(files)) {
    const own = list.filter((f) => TASK_FILES.has(basename(f))).sort();
    if (own.length > 0) out.set(folder, own);
  }
  return out;
}

const JsonArray = z.array(z.unknown());

/**
 * Reads a task folder's files. Each array element is checked on its own: one
 * that does not fit is a `schema` warning naming the file and its index
 * (`ui_messages.json[12]`), and the others are kept. A file that is not a JSON
 * array is one warning and is left out.
 */
export async function readTaskFiles(files: readonly string[], warn: WarningSink): Promise<TaskFiles> {
  const folder = dirname(files[0] ?? '.');
  const task: TaskFiles = { id: basename(folder), folder, ui: [], api: [] };
  for (const file of files) {
    const name = basename(file);
    if (name === METADATA_FILE) {
      task.metadata = await readJsonDocument(file, TaskMetadata, warn);
      continue;
    }
    const schema = name === UI_FILE ? UiMessage : name === API_FILE ? ApiMessage : undefined;
    if (!schema) continue;
    const array = await readJsonDocument(file, JsonArray, warn);
    if (!array) continue;
    const kept: Indexed<never>[] = [];
    array.forEach((raw, index) => {
      const source = { file, line: index };
      const value = parseRecord(schema, raw, { file }, (w) => warn({ ...w, message: `${name}[${index}]: ${w.message}` }));
      if (value) kept.push({ value: value as never, source });
    });
    if (name === UI_FILE) {
      task.ui = kept;
      task.uiFile = file;
    } else {
      task.api = kept;
      task.apiFile = file;
    }
  }
  return task;
}
