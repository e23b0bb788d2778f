import type { WarningSink } from '../../core/diagnostics.js';
import { readJsonDocument } from '../json-document.js';
import { parseRecord } from '../record.js';
import { ZagIndex, ZagIndexEntry } from './schema.js';

/**
 * Reads zag's `index.json` (one small JSON document, read whole) into its
 * entries by wrapper session id. An unreadable index or entry is a warning;
 * the session files still convert without it.
 */
export async function readZagIndex(file: string, warn: WarningSink): Promise<Map<string, ZagIndexEntry>> {
  const entries = new Map<string, ZagIndexEntry>();
  const index = await readJsonDocument(file, ZagIndex, warn, { code: 'invalid_index', what: 'zag index not readable', outcome: 'ignored' });
  if (!index) return entries;
  index.sessions.forEach((raw, i) => {
    const entry = parseRecord(ZagIndexEntry, raw, { file }, (w) => warn({ ...w, message: `sessions[${i}]: ${w.message}` }));
    if (entry) entries.set(entry.wrapper_session_id, entry);
  });
  return entries;
}
