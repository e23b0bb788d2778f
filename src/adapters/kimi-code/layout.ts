import { basename, dirname, extname } from 'node:path';

/**
 * Where Kimi Code keeps a session: `sessions/wd_<slug>_<hash>/session_<id>/` holds `state.json`
 * and one `agents/<agent id>/wire.jsonl` per agent (`main`, then `agent-0`, `agent-1`, ... for
 * subagents). Files named otherwise (copies, fixtures) are read as one folder, one agent a file.
 */

/** True when the file sits where Kimi Code writes a wire: `<session>/agents/<agent id>/wire.jsonl`. */
function inAgentFolder(file: string): boolean {
  return basename(file) === 'wire.jsonl' && basename(dirname(dirname(file))) === 'agents';
}

/** The session folder a file belongs to (a wire's or the state.json's). */
export function sessionDirOf(file: string): string {
  return inAgentFolder(file) ? dirname(dirname(dirname(file))) : dirname(file);
}

const SUBAGENT_NAME = /(agent-\d+)$/;

/** The agent a wire file holds: its folder's name, else an `agent-<n>` file-name ending, else undefined (the main agent or unknown). */
export function agentIdOf(file: string): string | undefined {
  if (inAgentFolder(file)) return basename(dirname(file));
  return SUBAGENT_NAME.exec(basename(file, extname(file)))?.[1];
}

/** The session id a folder name implies: `session_<id>` -> `<id>`. */
export function sessionIdOfDir(dir: string): string | undefined {
  const name = basename(dir);
  return name.startsWith('session_') && name.length > 'session_'.length ? name.slice('session_'.length) : undefined;
}
