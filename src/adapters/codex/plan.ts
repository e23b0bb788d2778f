import type { SourceUnit } from '../adapter.js';
import type { WarningSink } from '../../core/diagnostics.js';
import { readLines } from '../../core/line-reader.js';
import { classify } from './records.js';
import { SessionMetaPayload } from './schema.js';
import { originOf } from './session-meta.js';

/** The first line is the session meta; its instructions can be long, but not this long. */
const HEAD_LINE_LIMIT = 16 * 1024 * 1024;

interface Head {
  file: string;
  id?: string;
  parentId?: string;
}

/**
 * One unit per rollout file, except that a sub-agent rollout is grouped with
 * its parent's when both are given (found through `source.subagent.thread_spawn
 * .parent_thread_id` in the child's first line), parent first, so the parent's
 * `spawn_agent` calls are known when the child is read. Deeper descendants join
 * the same unit.
 */
export async function planCodex(files: string[], _warn: WarningSink): Promise<SourceUnit[]> {
  const heads: Head[] = [];
  for (const file of files) heads.push(await readHead(file));
  const byId = new Map<string, Head>();
  for (const head of heads) if (head.id && !byId.has(head.id)) byId.set(head.id, head);
  const children = new Map<string, Head[]>();
  const grouped = new Set<Head>();
  for (const head of heads) {
    const parent = head.parentId ? byId.get(head.parentId) : undefined;
    if (!parent || parent === head || isAncestor(head, parent, byId)) continue;
    const list = children.get(parent.file) ?? [];
    list.push(head);
    children.set(parent.file, list);
    grouped.add(head);
  }
  const units: SourceUnit[] = [];
  for (const head of heads) {
    if (grouped.has(head)) continue;
    const unitFiles = [head.file];
    for (let i = 0; i < unitFiles.length; i++) {
      for (const child of children.get(unitFiles[i] ?? '') ?? []) unitFiles.push(child.file);
    }
    units.push({ format: 'codex', label: head.file, files: unitFiles });
  }
  return units;
}

/** True when `candidate` already descends from `head` (a cycle in corrupt or hand-made files). */
function isAncestor(head: Head, candidate: Head, byId: Map<string, Head>): boolean {
  const seen = new Set<Head>();
  for (let at: Head | undefined = candidate; at && !seen.has(at); at = at.parentId ? byId.get(at.parentId) : undefined) {
    if (at === head) return true;
    seen.add(at);
  }
  return false;
}

/** Thread id and parent thread id from the first non-blank line. */
async function readHead(file: string): Promise<Head> {
  try {
    for await (const line of readLines(file, { maxLineBytes: HEAD_LINE_LIMIT })) {
      if ('overlong' in line) return { file };
      if (line.text.trim() === '') continue;
      const record = classify(JSON.parse(line.text) as unknown);
      const payload =
        record.shape === 'envelope' && record.type === 'session_meta'
          ? record.payload
          : record.shape === 'header'
            ? record.header
            : undefined;
      const meta = SessionMetaPayload.safeParse(payload);
      if (!meta.success) return { file };
      const parentId = originOf(meta.data).parentThreadId;
      return { file, id: meta.data.id, ...(parentId ? { parentId } : {}) };
    }
  } catch {
    // Unreadable, or a first line that is not JSON: reading the unit reports it with file and line.
  }
  return { file };
}
