import { access } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { readZagIndex } from './index-file.js';

/** What planning learns for reading a zag session file. */
export interface ZagHints {
  /** The `index.json` next to the file's `sessions/` folder. */
  index: string;
}

/**
 * One read unit per session file, each with the `index.json` that sits next to
 * its `sessions/` folder when there is one (hint `index`). An index given on its
 * own brings in the session files it lists that exist under its `sessions/`.
 */
export async function planZag(files: string[], warn: WarningSink): Promise<SourceUnit<ZagHints>[]> {
  const sessions: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    sessions.push(file);
  };
  for (const file of files) if (extname(file) !== '.json') add(file);
  for (const file of files) {
    if (extname(file) !== '.json') continue;
    for (const id of (await readZagIndex(file, warn)).keys()) {
      const candidate = join(dirname(file), 'sessions', `${id}.jsonl`);
      if (await exists(candidate)) add(candidate);
    }
  }

  const units: SourceUnit<ZagHints>[] = [];
  for (const file of sessions) {
    const unit: SourceUnit<ZagHints> = { format: 'zag', label: file, files: [file] };
    const index = await indexFor(file);
    if (index) unit.hints = { index };
    units.push(unit);
  }
  return units;
}

/** `<logs>/index.json` for `<logs>/sessions/<id>.jsonl`, when it exists. */
async function indexFor(sessionFile: string): Promise<string | undefined> {
  const folder = dirname(sessionFile);
  if (basename(folder) !== 'sessions') return undefined;
  const index = join(dirname(folder), 'index.json');
  return (await exists(index)) ? index : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
