import { basename, dirname, join } from 'node:path';

/**
 * Where Claude Code puts a session's files:
 * - `<project>/<session>.jsonl`: the session;
 * - `<project>/agent-<id>.jsonl`: a subagent, next to its parent (2.0.x);
 * - `<project>/<session>/subagents/agent-<id>.jsonl` (+ `agent-<id>.meta.json`): a subagent (2.1.x);
 * - older versions write subagents inline in the session file (`isSidechain: true`).
 */
const AGENT_FILE = /^agent-(.+)\.jsonl$/;
const AGENT_META = /^agent-(.+)\.meta\.json$/;

export function isAgentFile(path: string): boolean {
  return AGENT_FILE.test(basename(path));
}

export function isAgentMetaFile(path: string): boolean {
  return AGENT_META.test(basename(path));
}

/** `agent-a93ccab.jsonl` -> `a93ccab`. */
export function agentIdFromName(path: string): string {
  return AGENT_FILE.exec(basename(path))?.[1] ?? basename(path);
}

/** The parent session named by the folder of a `<session>/subagents/agent-*.jsonl` file. */
export function subfolderRoot(path: string): string | undefined {
  const dir = dirname(path);
  return basename(dir) === 'subagents' ? basename(dirname(dir)) : undefined;
}

/** The `<session>.jsonl` a `<session>/subagents/` file belongs to, by its path. */
export function subfolderParentPath(path: string): string | undefined {
  const root = subfolderRoot(path);
  return root === undefined ? undefined : join(dirname(dirname(dirname(path))), `${root}.jsonl`);
}

/** The folder that holds the subagents of a session file. */
export function subagentsDir(sessionFile: string): string {
  return join(dirname(sessionFile), basename(sessionFile, '.jsonl'), 'subagents');
}

export function metaPathFor(agentFile: string): string {
  return agentFile.replace(/\.jsonl$/, '.meta.json');
}

/** Splits a unit's files into session files, subagent files and subagent meta files. */
export function classifyFiles(files: readonly string[]): { mains: string[]; agents: string[]; metas: Set<string> } {
  const mains: string[] = [];
  const agents: string[] = [];
  const metas = new Set<string>();
  for (const f of files) {
    if (isAgentMetaFile(f)) metas.add(f);
    else if (isAgentFile(f)) agents.push(f);
    else mains.push(f);
  }
  return { mains, agents, metas };
}
