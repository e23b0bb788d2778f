import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { isRecord, readJsonLines } from '../../core/json-lines.js';
import {
  classifyFiles,
  isAgentFile,
  isAgentMetaFile,
  metaPathFor,
  subagentsDir,
  subfolderParentPath,
  subfolderRoot,
} from './layout.js';

const HEAD_RECORDS = 50;

/**
 * Groups each session file with its subagent files, so that one unit reads
 * the session and then its subagents. A session's `<session>/subagents/`
 * folder is looked up on disk even when only the session file was given.
 * Sibling `agent-*.jsonl` files are matched to their session by the
 * `sessionId` their records carry. Subagent files whose session is not among
 * the inputs form a unit of their own (they still convert, unlinked).
 */
export async function planClaudeCode(files: string[], warn: WarningSink): Promise<SourceUnit[]> {
  const all = new Set(files.map((f) => resolve(f)));
  const { mains } = classifyFiles([...all]);
  for (const main of mains) {
    for (const extra of await listSubagents(main)) all.add(extra);
  }
  const { agents, metas } = classifyFiles([...all]);

  const mainByPath = new Map(mains.map((m) => [m, m]));
  const mainBySession = new Map<string, string>();
  for (const main of mains) {
    const sid = await headSessionId(main);
    if (sid !== undefined && !mainBySession.has(sid)) mainBySession.set(sid, main);
  }

  const members = new Map<string, string[]>();
  const orphans = new Map<string, string[]>();
  for (const agent of agents) {
    const byPath = subfolderParentPath(agent);
    const sid = subfolderRoot(agent) ?? (await headSessionId(agent));
    const parent = (byPath ? mainByPath.get(byPath) : undefined) ?? (sid !== undefined ? mainBySession.get(sid) : undefined);
    const group = parent ? members : orphans;
    const key = parent ?? sid ?? agent;
    group.set(key, [...(group.get(key) ?? []), agent]);
  }

  const withMeta = (list: string[]): string[] =>
    list.sort().flatMap((a) => (metas.has(metaPathFor(a)) ? [a, metaPathFor(a)] : [a]));
  const units: SourceUnit[] = mains.sort().map((main) => ({
    format: 'claude-code',
    label: main,
    files: [main, ...withMeta(members.get(main) ?? [])],
  }));
  for (const list of orphans.values()) {
    const sorted = withMeta(list);
    units.push({ format: 'claude-code', label: sorted[0] ?? '', files: sorted });
  }
  const used = new Set(units.flatMap((u) => u.files));
  for (const meta of metas) {
    if (!used.has(meta)) {
      warn({ code: 'orphan_file', file: meta, message: 'subagent meta file without its agent-*.jsonl transcript; ignored' });
    }
  }
  return units.sort((a, b) => a.label.localeCompare(b.label));
}

/** The transcript and meta files in a session's `subagents/` folder (none when it does not exist). */
async function listSubagents(sessionFile: string): Promise<string[]> {
  const dir = subagentsDir(sessionFile);
  try {
    const names = await readdir(dir);
    return names.map((n) => join(dir, n)).filter((p) => isAgentFile(p) || isAgentMetaFile(p));
  } catch {
    return [];
  }
}

/** The `sessionId` of the first records of a file (read as a stream, stopping early). */
async function headSessionId(file: string): Promise<string | undefined> {
  let n = 0;
  for await (const { value } of readJsonLines(file, () => undefined)) {
    if (isRecord(value) && typeof value.sessionId === 'string' && value.sessionId !== '') return value.sessionId;
    if (++n >= HEAD_RECORDS) break;
  }
  return undefined;
}
