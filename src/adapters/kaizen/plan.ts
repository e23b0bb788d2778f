import { basename } from 'node:path';
import type { SourceUnit } from '../adapter.js';
import { groupByFolder } from '../group-by-folder.js';

const RECORD_NAME = 'session.json';

/** What planning learns for reading a kaizen session folder. */
export interface KaizenHints {
  /** The folder's `session.json`. */
  sessionRecord: string;
  /** The sessions among the inputs (their folders' names): a parent not among them is missing. */
  sessions: string[];
}

/**
 * One read unit per session folder: its events files in name order, then its
 * `session.json` (hints name it, with the sessions among the inputs).
 */
export async function planKaizen(files: string[]): Promise<SourceUnit<KaizenHints>[]> {
  const byFolder = groupByFolder(files);
  // Folders are named after their session: a parent session not among them is missing.
  const sessions = [...byFolder.keys()].map((folder) => basename(folder));
  return [...byFolder].map(([folder, list]) => {
    const record = list.find((f) => basename(f) === RECORD_NAME);
    const events = list.filter((f) => f !== record).sort();
    const unit: SourceUnit<KaizenHints> = { format: 'kaizen', label: folder, files: record ? [...events, record] : events };
    if (record) unit.hints = { sessionRecord: record, sessions };
    return unit;
  });
}
