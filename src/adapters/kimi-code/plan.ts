import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { sessionDirOf } from './layout.js';

/** One unit per session folder: its state.json and the wires of all its agents. */
export function planKimiCode(files: string[], _warn: WarningSink): Promise<SourceUnit[]> {
  const bySession = new Map<string, string[]>();
  for (const file of files) {
    const dir = sessionDirOf(file);
    const list = bySession.get(dir);
    if (list) list.push(file);
    else bySession.set(dir, [file]);
  }
  return Promise.resolve([...bySession].map(([dir, list]) => ({ format: 'kimi-code', label: dir, files: list })));
}
