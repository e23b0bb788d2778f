import { readFile } from 'node:fs/promises';
import type { WarningSink } from '../diagnostics.js';
import { parseRecord } from '../record.js';
import { ZagIndex, ZagIndexEntry } from './schema.js';

/**
 * Reads zag's `index.json` (one small JSON document, read whole) into its
 * entries by wrapper session id. An unreadable index or entry is a warning;
 * the session files still convert without it.
 */
export async function readZagIndex(file: string, warn: WarningSink): Promise<Map<string, ZagIndexEntry>> {
  const entries = new Map<string, ZagIndexEntry>();
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    warn({ code: 'invalid_index', file, message: `zag index not readable (${(error as Error).message}); ignored` });
    return entries;
  }
  const index = parseRecord(ZagIndex, value, { file }, warn);
  if (!index) return entries;
  index.sessions.forEach((raw, i) => {
    const entry = parseRecord(ZagIndexEntry, raw, { file }, (w) => warn({ ...w, message: `sessions[${i}]: ${w.message}` }));
    if (entry) entries.set(entry.wrapper_session_id, entry);
  });
  return entries;
}
