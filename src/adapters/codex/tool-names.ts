import { inferToolKind, type ToolKind } from '../../model/tool-kind.js';

/** Codex's own tool names whose kind the generic name rules would get wrong. */
const CODEX_KINDS: Readonly<Record<string, ToolKind>> = {
  shell: 'shell',
  local_shell: 'shell',
  shell_command: 'shell',
  exec_command: 'shell',
  write_stdin: 'shell',
  'container.exec': 'shell',
  apply_patch: 'file_edit',
  view_image: 'file_read',
  read_file: 'file_read',
  list_dir: 'search',
  grep_files: 'search',
  web_search: 'web',
  spawn_agent: 'sub_agent',
  resume_agent: 'sub_agent',
  send_input: 'other',
  wait: 'other',
  close_agent: 'other',
  update_plan: 'other',
};

/** MCP tools are named `mcp__<server>__<tool>`. */
const MCP = /^mcp__(.+?)__(.+)$/;

export function codexToolKind(name: string): ToolKind {
  const known = CODEX_KINDS[name];
  if (known) return known;
  const mcp = MCP.exec(name);
  return inferToolKind(mcp?.[2] ?? name);
}

/** `gen_ai.tool.type`: MCP and hosted tools are extensions, the rest are functions. */
export function codexToolType(name: string): string {
  return MCP.test(name) || name === 'web_search' ? 'extension' : 'function';
}

/** Tools that start a sub-agent thread (their output names the new thread). */
export function isSpawnTool(name: string): boolean {
  return name === 'spawn_agent' || /(^|_)spawn(_|$)/.test(name);
}
