import type { OpenCodeSession } from './schema.js';

/**
 * Where each session tree of a store ends in reading order: for the index of
 * the last session of a tree (a root and its subagents at any depth), the ids
 * of the whole tree. A session belongs to its parent's tree when the parent
 * was read before it, as the mapper nests it only then; otherwise it roots a
 * tree of its own. A session id read twice stays in the tree it was first
 * read in.
 */
export function treeEnds(sessions: readonly OpenCodeSession[]): Map<number, string[]> {
  const indexOf = new Map<string, number>();
  const rootOf: number[] = [];
  const trees = new Map<number, { ids: string[]; last: number }>();
  sessions.forEach((session, index) => {
    const before = indexOf.get(session.id) ?? (session.parentID ? indexOf.get(session.parentID) : undefined);
    if (!indexOf.has(session.id)) indexOf.set(session.id, index);
    const root = before !== undefined ? (rootOf[before] ?? before) : index;
    rootOf[index] = root;
    const tree = trees.get(root) ?? { ids: [], last: index };
    tree.ids.push(session.id);
    tree.last = index;
    trees.set(root, tree);
  });
  const ends = new Map<number, string[]>();
  for (const { ids, last } of trees.values()) ends.set(last, ids);
  return ends;
}
